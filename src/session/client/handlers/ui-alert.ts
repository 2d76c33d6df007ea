/**
 * UI alerts 1100–1104 (DM 1.2 Protocol §8.7, reference §2.6): asked through the agent's UiHandler.
 * 1100 → 200; 1101 → 200 yes / 304 no; 1102 → 200 + Item with the text; 1103/1104 → 200 + one Item
 * per chosen index; cancel → 214; timeout → 408; no UI configured → 406; a malformed alert → 412.
 */
import type { Alert, Item } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import { parseUiAlert } from '../ui/parse.ts';
import type { UiAlert, UiAlertCode, UiAnswer } from '../ui/types.ts';
import type { ExecEnv, OutEntry, Outcome } from './env.ts';
import { emitStatus } from './reply.ts';

interface Answered {
  readonly code: string;
  readonly items: Item[];
  readonly outcome: Outcome;
}

const FAILED: Answered = { code: STATUS.FAILED, items: [], outcome: 'failed' };

function validChoices(alert: UiAlert, selected: readonly number[]): boolean {
  if (alert.kind === 'single-choice' && selected.length !== 1) return false;
  return selected.every((n) => Number.isInteger(n) && n >= 1 && n <= alert.choices.length);
}

/** Maps the answer onto the alert kind; an answer that does not fit the kind is a UI failure (500). */
function answered(alert: UiAlert, answer: UiAnswer): Answered {
  switch (answer.kind) {
    case 'cancel':
      return { code: STATUS.CANCELLED, items: [], outcome: 'cancelled' };
    case 'timeout':
      return { code: STATUS.TIMEOUT, items: [], outcome: 'failed' };
    case 'ok':
    case 'yes':
      return alert.kind === 'display' || alert.kind === 'confirm'
        ? { code: STATUS.OK, items: [], outcome: 'ok' }
        : FAILED;
    case 'no':
      return alert.kind === 'confirm'
        ? { code: STATUS.NOT_MODIFIED, items: [], outcome: 'declined' }
        : FAILED;
    case 'text':
      return alert.kind === 'text-input'
        ? { code: STATUS.OK, items: [{ data: answer.text }], outcome: 'ok' }
        : FAILED;
    case 'choice': {
      const isChoice = alert.kind === 'single-choice' || alert.kind === 'multiple-choice';
      if (!isChoice || !validChoices(alert, answer.selected)) return FAILED;
      const unique = [...new Set(answer.selected)].sort((a, b) => a - b);
      return { code: STATUS.OK, items: unique.map((n) => ({ data: String(n) })), outcome: 'ok' };
    }
  }
}

export function executeUiAlert(command: Alert, code: UiAlertCode, env: ExecEnv, out: OutEntry[]): Outcome {
  if (env.ui === undefined) {
    emitStatus(out, env, command, STATUS.NOT_SUPPORTED);
    return 'failed';
  }
  const parsed = parseUiAlert(code, command);
  if (!parsed.ok) {
    emitStatus(out, env, command, STATUS.INCOMPLETE);
    return 'failed';
  }
  let result: Answered;
  try {
    result = answered(parsed.alert, env.ui(parsed.alert));
  } catch {
    // The agent's UI failed: the alert could not be shown.
    result = FAILED;
  }
  emitStatus(out, env, command, result.code, {}, result.items);
  return result.outcome;
}
