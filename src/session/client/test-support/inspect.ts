/** Reading client messages in tests (used by *.test.ts only). */
import type { Alert, Command, Results, Status, SyncMLMessage } from '../../../syncml/index.ts';

export function statuses(message: SyncMLMessage): Status[] {
  return message.body.filter((command): command is Status => command.kind === 'Status');
}

/** `Cmd:CmdRef=code` for each Status (TargetRef appended when present), SyncHdr included. */
export function statusLines(message: SyncMLMessage): string[] {
  return statuses(message).map(
    (s) => `${s.cmd}:${s.cmdRef}${s.targetRefs[0] === undefined ? '' : `@${s.targetRefs[0]}`}=${s.data}`,
  );
}

export function statusFor(message: SyncMLMessage, cmdRef: string, targetRef?: string): Status | undefined {
  return statuses(message).find(
    (s) =>
      s.cmdRef === cmdRef &&
      s.cmd !== 'SyncHdr' &&
      (targetRef === undefined || s.targetRefs[0] === targetRef),
  );
}

export function results(message: SyncMLMessage): Results[] {
  return message.body.filter((command): command is Results => command.kind === 'Results');
}

export function alerts(message: SyncMLMessage, code?: string): Alert[] {
  return message.body.filter(
    (command): command is Alert => command.kind === 'Alert' && (code === undefined || command.data === code),
  );
}

export function kinds(message: SyncMLMessage): Command['kind'][] {
  return message.body.map((command) => command.kind);
}
