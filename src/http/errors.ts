import { ScomoError } from '../errors/index.ts';
import type { ScomoErrorDetails } from '../errors/index.ts';

/** Stable codes of the HTTP adapters (src/http). */
export const HTTP_ERROR_CODES = [
  /** An option of buildHttpServer or of the notifier is missing or out of range. */
  'SCOMO_HTTP_BAD_OPTION',
  /** A device's notify address is not one the notifier can send to. */
  'SCOMO_HTTP_NOTIFY_ADDRESS',
] as const;

export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

export function httpError(code: HttpErrorCode, message: string, details: ScomoErrorDetails = {}): ScomoError {
  return new ScomoError(code, message, details);
}
