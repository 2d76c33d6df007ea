import { ScomoError } from '../errors/index.ts';
import type { ScomoErrorDetails } from '../errors/index.ts';

/**
 * Stable codes of the server core. Only local failures are errors: protocol problems with a device
 * are answered in SyncML (HTTP 200), and device answers are values on command outcomes.
 */
export const SERVER_ERROR_CODES = [
  /** The request body is not a SyncML DM message (bad content type, undecodable): HTTP 4xx. */
  'SCOMO_SERVER_NOT_SYNCML',
  /** The content type is not a SyncML DM type: HTTP 415. */
  'SCOMO_SERVER_UNSUPPORTED_MEDIA_TYPE',
  /** Another node changed the session while this one worked on it: the client should retry. */
  'SCOMO_SERVER_SESSION_CONFLICT',
  /** An option is missing or out of range. */
  'SCOMO_SERVER_BAD_OPTION',
  /** enqueue / wake for a device the registry does not know. */
  'SCOMO_SERVER_UNKNOWN_DEVICE',
  /** A state the core should never reach (a bug, reported rather than crashing on a TypeError). */
  'SCOMO_SERVER_INTERNAL',
  /** A command claimed more often than `maxDeliveryAttempts` without an answer. */
  'SCOMO_SERVER_UNDELIVERED',
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

export function serverError(
  code: ServerErrorCode,
  message: string,
  details: ScomoErrorDetails = {},
): ScomoError {
  return new ScomoError(code, message, details);
}
