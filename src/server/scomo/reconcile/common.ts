import type { Operation } from '../../../session/index.ts';
import type { AnsweredOutcome, CommandOutcome } from '../../ports/store.ts';
import type { Draft } from './draft.ts';
import { unansweredText } from './outcomes.ts';

/** One plain Get (DM 1.2 Protocol §6.6.7). */
export function getOperation(uri: string): Operation {
  return { kind: 'Get', items: [{ target: uri }] };
}

/**
 * A command of the step got no answer: a delivery failure fails the step, an expired command expires
 * it, a cancelled one cancels it. Returns false when the outcome was an answer (nothing done).
 */
export function applyUnanswered(
  draft: Draft,
  index: number,
  outcome: CommandOutcome,
  what: string,
): outcome is Exclude<CommandOutcome, AnsweredOutcome> {
  if (outcome.kind === 'answered') return false;
  const detail = unansweredText(outcome, what);
  if (outcome.kind === 'failed') draft.failStep(index, 'SCOMO_SERVER_DELIVERY', detail);
  else if (outcome.kind === 'expired') {
    draft.event(index, 'expire', { detail });
    if (draft.body.error === null) draft.body.error = { code: 'SCOMO_SERVER_EXPIRED', message: detail };
  } else {
    draft.event(index, 'cancel', { detail });
    if (draft.body.error === null) draft.body.error = { code: 'SCOMO_SERVER_CANCELLED', message: detail };
  }
  return true;
}

/** A round of Gets whose answers are collected before the planner moves on. */
export type Round<R> = {
  readonly pending: readonly { readonly id: string; readonly uri: string }[];
  readonly replies: readonly R[];
};

export function newRound<R>(draft: Draft, index: number, uris: readonly string[]): Round<R> {
  const ids = draft.addCommands(index, uris.map(getOperation));
  return { pending: ids.map((id, i) => ({ id, uri: uris[i] ?? '' })), replies: [] };
}

/** The URI a round's command asked for, or undefined when it is not part of the round. */
export function roundUri<R>(round: Round<R>, queueId: string): string | undefined {
  return round.pending.find((p) => p.id === queueId)?.uri;
}
