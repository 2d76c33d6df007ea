import { failed } from './outcome.ts';
import type { AnsweredOutcome, CommandOutcome } from './outcome.ts';
import type { InFlight, OutboxEntry, SentNode, SessionState } from './state.ts';
import { isSuccess } from './statuses.ts';
import type { Effect } from './types.ts';

/** The sent command (or Atomic/Sequence child) a Status or Results refers to, by MsgRef + CmdRef. */
export function findSent(
  draft: SessionState,
  msgRef: string,
  cmdRef: string,
): { entry: InFlight; node: SentNode } | null {
  for (const entry of draft.inFlight) {
    if (entry.msgId !== msgRef) continue;
    const node = findNode(entry.node, cmdRef);
    if (node !== null) return { entry, node };
  }
  return null;
}

function findNode(node: SentNode, cmdRef: string): SentNode | null {
  if (node.cmdId === cmdRef) return node;
  for (const child of node.children) {
    const found = findNode(child, cmdRef);
    if (found !== null) return found;
  }
  return null;
}

/** Everything the device owes has arrived: Status for the command and each child, Results for a Get. */
function complete(node: SentNode): boolean {
  const first = node.statuses[0];
  if (first === undefined) return false;
  if (node.expectsResults && isSuccess(first.status) && node.results.length === 0) return false;
  return node.children.every(complete);
}

function anyStatus(node: SentNode): boolean {
  return node.statuses.length > 0 || node.children.some(anyStatus);
}

export function toOutcome(node: SentNode): AnsweredOutcome {
  return {
    kind: 'answered',
    status: node.statuses[0]?.status ?? 0,
    itemStatuses: node.statuses,
    results: node.results,
    children: node.children.map(toOutcome),
  };
}

/**
 * Resolves the commands whose answers are complete. When the client closed its package
 * (`clientFinal`) nothing more will come for what we sent: a command with some Status resolves with
 * what arrived; one with none is a protocol failure (DM 1.2 Protocol §8.3: every command is answered).
 */
export function resolveAnswered(draft: SessionState, effects: Effect[], clientFinal: boolean): void {
  const remaining: InFlight[] = [];
  for (const entry of draft.inFlight) {
    let outcome: CommandOutcome | null = null;
    if (complete(entry.node) || (clientFinal && anyStatus(entry.node))) outcome = toOutcome(entry.node);
    else if (clientFinal) {
      outcome = failed(
        'SCOMO_SESSION_STATUS_MISSING',
        `The client closed its package without a Status for our ${entry.node.kind} (MsgID ${entry.msgId}, CmdID ${entry.node.cmdId}).`,
      );
    }
    if (outcome === null) remaining.push(entry);
    else if (entry.step === null) resolveQueued(draft, effects, entry.queueId, outcome);
    else advanceEmulation(draft, effects, entry.queueId, outcome);
  }
  draft.inFlight = remaining;
}

export function resolveQueued(
  draft: SessionState,
  effects: Effect[],
  queueId: string,
  outcome: CommandOutcome,
): void {
  draft.stats.commandsResolved += 1;
  effects.push({ type: 'resolve', queueId, outcome });
}

const NOT_EXECUTED: AnsweredOutcome = {
  kind: 'answered',
  status: 215,
  itemStatuses: [],
  results: [],
  children: [],
};

/**
 * One step of a Sequence sent child by child (quirk no-sequence) has its answer. A failed step ends
 * the Sequence: the rest count as 215 (not executed), as a device aborting a Sequence reports them
 * (reference §2.3).
 */
function advanceEmulation(
  draft: SessionState,
  effects: Effect[],
  queueId: string,
  outcome: CommandOutcome,
): void {
  const index = draft.outbox.findIndex((e) => e.queueId === queueId);
  const entry: OutboxEntry | undefined = draft.outbox[index];
  if (entry === undefined || entry.emulation === null || entry.operation.kind !== 'Sequence') return;
  const emulation = entry.emulation;
  const total = entry.operation.operations.length;
  if (outcome.kind !== 'answered') {
    draft.outbox.splice(index, 1);
    resolveQueued(draft, effects, queueId, outcome);
    return;
  }
  emulation.outcomes.push(outcome);
  emulation.next += 1;
  emulation.waiting = false;
  if (!isSuccess(outcome.status)) {
    while (emulation.outcomes.length < total) emulation.outcomes.push(NOT_EXECUTED);
  }
  if (emulation.outcomes.length >= total) {
    draft.outbox.splice(index, 1);
    resolveQueued(draft, effects, queueId, {
      kind: 'answered',
      status: 200,
      itemStatuses: [],
      results: [],
      children: emulation.outcomes,
    });
  }
}
