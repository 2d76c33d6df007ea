import type { Status } from '../../../syncml/index.ts';
import { answered1222 } from '../exchange.ts';
import { findSent } from '../in-flight.ts';
import { acceptHeaderStatus } from '../server-cred.ts';
import { statusCode } from '../statuses.ts';
import { chunkStatus } from '../large-object.ts';
import type { IntakeContext } from './context.ts';

/** A Status from the client: for our SyncHdr, a large-object chunk, or a command we sent. */
export function handleStatus(ctx: IntakeContext, status: Status): void {
  const code = statusCode(status);
  const msgRef = status.msgRef.trim() === '' ? String(ctx.draft.serverMsgId) : status.msgRef.trim();
  const cmdRef = status.cmdRef.trim();
  ctx.draft.finalStatuses.push({ cmd: status.cmd, status: code });
  // DM 1.2 Protocol §8.4: Status for SyncHdr always has CmdRef 0.
  if (cmdRef === '0') {
    if (acceptHeaderStatus(ctx.draft, status, code, ctx.effects)) ctx.headerRejected = true;
    return;
  }
  // Reference §2.5: the client answers our Alert 1222 too; until it has, its package is not done.
  if (answered1222(ctx.draft, msgRef, cmdRef)) return;
  if (chunkStatus(ctx, msgRef, cmdRef, code)) return;
  const found = findSent(ctx.draft, msgRef, cmdRef);
  // A Status for something we did not track (a stale message) needs no action.
  if (found === null) return;
  if (ctx.headerRejected && (code === 401 || code === 407) && found.node === found.entry.node) {
    requeue(ctx, found.entry.queueId);
    return;
  }
  const refs = status.targetRefs.length > 0 ? status.targetRefs : [null];
  for (const targetRef of refs) found.node.statuses.push({ targetRef, status: code });
}

/**
 * The client did not execute a command because it refused our credentials: send it again, first,
 * once new credentials are presented.
 */
function requeue(ctx: IntakeContext, queueId: string): void {
  const draft = ctx.draft;
  const index = draft.inFlight.findIndex((e) => e.queueId === queueId);
  const entry = draft.inFlight[index];
  if (entry === undefined) return;
  draft.inFlight.splice(index, 1);
  if (entry.step !== null) {
    const owner = draft.outbox.find((e) => e.queueId === queueId);
    if (owner?.emulation) owner.emulation.waiting = false;
    return;
  }
  draft.outbox.splice(ctx.requeued, 0, { queueId, operation: entry.operation, emulation: null });
  ctx.requeued += 1;
}
