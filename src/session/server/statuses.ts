import type { Chal, Command, Status, SyncHdr } from '../../syncml/index.ts';

/**
 * Status commands we send. Their CmdID is assigned when the message is packed (they may wait in the
 * carry for the next message), so they are built with an empty cmdID.
 */
export function commandStatus(msgRef: string, command: Command, code: number, chal?: Chal): Status {
  const status: Status = {
    kind: 'Status',
    cmdID: '',
    msgRef,
    cmdRef: command.cmdID,
    cmd: command.kind,
    targetRefs: [],
    sourceRefs: [],
    data: String(code),
    items: [],
  };
  if (chal !== undefined) status.chal = chal;
  return status;
}

/**
 * Status for the SyncHdr: always the first status of a reply, CmdRef 0, echoing the header's Target
 * and Source (DM 1.2 Protocol §8.4; reference §2.3).
 */
export function headerStatus(msgRef: string, header: SyncHdr, code: number, chal: Chal | null): Status {
  const status: Status = {
    kind: 'Status',
    cmdID: '',
    msgRef,
    cmdRef: '0',
    cmd: 'SyncHdr',
    targetRefs: [header.target.locURI],
    sourceRefs: [header.source.locURI],
    data: String(code),
    items: [],
  };
  if (chal !== null) status.chal = chal;
  return status;
}

/** The status code of a received Status; 0 when its Data is not a three-digit code. */
export function statusCode(status: Status): number {
  const text = status.data.trim();
  return /^\d{3}$/.test(text) ? Number(text) : 0;
}

export function isSuccess(code: number): boolean {
  return code >= 200 && code < 300;
}

/** Commands that get a Status back: all but Status itself and Results (reference §2.5). */
export function needsStatus(command: Command): boolean {
  return command.kind !== 'Status' && command.kind !== 'Results';
}
