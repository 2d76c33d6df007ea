/**
 * One reconciliation of a job, pure: folds what happened since the job was saved — its commands'
 * claims and outcomes, the OperationComplete results linked to it, a cancel request, the deadline —
 * into its steps, then plans what comes next. The same inputs always give the same outputs (ids are
 * derived, never random), so a reconciliation repeated after a crash or a lost compare-and-set does
 * nothing twice.
 */
import { FINISHED_JOB_STATES } from '../../ports/scomo-store.ts';
import type { ScomoJobRecord, ScomoJobState, ScomoResultRecord } from '../../ports/scomo-store.ts';
import { inventoryJobIdFor } from '../ids.ts';
import type { JobBody } from '../job-model.ts';
import { progressState } from '../transitions.ts';
import { isFinished } from '../vocabulary.ts';
import type { StepKind } from '../vocabulary.ts';
import { Draft } from './draft.ts';
import type { CommandIndex, Effect, Enqueue, Facts, PlannerConfig } from './draft.ts';
import { planNext } from './plan.ts';
import { applyDeliver, applyDevDetail, applyExec, applyResult } from './step-device.ts';
import { applyDiscover } from './step-discover.ts';
import { applyInventory } from './step-inventory.ts';
import type { QueuedCommand } from '../../ports/store.ts';

export interface ReconcileInput {
  readonly job: ScomoJobRecord;
  readonly body: JobBody;
  readonly commands: CommandIndex;
  readonly results: readonly ScomoResultRecord[];
  readonly facts: Facts;
  readonly now: number;
  readonly config: PlannerConfig;
}

export interface ReconcileOutput {
  readonly body: JobBody;
  readonly state: ScomoJobState;
  readonly finishedAt: number | null;
  readonly enqueue: readonly Enqueue[];
  /** Queue ids of commands to cancel (steps cancelled or expired before their commands went out). */
  readonly cancel: readonly string[];
  readonly effects: readonly Effect[];
  /** Whether anything is to be saved or done. */
  readonly changed: boolean;
}

const HANDLERS: Readonly<Record<StepKind, (draft: Draft, index: number, command: QueuedCommand) => void>> = {
  discover: applyDiscover,
  devdetail: applyDevDetail,
  inventory: applyInventory,
  deliver: applyDeliver,
  exec: applyExec,
};

function applyCommands(draft: Draft, commands: CommandIndex): void {
  for (const step of draft.body.steps) {
    for (const id of step.commands) {
      const current = draft.step(step.index);
      if (current.applied.includes(id)) continue;
      const command = commands.get(id);
      if (command === undefined || command.state === 'pending') continue;
      if (isFinished(current.state)) {
        // A late answer to a step already decided (cancelled, failed by a sibling): noted, not applied.
        if (command.state === 'resolved') draft.markApplied(step.index, id);
        continue;
      }
      if (command.state === 'claimed') {
        draft.event(step.index, 'sent');
        continue;
      }
      draft.markApplied(step.index, id);
      if (command.outcome?.kind === 'answered') draft.event(step.index, 'sent');
      HANDLERS[current.kind](draft, step.index, command);
    }
  }
}

function applyResults(draft: Draft, results: readonly ScomoResultRecord[]): void {
  for (const result of results) {
    if (result.step === null) continue;
    const step = draft.body.steps[result.step];
    if (step?.kind === 'exec') applyResult(draft, step.index, result);
  }
}

/** Cancels or expires every open step and the commands of it that have not resolved. */
function closeOpenSteps(
  draft: Draft,
  commands: CommandIndex,
  event: 'cancel' | 'expire',
  detail: string,
): void {
  for (const step of draft.body.steps) {
    if (isFinished(step.state)) continue;
    draft.event(step.index, event, { detail });
    for (const id of step.commands) {
      if (commands.get(id)?.state !== 'resolved' && !draft.cancel.includes(id)) draft.cancel.push(id);
    }
  }
}

export function reconcile(input: ReconcileInput): ReconcileOutput {
  const { job, commands, now } = input;
  const draft = new Draft(job.id, job.devId, input.body, now, input.facts, input.config);
  const wasFinished = FINISHED_JOB_STATES.includes(job.state);
  if (!wasFinished) applyCommands(draft, commands);
  applyResults(draft, input.results);

  let state: ScomoJobState;
  let finishedAt: number | null = job.finishedAt;
  if (wasFinished) {
    // Only a later failing item of a multi-component OperationComplete can still change a finished job.
    state =
      job.state === 'succeeded' && draft.body.steps.some((s) => s.state === 'failed') ? 'failed' : job.state;
  } else {
    const body = draft.body;
    const broken = body.steps.find(
      (s) => s.state === 'failed' || s.state === 'expired' || s.state === 'cancelled',
    );
    if (body.cancelRequested !== null) {
      closeOpenSteps(draft, commands, 'cancel', `cancelled: ${body.cancelRequested}`);
      if (body.error === null)
        body.error = { code: 'SCOMO_SERVER_CANCELLED', message: `Cancelled: ${body.cancelRequested}` };
      draft.final = 'cancelled';
    } else if (body.deadline !== null && now >= body.deadline) {
      const detail = `the job passed its deadline (${new Date(body.deadline).toISOString()})`;
      closeOpenSteps(draft, commands, 'expire', detail);
      if (body.error === null)
        body.error = { code: 'SCOMO_SERVER_EXPIRED', message: `The job expired: ${detail}.` };
      draft.final = 'expired';
    } else if (broken !== undefined) {
      closeOpenSteps(draft, commands, 'cancel', `step ${broken.index} (${broken.kind}) ${broken.state}`);
      draft.final = broken.state === 'failed' ? 'failed' : broken.state;
    } else if (body.steps.every((s) => isFinished(s.state))) {
      planNext(draft);
    }
    if (draft.final !== null) {
      closeOpenSteps(draft, commands, 'cancel', `the job ${draft.final}`);
      finishedAt = now;
    }
    state = draft.final ?? progressState(draft.body.steps);
  }

  const completedOperation = draft.body.steps.some((s) => s.kind === 'exec' && s.results.length > 0);
  if (
    FINISHED_JOB_STATES.includes(state) &&
    draft.body.request.operation !== 'inventory' &&
    completedOperation &&
    draft.body.inventoryJobId === null
  ) {
    // "After every completed operation the server re-reads the inventory" (issue; reference §1.10 step 5).
    draft.body.inventoryJobId = inventoryJobIdFor(job.id);
    draft.effects.push({ type: 'refresh-inventory', jobId: draft.body.inventoryJobId });
  }

  const changed =
    state !== job.state ||
    JSON.stringify(draft.body) !== JSON.stringify(input.body) ||
    draft.enqueue.length > 0 ||
    draft.cancel.length > 0 ||
    draft.effects.length > 0;
  return {
    body: draft.body,
    state,
    finishedAt: FINISHED_JOB_STATES.includes(state) ? (finishedAt ?? now) : null,
    enqueue: draft.enqueue,
    cancel: draft.cancel,
    effects: draft.effects,
    changed,
  };
}
