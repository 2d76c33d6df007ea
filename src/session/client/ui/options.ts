import { UI_ECHO_TYPES, UI_INPUT_TYPES } from './types.ts';
import type { UiEchoType, UiInputType, UiOptions } from './types.ts';

// DM 1.2 Protocol §8.7 (reference §2.6): the first Item's Data of a UI alert is a URL-encoded
// `key=value&key=value` string; unknown keys are ignored, and so are values that do not parse.

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A stray '%' is not worth failing the alert over: keep the text as sent.
    return text;
  }
}

function seconds(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

function oneOf<T extends string>(table: readonly T[], text: string): T | undefined {
  const upper = text.toUpperCase();
  return table.find((entry) => entry === upper);
}

export function parseUiOptions(text: string): UiOptions {
  const options: {
    minDisplaySeconds?: number;
    maxDisplaySeconds?: number;
    defaultResponse?: string;
    maxLength?: number;
    inputType?: UiInputType;
    echoType?: UiEchoType;
  } = {};
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = decode(pair.slice(0, eq)).trim().toUpperCase();
    const value = decode(pair.slice(eq + 1));
    const trimmed = value.trim();
    switch (key) {
      case 'MINDT': {
        const n = seconds(trimmed);
        if (n !== undefined) options.minDisplaySeconds = n;
        break;
      }
      case 'MAXDT': {
        const n = seconds(trimmed);
        if (n !== undefined) options.maxDisplaySeconds = n;
        break;
      }
      case 'MAXLEN': {
        const n = seconds(trimmed);
        if (n !== undefined) options.maxLength = n;
        break;
      }
      case 'DR':
        options.defaultResponse = value;
        break;
      case 'IT': {
        const t = oneOf(UI_INPUT_TYPES, trimmed);
        if (t !== undefined) options.inputType = t;
        break;
      }
      case 'ET': {
        const t = oneOf(UI_ECHO_TYPES, trimmed);
        if (t !== undefined) options.echoType = t;
        break;
      }
      default:
        break;
    }
  }
  return options;
}
