import type { JsonValue } from '../../server/index.ts';
import { normalizeLimit } from '../shared/limit.ts';

/**
 * JSON parameters are sent as text: pg would turn a JS array into a PostgreSQL array literal, not
 * JSON, so every json column gets JSON.stringify's output, which PostgreSQL's json input accepts.
 */
export function jsonParam(value: JsonValue): string {
  return JSON.stringify(value);
}

export function jsonParamOrNull(value: JsonValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** The value for `LIMIT $n`: PostgreSQL reads LIMIT NULL as "no limit". */
export function limitParam(limit: number | undefined): number | null {
  return normalizeLimit(limit) ?? null;
}

/** Builds a WHERE clause with numbered placeholders, so optional filters stay parameterised. */
export class Conditions {
  readonly params: unknown[] = [];
  readonly #parts: string[] = [];

  /** Appends `value` as the next parameter and returns its placeholder (`$3`). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition built around the placeholder of `value`. */
  add(value: unknown, condition: (placeholder: string) => string): void {
    this.#parts.push(condition(this.param(value)));
  }

  where(): string {
    return this.#parts.length === 0 ? '' : `WHERE ${this.#parts.join(' AND ')}`;
  }
}
