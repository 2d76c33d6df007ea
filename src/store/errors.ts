import { ScomoError } from '../errors/index.ts';

/** Stable error codes of the store adapters (vocabulary is data). */
export const STORE_ERROR_CODES = {
  /** `openStore` was given a URL it does not recognise. */
  url: 'SCOMO_STORE_URL',
  /** The store was used after `close()` (same code as the server's MemoryStore). */
  closed: 'SCOMO_STORE_CLOSED',
  /** The database could not be opened or reached. */
  open: 'SCOMO_STORE_OPEN',
  /** The schema on disk does not match the migrations this build knows. */
  migration: 'SCOMO_STORE_MIGRATION',
  /** Another connection held a lock longer than the busy timeout. */
  busy: 'SCOMO_STORE_BUSY',
  /** The database rejected a statement (constraint, type, connection lost, …). */
  query: 'SCOMO_STORE_QUERY',
  /** A stored row does not have the shape this build writes. */
  corrupt: 'SCOMO_STORE_CORRUPT',
} as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[keyof typeof STORE_ERROR_CODES];

export function storeError(code: StoreErrorCode, message: string, cause?: unknown): ScomoError {
  return new ScomoError(code, message, cause === undefined ? {} : { cause });
}

/** The message of whatever a driver threw, for wrapping it into a ScomoError. */
export function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
