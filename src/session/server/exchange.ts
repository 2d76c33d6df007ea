import type { SyncMLMessage } from '../../syncml/index.ts';
import type { ClientPackage, SessionState } from './state.ts';

/*
 * The exchange of packages over several messages (reference §2.5, §2.8). Two facts decide what our
 * reply may carry and whether it may end the session:
 *  (a) where the client's package stands (`clientPackage`, read from each of its messages);
 *  (b) which Statuses are still owed: ours (the carry) and the client's for our Alert 1222s.
 * Our commands go out only once the client has said everything it had to say; while it is still
 * sending (its own large object above all) we answer Status + Alert 1222 and nothing else, so that
 * nothing of ours gets between the chunks of its object or queues behind them.
 */

/**
 * What the client's message (already taken in) says about its package. A client that sends Alert
 * 1222 has nothing more (the client engine sends it only with an empty reply queue, client
 * DECISIONS.md "Alert 1222 from the client"), so a Status it still owed for one of ours will not
 * come: it is no longer awaited.
 */
export function readClientPackage(draft: SessionState, message: SyncMLMessage): ClientPackage {
  const asksForMore = message.body.some((c) => c.kind === 'Alert' && c.data?.trim() === '1222');
  let state: ClientPackage;
  if (message.final) state = 'closed';
  // Reference §2.8: nothing may come between the chunks of its object.
  else if (draft.incoming !== null) state = 'continues';
  else if (asksForMore) state = 'waiting';
  // The client engine answers our 1222s after its own object is through ("Reply order while our
  // object goes out"): Statuses still owed mean more messages follow.
  else if (draft.awaiting1222.length > 0) state = 'continues';
  // Our package was complete, so a non-final message can only mean the client's package goes on.
  else if (!draft.serverPackageOpen) state = 'continues';
  else state = 'answering';
  if (state === 'closed' || state === 'waiting') draft.awaiting1222 = [];
  return state;
}

/** The client has said all it had to say: our next commands may go out, the session may end. */
export function clientCaughtUp(draft: SessionState): boolean {
  return draft.clientPackage === 'closed' || draft.clientPackage === 'waiting';
}

/** Records the Alert 1222 we send in message `msgId`, to match the client's Status for it. */
export function sent1222(draft: SessionState, msgId: string, cmdId: string): void {
  draft.awaiting1222.push({ msgId, cmdId });
}

/** A client Status for one of our Alert 1222s; false when the Status is for something else. */
export function answered1222(draft: SessionState, msgRef: string, cmdRef: string): boolean {
  const index = draft.awaiting1222.findIndex((a) => a.msgId === msgRef && a.cmdId === cmdRef);
  if (index < 0) return false;
  draft.awaiting1222.splice(index, 1);
  return true;
}

/**
 * Whether our package has more to send after this message: commands or chunks still waiting, or
 * Statuses that did not fit (reference §2.4: Final only on the last message of a package). An
 * Atomic/Sequence step waiting for its answer (quirk no-sequence) is not part of this package.
 */
export function serverPackageOpen(draft: SessionState): boolean {
  const lo = draft.largeObject;
  return (
    draft.carry.length > 0 ||
    (lo !== null && !(lo.sent?.last ?? false)) ||
    draft.outbox.some((e) => e.emulation?.waiting !== true)
  );
}
