import { ScomoError } from '../../errors/index.ts';

/**
 * Stable codes of the server session engine. `SCOMO_SESSION_*` are thrown for local misuse and bad
 * stored data; the same codes appear in `failed` command outcomes when a queued operation cannot be
 * delivered (device answers are never errors: they are status codes on the outcome).
 */
export const SERVER_SESSION_ERROR_CODES = [
  /** A queued operation is not a valid operation (bad JSON shape, wrong nesting). */
  'SCOMO_SESSION_BAD_OPERATION',
  /** Stored session state is not a state this engine wrote. */
  'SCOMO_SESSION_BAD_STATE',
  /** A transition was asked of a session in a phase that cannot take it. */
  'SCOMO_SESSION_ILLEGAL_STATE',
  /** One command (Atomic/Sequence included) cannot fit the client's MaxMsgSize and cannot be chunked. */
  'SCOMO_SESSION_COMMAND_TOO_LARGE',
  /** An object larger than the client's MaxObjSize (the device would answer 413). */
  'SCOMO_SESSION_OBJECT_TOO_LARGE',
  /** The session ended (abort, expiry, take-over) before the device answered the command. */
  'SCOMO_SESSION_ABORTED',
  /** The client closed its package without a Status for the command. */
  'SCOMO_SESSION_STATUS_MISSING',
  /** The client abandoned a large object we were sending (Alert 1225). */
  'SCOMO_SESSION_LARGE_OBJECT_ABANDONED',
] as const;

export type ServerSessionErrorCode = (typeof SERVER_SESSION_ERROR_CODES)[number];

export function sessionError(code: ServerSessionErrorCode, message: string): ScomoError {
  return new ScomoError(code, message);
}
