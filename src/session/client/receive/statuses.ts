import type { Command, Status } from '../../../syncml/index.ts';
import { isSuccessCode } from '../codes.ts';
import type { SessionData } from '../session-data.ts';

/** The server's Status for our SyncHdr (CmdRef 0), if it sent one. */
export function findHeaderStatus(body: readonly Command[]): Status | undefined {
  for (const command of body) {
    if (command.kind === 'Status' && command.cmdRef.trim() === '0') return command;
  }
  return undefined;
}

/**
 * The server's Statuses for our commands: a queued Generic Alert answered 200 or 202 is acknowledged
 * (reference §2.10), so the agent may drop it; a chunk of our large object answered with an error
 * stops the rest of that object (reference §2.8).
 */
export function applyServerStatuses(data: SessionData, body: readonly Command[]): void {
  for (const command of body) {
    if (command.kind !== 'Status' || command.cmdRef.trim() === '0') continue;
    const track = data.sent.get(`${command.msgRef.trim()}:${command.cmdRef.trim()}`);
    if (track === undefined) continue;
    const code = command.data.trim();
    switch (track.kind) {
      case 'generic-alert':
        if (code === '200' || code === '202') data.summary.acknowledgedAlerts.add(track.id);
        break;
      case 'results-chunk':
        if (!isSuccessCode(code)) track.object.dropped = true;
        break;
    }
  }
}
