import type { JsonValue } from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';

/**
 * Column readers shared by both adapters. The drivers hand back different shapes for the same
 * column — node:sqlite gives numbers, 0/1 and TEXT; pg gives int8 as a decimal string, real
 * booleans and (as configured in postgres/pool.ts) json as its text — so every reader accepts each
 * driver's form and turns anything else into a typed SCOMO_STORE_CORRUPT error instead of letting a
 * wrong shape travel into the server core.
 */
export type Row = Readonly<Record<string, unknown>>;

function corrupt(table: string, column: string, expected: string, value: unknown): never {
  const got =
    value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  throw storeError(
    STORE_ERROR_CODES.corrupt,
    `Column ${table}.${column} holds ${got} where ${expected} was expected; the row was not written by this store.`,
  );
}

function column(row: Row, table: string, name: string): unknown {
  if (!Object.hasOwn(row, name)) {
    throw storeError(STORE_ERROR_CODES.corrupt, `Column ${table}.${name} is missing from the query result.`);
  }
  return row[name];
}

/** A safe integer: a JS number, a bigint, or a decimal string (pg's int8). */
export function int(row: Row, table: string, name: string): number {
  const value = column(row, table, name);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (
    typeof value === 'bigint' &&
    value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= BigInt(Number.MIN_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) {
    const parsed = Number(value);
    if (Number.isSafeInteger(parsed)) return parsed;
  }
  return corrupt(table, name, 'a safe integer', value);
}

export function intOrNull(row: Row, table: string, name: string): number | null {
  return column(row, table, name) === null ? null : int(row, table, name);
}

export function text(row: Row, table: string, name: string): string {
  const value = column(row, table, name);
  return typeof value === 'string' ? value : corrupt(table, name, 'text', value);
}

export function textOrNull(row: Row, table: string, name: string): string | null {
  const value = column(row, table, name);
  return value === null ? null : text(row, table, name);
}

/** A boolean: pg's boolean or SQLite's 0/1 INTEGER. */
export function bool(row: Row, table: string, name: string): boolean {
  const value = column(row, table, name);
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  return corrupt(table, name, 'a boolean (or 0/1)', value);
}

/** A JSON column, stored as its text by both adapters and parsed here. */
export function json(row: Row, table: string, name: string): JsonValue {
  const value = column(row, table, name);
  if (typeof value !== 'string') return corrupt(table, name, 'JSON text', value);
  try {
    return JSON.parse(value) as JsonValue;
  } catch (cause) {
    throw storeError(STORE_ERROR_CODES.corrupt, `Column ${table}.${name} does not hold valid JSON.`, cause);
  }
}

export function jsonOrNull(row: Row, table: string, name: string): JsonValue | null {
  return column(row, table, name) === null ? null : json(row, table, name);
}

/** One of a vocabulary table's values. */
export function oneOf<const T extends string>(
  row: Row,
  table: string,
  name: string,
  values: readonly T[],
): T {
  const value = text(row, table, name);
  return (values as readonly string[]).includes(value)
    ? (value as T)
    : corrupt(table, name, `one of ${values.join(', ')}`, value);
}
