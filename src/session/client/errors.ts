import { ScomoError } from '../../errors/index.ts';

/**
 * Stable error codes of the client session engine. They describe why a session ended `failed`;
 * device answers (DM Status codes) are never errors.
 */
export const CLIENT_SESSION_ERROR_CODES = [
  /** start() or receive() called in a state that does not accept it (e.g. receive() after done). */
  'SCOMO_SESSION_ILLEGAL_STATE',
  /** The options are unusable: unknown DMAcc account, no server address, bad sizes. */
  'SCOMO_SESSION_BAD_OPTIONS',
  /** The server's response could not be decoded as a SyncML DM message. */
  'SCOMO_SESSION_BAD_MESSAGE',
  /** The server's message belongs to another session (SessionID differs). */
  'SCOMO_SESSION_ID_MISMATCH',
  /** The server's message is not DM 1.2 (VerProto / VerDTD). */
  'SCOMO_SESSION_PROTOCOL_VERSION',
  /** The server rejected our credentials too often, or challenged with a type we cannot answer. */
  'SCOMO_SESSION_AUTH_REJECTED',
  /** The server failed our authentication of it (SRVCRED) too often. */
  'SCOMO_SESSION_SERVER_AUTH_FAILED',
  /** The server's Status for our SyncHdr is an error other than an authentication challenge. */
  'SCOMO_SESSION_HEADER_REJECTED',
  /** The server's MaxMsgSize is too small to carry even a message with one Status. */
  'SCOMO_SESSION_MSG_TOO_SMALL',
  /** Our reply could not be encoded (e.g. a value XML cannot carry); the message's changes were rolled back. */
  'SCOMO_SESSION_ENCODE_FAILED',
  /** The server exceeded the bounded number of messages in one session. */
  'SCOMO_SESSION_TOO_MANY_MESSAGES',
  /** An unexpected failure inside the engine; the message's tree changes were rolled back. */
  'SCOMO_SESSION_INTERNAL',
] as const;

export type ClientSessionErrorCode = (typeof CLIENT_SESSION_ERROR_CODES)[number];

export function sessionError(code: ClientSessionErrorCode, message: string, cause?: unknown): ScomoError {
  return new ScomoError(code, message, cause === undefined ? {} : { cause });
}

/** Wraps anything thrown into a ScomoError (keeps ScomoErrors as they are). */
export function asSessionError(err: unknown, code: ClientSessionErrorCode, context: string): ScomoError {
  if (err instanceof ScomoError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return sessionError(code, `${context}: ${detail}`, err);
}
