/**
 * The `inventory` step (change request flow 5.4.5): `Get <root>/Inventory?list=StructData`; a
 * device that answers 406 (or 501) is walked with plain Gets instead (src/scomo inventory-walk).
 * The result is stored as a snapshot with the changes against the device's previous one.
 */
import {
  advanceInventoryWalk,
  buildInventoryGet,
  diffInventory,
  isEmptyDiff,
  parseInventory,
  startInventoryWalk,
} from '../../../scomo/index.ts';
import type { Inventory, InventoryEntry, InventoryWalk, WalkReply } from '../../../scomo/index.ts';
import type { InventoryMethod } from '../../ports/scomo-store.ts';
import type { AnsweredOutcome, JsonValue, QueuedCommand } from '../../ports/store.ts';
import { scomoServerError } from '../errors.ts';
import { snapshotIdFor } from '../ids.ts';
import { toOperation } from '../to-operation.ts';
import { applyUnanswered, newRound, roundUri } from './common.ts';
import type { Round } from './common.ts';
import type { Draft } from './draft.ts';
import { resultData, statusText } from './outcomes.ts';

/** Statuses by which a device says it does not do `?list=` (DM 1.2 Protocol §6.6.7; reference §1.10). */
const LIST_REFUSED = [406, 501];

type InventoryProgress = {
  readonly method: InventoryMethod;
  readonly root: string;
  readonly walk: InventoryWalk | null;
  readonly round: Round<WalkReply>;
  /** The inventory read, once done (the planner of target operations reads it). */
  readonly inventory: Inventory | null;
};

function progressOf(value: JsonValue | null): InventoryProgress {
  const ok =
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value['root'] === 'string';
  if (!ok) throw scomoServerError('SCOMO_SERVER_JOB_CORRUPT', 'An inventory step lost its progress.');
  // Written by this module from these types.
  return value as unknown as InventoryProgress;
}

function save(draft: Draft, index: number, progress: InventoryProgress): void {
  draft.setStep({ ...draft.step(index), progress: progress as unknown as JsonValue });
}

/** The inventory an inventory step of this job read, if it finished. */
export function inventoryOfStep(progress: JsonValue | null): Inventory | null {
  return progress === null ? null : progressOf(progress).inventory;
}

export function startInventory(draft: Draft, root: string): void {
  const get = buildInventoryGet({ root });
  const index = draft.addStep('inventory', `read the inventory of ${root}`, get.map(toOperation));
  const step = draft.step(index);
  save(draft, index, {
    method: 'structdata',
    root,
    walk: null,
    round: {
      pending: step.commands.map((id) => ({ id, uri: `${root}/Inventory?list=StructData` })),
      replies: [],
    },
    inventory: null,
  });
}

function entriesOf(outcome: AnsweredOutcome): InventoryEntry[] {
  return outcome.results.flatMap((r) => {
    if (r.source === null) return [];
    const data = resultData(r);
    return [
      {
        uri: r.source,
        ...(r.format === null ? {} : { format: r.format }),
        ...(data === undefined ? {} : { data }),
      },
    ];
  });
}

function summary(inventory: Inventory, changes: ReturnType<typeof diffInventory> | null): string {
  const counts = `${inventory.deployed.length} deployed component(s), ${inventory.delivered.length} delivered package(s)`;
  if (changes === null) return `${counts}; first inventory of the device`;
  if (isEmptyDiff(changes)) return `${counts}; no change`;
  return (
    `${counts}; +${changes.added.length} −${changes.removed.length} ~${changes.changed.length} components, ` +
    `+${changes.deliveredAdded.length} −${changes.deliveredRemoved.length} packages`
  );
}

function finish(
  draft: Draft,
  index: number,
  progress: InventoryProgress,
  entries: readonly InventoryEntry[],
  extraProblems: readonly string[],
  status: number,
): void {
  const parsed = parseInventory(entries, { root: progress.root });
  const inventory: Inventory = { ...parsed, problems: [...parsed.problems, ...extraProblems] };
  const previous = draft.facts.latestInventory?.inventory ?? null;
  const changes = previous === null ? null : diffInventory(previous, inventory);
  draft.effects.push({
    type: 'snapshot',
    snapshot: {
      id: snapshotIdFor(draft.jobId, index),
      devId: draft.devId,
      takenAt: draft.now,
      root: progress.root,
      method: progress.method,
      jobId: draft.jobId,
      // Plain data built by src/scomo from strings and numbers.
      inventory: inventory as unknown as JsonValue,
      changes: changes as unknown as JsonValue,
    },
  });
  save(draft, index, { ...progress, round: { pending: [], replies: [] }, inventory });
  draft.event(index, 'succeed', { status, detail: summary(inventory, changes) });
}

export function applyInventory(draft: Draft, index: number, command: QueuedCommand): void {
  const outcome = command.outcome;
  if (outcome === null) return;
  const progress = progressOf(draft.step(index).progress);
  const uri = roundUri(progress.round, command.id);
  if (uri === undefined) return;
  if (applyUnanswered(draft, index, outcome, `Get ${uri}`)) return;
  if (outcome.kind !== 'answered') return;
  if (progress.method === 'structdata') {
    if (outcome.status === 200) {
      finish(draft, index, progress, entriesOf(outcome), [], outcome.status);
      return;
    }
    if (LIST_REFUSED.includes(outcome.status)) {
      const walk = startInventoryWalk(progress.root);
      save(draft, index, { ...progress, method: 'walk', walk, round: newRound(draft, index, walk.pending) });
      draft.setStep({
        ...draft.step(index),
        status: outcome.status,
        detail: `?list=StructData answered ${statusText(outcome.status)}: walking the tree with plain Gets`,
      });
      return;
    }
    if (outcome.status === 404) draft.effects.push({ type: 'forget-root' });
    draft.failStep(index, 'SCOMO_SERVER_DEVICE_STATUS', `Get ${uri} answered ${statusText(outcome.status)}`, {
      status: outcome.status,
    });
    return;
  }
  const result = outcome.results[0];
  const data = result === undefined ? undefined : resultData(result);
  const reply: WalkReply = {
    uri,
    status: outcome.status,
    ...(result?.format === null || result?.format === undefined ? {} : { format: result.format }),
    ...(data === undefined ? {} : { data }),
  };
  const replies = [...progress.round.replies, reply];
  if (replies.length < progress.round.pending.length) {
    save(draft, index, { ...progress, round: { ...progress.round, replies } });
    return;
  }
  if (progress.walk === null)
    throw scomoServerError('SCOMO_SERVER_JOB_CORRUPT', 'An inventory walk lost its state.');
  const walk = advanceInventoryWalk(progress.walk, replies);
  if (!walk.done) {
    save(draft, index, { ...progress, walk, round: newRound(draft, index, walk.pending) });
    return;
  }
  finish(draft, index, { ...progress, walk }, walk.entries, walk.problems, outcome.status);
}
