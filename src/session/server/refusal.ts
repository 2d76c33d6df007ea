import type { SyncMLMessage } from '../../syncml/index.ts';
import { commandStatus, headerStatus, needsStatus } from './statuses.ts';

/**
 * A complete reply that refuses a message outside any session: Status `code` for the SyncHdr and for
 * every command, Final, no commands (the client does not answer, reference §2.1). Used for unknown or
 * disabled devices (403), expired sessions (408), a device busy in another session (417), and
 * messages that cannot start a session (400).
 */
export function refusal(message: SyncMLMessage, code: number): SyncMLMessage {
  const { header } = message;
  const statuses = [
    headerStatus(header.msgID, header, code, null),
    ...message.body.filter(needsStatus).map((command) => commandStatus(header.msgID, command, code)),
  ].map((status, i) => ({ ...status, cmdID: String(i + 1) }));
  return {
    header: {
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionID: header.sessionID,
      msgID: '1',
      target: { locURI: header.source.locURI },
      source: { locURI: header.target.locURI },
    },
    body: statuses,
    final: true,
  };
}

/** Alert 1200 or 1201 in the body: the message opens a session (package #1, reference §2.1). */
export function opensSession(message: SyncMLMessage): boolean {
  return message.body.some(
    (command) =>
      command.kind === 'Alert' && (command.data?.trim() === '1200' || command.data?.trim() === '1201'),
  );
}
