/**
 * User-interaction alerts 1100–1104 (DM 1.2 Protocol §8.7, reference §2.6) as plain values: the engine
 * parses the server's Alert into a UiAlert, asks the agent's UiHandler, and turns the UiAnswer into
 * the Status (and answer Items) the protocol expects.
 */

export const UI_ALERT_KINDS = {
  '1100': 'display',
  '1101': 'confirm',
  '1102': 'text-input',
  '1103': 'single-choice',
  '1104': 'multiple-choice',
} as const;

export type UiAlertCode = keyof typeof UI_ALERT_KINDS;
export type UiAlertKind = (typeof UI_ALERT_KINDS)[UiAlertCode];

/** IT: input type of a text input (A alphanumeric, N numeric, D date DDMMYYYY, T time hhmmss, P phone, I IPv4). */
export const UI_INPUT_TYPES = ['A', 'N', 'D', 'T', 'P', 'I'] as const;
export type UiInputType = (typeof UI_INPUT_TYPES)[number];

/** ET: echo type (T text, P password). */
export const UI_ECHO_TYPES = ['T', 'P'] as const;
export type UiEchoType = (typeof UI_ECHO_TYPES)[number];

/** The option string of the first Item (`MINDT=10&MAXDT=30&DR=1`); unknown keys are ignored. */
export interface UiOptions {
  /** MINDT: minimum display time, seconds. */
  readonly minDisplaySeconds?: number;
  /** MAXDT: how long to wait for the user, seconds (timeout → 408 or the default response). */
  readonly maxDisplaySeconds?: number;
  /** DR: default response (confirm 0/1; text; single index; multiple "2-3"). */
  readonly defaultResponse?: string;
  /** MAXLEN: maximum input length (1102). */
  readonly maxLength?: number;
  readonly inputType?: UiInputType;
  readonly echoType?: UiEchoType;
}

export interface UiAlert {
  readonly code: UiAlertCode;
  readonly kind: UiAlertKind;
  readonly options: UiOptions;
  /** The text to show (second Item). */
  readonly text: string;
  /** 1103/1104: the choices (Items 3..n), numbered from 1. */
  readonly choices: readonly string[];
  readonly correlator?: string;
}

/**
 * The user's answer. ok: the display was shown (1100) → 200; yes / no: 1101 → 200 / 304; text: 1102
 * → 200 with the text; choice: 1103 / 1104 → 200 with the 1-based indices; cancel → 214; timeout → 408.
 */
export type UiAnswer =
  | { readonly kind: 'ok' }
  | { readonly kind: 'yes' }
  | { readonly kind: 'no' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'choice'; readonly selected: readonly number[] }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'timeout' };

/** Synchronous: the engine is a pure function of its inputs (an interactive agent decides before). */
export type UiHandler = (alert: UiAlert) => UiAnswer;
