import type { JsonValue } from '../../server/index.ts';
import { normalizeLimit } from '../shared/limit.ts';

/** SQLite has no boolean type: 0/1 in an INTEGER column with a CHECK. */
export function flag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** JSON columns are TEXT. JSON.stringify escapes lone surrogates and NUL, so the text is valid UTF-8. */
export function jsonText(value: JsonValue): string {
  return JSON.stringify(value);
}

export function jsonTextOrNull(value: JsonValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** The value for `LIMIT ?`: SQLite reads a negative limit as "no limit". */
export function limitParam(limit: number | undefined): number {
  return normalizeLimit(limit) ?? -1;
}
