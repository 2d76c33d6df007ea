import { ScomoError } from '../errors/index.ts';

/** Stable error codes of src/security (vocabulary as data). */
export const SECURITY_ERROR_CODES = [
  'SCOMO_BASIC_BAD_B64',
  'SCOMO_BASIC_NO_COLON',
  'SCOMO_BASIC_BAD_UTF8',
  'SCOMO_BASIC_BAD_NAME',
  'SCOMO_NONCE_BAD_B64',
  'SCOMO_NONCE_BAD_LENGTH',
  'SCOMO_HMAC_MALFORMED',
  'SCOMO_HMAC_DUPLICATE_PARAM',
  'SCOMO_HMAC_MISSING_USERNAME',
  'SCOMO_HMAC_MISSING_MAC',
  'SCOMO_HMAC_BAD_MAC',
  'SCOMO_HMAC_BAD_USERNAME',
  'SCOMO_HMAC_UNKNOWN_ALGORITHM',
  'SCOMO_AUTH_UNKNOWN_TYPE',
  'SCOMO_AUTH_NOT_SYNCML',
] as const;

export type SecurityErrorCode = (typeof SECURITY_ERROR_CODES)[number];

/** Builds a ScomoError whose code is checked against the table above at compile time. */
export function securityError(code: SecurityErrorCode, message: string, offset?: number): ScomoError {
  return new ScomoError(code, message, offset === undefined ? {} : { offset });
}
