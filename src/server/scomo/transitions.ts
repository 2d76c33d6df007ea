/**
 * The one transition function of job steps (STYLE.md "Named states, one transition function") and
 * the job state it sums up to.
 */
import type { ScomoJobState } from '../ports/scomo-store.ts';
import type { JobStep } from './job-model.ts';
import { isFinished, STEP_TRANSITIONS } from './vocabulary.ts';
import type { StepEvent, StepState } from './vocabulary.ts';

export type StepTransition =
  | { readonly applies: true; readonly state: StepState }
  | { readonly applies: false; readonly state: StepState; readonly reason: string };

/** `(state, event) → next state`, or why the event does not apply (nothing changes then). */
export function transitionStep(state: StepState, event: StepEvent): StepTransition {
  const table: Partial<Record<StepEvent, StepState>> = STEP_TRANSITIONS[state];
  const next = table[event];
  if (next === undefined) {
    return { applies: false, state, reason: `event "${event}" does not apply; current state: ${state}` };
  }
  return { applies: true, state: next };
}

type StepChanges = Partial<
  Pick<JobStep, 'status' | 'resultCode' | 'resultMeaning' | 'detail' | 'results' | 'progress'>
>;

/**
 * Applies an event to a step with the facts that came with it. An event that does not apply leaves
 * the step as it was (a late answer to a cancelled step changes nothing).
 */
export function stepEvent(step: JobStep, event: StepEvent, now: number, changes: StepChanges = {}): JobStep {
  const t = transitionStep(step.state, event);
  if (!t.applies) return step;
  const reachedDevice = event === 'sent' || event === 'accept' || event === 'succeed' || event === 'fail';
  return {
    ...step,
    ...changes,
    state: t.state,
    updatedAt: now,
    sentAt: step.sentAt ?? (reachedDevice ? now : null),
    finishedAt: isFinished(t.state) ? now : null,
  };
}

/**
 * A running job's state from its steps: accepted once an Exec was accepted, sent once anything
 * reached the device, else queued. Finished states are decided by the planner, not summed up.
 */
export function progressState(steps: readonly JobStep[]): ScomoJobState {
  if (steps.some((s) => s.state === 'accepted')) return 'accepted';
  if (steps.some((s) => s.state !== 'queued')) return 'sent';
  return 'queued';
}
