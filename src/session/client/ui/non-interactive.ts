import type { UiAlert, UiAnswer, UiHandler } from './types.ts';

export interface NonInteractivePolicy {
  /** 1101 without a usable DR default response: 'yes' (200) or 'no' (304). Default 'yes'. */
  readonly confirm?: 'yes' | 'no';
  /** 1103/1104 without a usable DR: pick the first choice, or cancel (214). Default 'cancel'. */
  readonly choice?: 'first' | 'cancel';
}

/** DR of a choice alert: "2" or, for 1104, "2-3" (reference §2.6); indices outside 1..n are dropped. */
function defaultChoices(alert: UiAlert): number[] {
  const dr = alert.options.defaultResponse;
  if (dr === undefined) return [];
  const picked = dr
    .split('-')
    .map((part) => part.trim())
    .filter((part) => /^\d{1,6}$/.test(part))
    .map(Number)
    .filter((n) => n >= 1 && n <= alert.choices.length);
  return alert.kind === 'single-choice' ? picked.slice(0, 1) : [...new Set(picked)];
}

/**
 * A UiHandler for devices without a user (or agents that pre-decide): answers with the server's DR
 * default response where there is one, else with the policy. 1100 is always acknowledged (200).
 */
export function nonInteractiveUi(policy: NonInteractivePolicy = {}): UiHandler {
  const confirm = policy.confirm ?? 'yes';
  const choice = policy.choice ?? 'cancel';
  return (alert: UiAlert): UiAnswer => {
    const dr = alert.options.defaultResponse?.trim();
    switch (alert.kind) {
      case 'display':
        return { kind: 'ok' };
      case 'confirm':
        if (dr === '1') return { kind: 'yes' };
        if (dr === '0') return { kind: 'no' };
        return { kind: confirm };
      case 'text-input':
        return { kind: 'text', text: alert.options.defaultResponse ?? '' };
      case 'single-choice':
      case 'multiple-choice': {
        const selected = defaultChoices(alert);
        if (selected.length > 0) return { kind: 'choice', selected };
        return choice === 'first' ? { kind: 'choice', selected: [1] } : { kind: 'cancel' };
      }
    }
  };
}
