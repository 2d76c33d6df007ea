/**
 * The `discover` step: finds the device's SCOMO root by its Type property (reference §1.1) by
 * driving src/scomo's pure discovery planner one round of Gets at a time.
 */
import { advanceDiscovery, SCOMO_MO_IDS, startDiscovery } from '../../../scomo/index.ts';
import type { Discovery, DiscoveryReply } from '../../../scomo/index.ts';
import type { AnsweredOutcome, JsonValue, QueuedCommand } from '../../ports/store.ts';
import { scomoServerError } from '../errors.ts';
import { applyUnanswered, newRound, roundUri } from './common.ts';
import type { Round } from './common.ts';
import type { Draft } from './draft.ts';
import { resultText } from './outcomes.ts';

type DiscoverProgress = { readonly discovery: Discovery; readonly round: Round<DiscoveryReply> };

function progressOf(value: JsonValue | null): DiscoverProgress {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value['discovery'] === 'object' &&
    typeof value['round'] === 'object';
  if (!ok) throw scomoServerError('SCOMO_SERVER_JOB_CORRUPT', 'A discover step lost its progress.');
  // Written by this module from these types.
  return value as unknown as DiscoverProgress;
}

function save(draft: Draft, index: number, progress: DiscoverProgress): void {
  draft.setStep({ ...draft.step(index), progress: progress as unknown as JsonValue });
}

export function startDiscover(draft: Draft): void {
  const discovery = startDiscovery();
  const index = draft.addStep('discover', 'find the SCOMO root by its Type property', []);
  save(draft, index, { discovery, round: newRound(draft, index, discovery.gets) });
}

function replyOf(uri: string, outcome: AnsweredOutcome): DiscoveryReply {
  const data = resultText(outcome.results[0]);
  return {
    uri,
    status: outcome.status,
    ...(data === undefined ? {} : { data }),
    entries: outcome.results.map((r) => ({
      uri: r.source ?? '',
      ...(r.format === null ? {} : { format: r.format }),
      ...(r.type === null ? {} : { type: r.type }),
    })),
  };
}

export function applyDiscover(draft: Draft, index: number, command: QueuedCommand): void {
  const outcome = command.outcome;
  if (outcome === null) return;
  const progress = progressOf(draft.step(index).progress);
  const uri = roundUri(progress.round, command.id);
  if (uri === undefined) return;
  if (applyUnanswered(draft, index, outcome, `Get ${uri}`)) return;
  if (outcome.kind !== 'answered') return;
  const replies = [...progress.round.replies, replyOf(uri, outcome)];
  if (replies.length < progress.round.pending.length) {
    save(draft, index, { ...progress, round: { ...progress.round, replies } });
    return;
  }
  const next = advanceDiscovery(progress.discovery, replies);
  if (next.phase !== 'done') {
    save(draft, index, { discovery: next, round: newRound(draft, index, next.gets) });
    return;
  }
  if (next.root === undefined) {
    save(draft, index, { discovery: next, round: { pending: [], replies: [] } });
    draft.failStep(
      index,
      'SCOMO_SERVER_NO_SCOMO_ROOT',
      `The device has no node whose Type is ${Object.values(SCOMO_MO_IDS).join(' or ')} (asked: ${next.probed.join(', ')}).`,
    );
    return;
  }
  draft.body.root = next.root;
  draft.effects.push({ type: 'root', root: next.root, moVersion: next.version ?? null });
  save(draft, index, { discovery: next, round: { pending: [], replies: [] } });
  // The status shown is the Type probe's that found the root (a later probe may have been 404).
  draft.event(index, 'succeed', { status: 200, detail: `SCOMO root ${next.root}` });
}
