import type { Alert, ItemData } from '../../../syncml/index.ts';
import { parseUiOptions } from './options.ts';
import { UI_ALERT_KINDS } from './types.ts';
import type { UiAlert, UiAlertCode } from './types.ts';

const UTF8 = new TextDecoder('utf-8');

export function dataText(data: ItemData | undefined): string {
  if (data === undefined) return '';
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return UTF8.decode(data);
  return '';
}

export function isUiAlertCode(code: string): code is UiAlertCode {
  return Object.hasOwn(UI_ALERT_KINDS, code);
}

export type UiParse =
  { readonly ok: true; readonly alert: UiAlert } | { readonly ok: false; readonly reason: string };

/**
 * Reads a UI alert (DM 1.2 Protocol §8.7): Item 1 is the option string, Item 2 the text, Items 3..n
 * the choices of 1103/1104. A lone Item is taken as the text (some servers omit the empty options
 * Item). 1103/1104 without a choice are incomplete.
 */
export function parseUiAlert(code: UiAlertCode, alert: Alert): UiParse {
  const items = alert.items;
  const kind = UI_ALERT_KINDS[code];
  let optionsText = '';
  let text = '';
  if (items.length === 1) {
    text = dataText(items[0]?.data);
  } else if (items.length >= 2) {
    optionsText = dataText(items[0]?.data);
    text = dataText(items[1]?.data);
  }
  const choices = items.slice(2).map((item) => dataText(item.data));
  if ((kind === 'single-choice' || kind === 'multiple-choice') && choices.length === 0) {
    return { ok: false, reason: `Alert ${code} has no choices (Items 3..n)` };
  }
  const base = { code, kind, options: parseUiOptions(optionsText), text, choices };
  return {
    ok: true,
    alert: alert.correlator === undefined ? base : { ...base, correlator: alert.correlator },
  };
}
