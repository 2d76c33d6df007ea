/**
 * Node formats and value validation (DM 1.2 TND §7.3 Format property; reference §7.3).
 *
 * Status choice (documented in README.md): a Format name the tree does not know is 415 "unsupported
 * media type or format"; a value that is malformed for a known format (e.g. `int` = "12a") is 400
 * "bad request" — the format is supported, the request is wrong.
 */
import { base64Decode, utf8Decode, utf8Encode, utf8Length } from './bytes.ts';

export const NODE_FORMATS = [
  'b64',
  'bin',
  'bool',
  'chr',
  'int',
  'node',
  'null',
  'xml',
  'date',
  'time',
  'float',
] as const;
export type NodeFormat = (typeof NODE_FORMATS)[number];

/** A leaf value: text, or bytes for `bin`. */
export type NodeData = string | Uint8Array;

const FORMAT_SET: ReadonlySet<string> = new Set(NODE_FORMATS);

export function isNodeFormat(value: unknown): value is NodeFormat {
  return typeof value === 'string' && FORMAT_SET.has(value);
}

export const DEFAULT_LEAF_FORMAT: NodeFormat = 'chr';
export const DEFAULT_LEAF_TYPE = 'text/plain';

export type ValueCheck =
  { readonly ok: true; readonly value: NodeData } | { readonly ok: false; readonly status: 400 | 415 };

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|-?INF|NaN)$/;
const DATE_EXT_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_BASIC_RE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME_EXT_RE = /^(\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(Z|[+-]\d{2}(?::\d{2})?)?$/;
const TIME_BASIC_RE = /^(\d{2})(\d{2})(\d{2})(?:[.,]\d+)?(Z|[+-]\d{2}(?:\d{2})?)?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `int`: signed 32-bit decimal (the brief's choice; DM TND leaves the width to the DDF). */
export function isValidInt(text: string): boolean {
  if (!INT_RE.test(text)) return false;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= INT32_MIN && n <= INT32_MAX;
}

/** `date`: ISO 8601 calendar date, extended (2001-07-11) or basic (20010711). */
export function isValidDate(text: string): boolean {
  const m = DATE_EXT_RE.exec(text) ?? DATE_BASIC_RE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `time`: ISO 8601 time of day, extended (16:38:17) or basic (163817), optional fraction and zone. */
export function isValidTime(text: string): boolean {
  const m = TIME_EXT_RE.exec(text) ?? TIME_BASIC_RE.exec(text);
  if (!m) return false;
  const zone = m[4];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    if (Number(digits.slice(0, 2)) > 23 || (digits.length === 4 && Number(digits.slice(2)) > 59))
      return false;
  }
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3]) <= 60;
}

function asText(data: NodeData): string | undefined {
  return typeof data === 'string' ? data : utf8Decode(data);
}

/**
 * Checks `data` against `format` and returns the value to store: text formats store strings (bytes
 * are read as UTF-8), `bin` stores bytes (a string is taken as its UTF-8 bytes), `b64` stores the
 * base64 text without whitespace, `node` and `null` store the empty string.
 */
export function checkValue(format: string, data: NodeData | undefined): ValueCheck {
  if (!isNodeFormat(format)) return { ok: false, status: 415 };
  if (format === 'bin') {
    if (data === undefined) return { ok: true, value: new Uint8Array(0) };
    return { ok: true, value: typeof data === 'string' ? utf8Encode(data) : data.slice() };
  }
  const text = data === undefined ? '' : asText(data);
  if (text === undefined) return { ok: false, status: 400 };
  switch (format) {
    case 'node':
      return { ok: true, value: '' };
    case 'null':
      return text === '' ? { ok: true, value: '' } : { ok: false, status: 400 };
    case 'chr':
    case 'xml':
      return { ok: true, value: text };
    case 'b64': {
      const clean = text.replace(/[\t\n\r ]+/g, '');
      return base64Decode(clean) === undefined ? { ok: false, status: 400 } : { ok: true, value: clean };
    }
    case 'bool':
      return text === 'true' || text === 'false' ? { ok: true, value: text } : { ok: false, status: 400 };
    case 'int':
      return isValidInt(text) ? { ok: true, value: text } : { ok: false, status: 400 };
    case 'float':
      return FLOAT_RE.test(text) ? { ok: true, value: text } : { ok: false, status: 400 };
    case 'date':
      return isValidDate(text) ? { ok: true, value: text } : { ok: false, status: 400 };
    case 'time':
      return isValidTime(text) ? { ok: true, value: text } : { ok: false, status: 400 };
    default: {
      const never: never = format;
      return never;
    }
  }
}

/** Bytes a stored value occupies: raw bytes for `bin` and `b64` (not the base64 length, §7.3 Size). */
export function valueSize(format: NodeFormat, value: NodeData): number {
  if (typeof value !== 'string') return value.length;
  if (format === 'b64') {
    // Stored b64 text is validated and whitespace-free: 3 bytes per 4 characters minus padding.
    const pad = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    return (value.length / 4) * 3 - pad;
  }
  return utf8Length(value);
}
