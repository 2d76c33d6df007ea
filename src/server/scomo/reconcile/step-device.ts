/**
 * The steps that act on the device: `deliver` (the Add of Download/<x> or Delivered/<x> with its
 * leaves, and over DM the Replace of Data, reference §1.10), `exec` (one SCOMO operation, answered
 * 202 and completed by an OperationComplete, §1.7), and `devdetail` (FwV for variant selection).
 */
import { isSuccessResult } from '../../../scomo/index.ts';
import type { QueuedCommand, ScomoResultRecord } from '../../ports/store.ts';
import { applyUnanswered } from './common.ts';
import type { Draft } from './draft.ts';
import { describeCommand, isOk, resultText, statusText, worstStatus } from './outcomes.ts';

export function applyDeliver(draft: Draft, index: number, command: QueuedCommand): void {
  const outcome = command.outcome;
  if (outcome === null) return;
  const { kind, target } = describeCommand(command);
  if (applyUnanswered(draft, index, outcome, `${kind} ${target}`)) return;
  if (outcome.kind !== 'answered') return;
  const status = worstStatus(outcome);
  // The Delete before a (re)delivery clears an old node: "not found" is the normal answer.
  if (kind !== 'Delete' && !isOk(status)) {
    draft.failStep(index, 'SCOMO_SERVER_DEVICE_STATUS', `${kind} ${target} answered ${statusText(status)}`, {
      status,
    });
    return;
  }
  const step = draft.step(index);
  draft.setStep({ ...step, status, updatedAt: draft.now });
  if (step.applied.length === step.commands.length) {
    draft.event(index, 'succeed', { status, detail: `${step.commands.length} command(s) answered` });
  }
}

/** Exec answered: 202 (or 200) means the operation runs and its result follows as an alert. */
export function applyExec(draft: Draft, index: number, command: QueuedCommand): void {
  const outcome = command.outcome;
  if (outcome === null) return;
  const step = draft.step(index);
  const what = `Exec ${step.uri ?? '?'}`;
  if (applyUnanswered(draft, index, outcome, what)) return;
  if (outcome.kind !== 'answered') return;
  if (outcome.status === 200 || outcome.status === 202) {
    draft.event(index, 'accept', {
      status: outcome.status,
      detail: `${what} answered ${statusText(outcome.status)}; waiting for its OperationComplete`,
    });
    return;
  }
  draft.failStep(index, 'SCOMO_SERVER_DEVICE_STATUS', `${what} answered ${statusText(outcome.status)}`, {
    status: outcome.status,
  });
}

/** An OperationComplete item (reference §1.8) for this Exec step. */
export function applyResult(draft: Draft, index: number, result: ScomoResultRecord): void {
  const step = draft.step(index);
  if (result.resultCode === null) return;
  const code = result.resultCode;
  // The same report again (a device that re-sent its alert in a new session after a lost ack).
  const seen = step.results.some(
    (r) =>
      r.alertId === result.alertId ||
      (r.code === code && r.identifier === result.identifier && r.target === result.target),
  );
  if (seen) return;
  const applied = {
    alertId: result.alertId,
    code,
    meaning: result.meaning,
    identifier: result.identifier,
    target: result.target,
  };
  // Recorded whatever the step's state: a late result after a failure still shows on the step.
  draft.setStep({
    ...step,
    resultCode: code,
    resultMeaning: result.meaning,
    results: [...step.results, applied],
    updatedAt: draft.now,
  });
  draft.body.result = { code, meaning: result.meaning };
  const id = result.identifier === null || result.identifier === '' ? '' : ` for ${result.identifier}`;
  if (isSuccessResult(code)) {
    draft.event(index, 'succeed', { detail: `result ${code} (${result.meaning})${id}` });
    return;
  }
  draft.failStep(index, 'SCOMO_SERVER_RESULT', `the device reported ${code} (${result.meaning})${id}`);
}

/** A leaf of DevInfo / DevDetail read for variant selection; the step ends when all are answered. */
export function applyDevDetail(draft: Draft, index: number, command: QueuedCommand): void {
  const outcome = command.outcome;
  if (outcome === null) return;
  const { target } = describeCommand(command);
  if (applyUnanswered(draft, index, outcome, `Get ${target}`)) return;
  if (outcome.kind !== 'answered') return;
  const value = outcome.status === 200 ? resultText(outcome.results[0]) : undefined;
  if (value !== undefined) draft.body.devDetail = { ...draft.body.devDetail, [target]: value };
  const step = draft.step(index);
  const note = value === undefined ? `${target}: ${statusText(outcome.status)}` : `${target} = ${value}`;
  draft.setStep({
    ...step,
    status: outcome.status,
    detail: step.detail === null ? note : `${step.detail}; ${note}`,
  });
  if (step.applied.length === step.commands.length) draft.event(index, 'succeed');
}
