import { ScomoError } from '../errors/index.ts';

/** Stable error codes of src/notification (vocabulary as data). */
export const NOTIFICATION_ERROR_CODES = [
  'SCOMO_PKG0_BAD_INPUT',
  'SCOMO_PKG0_TRUNCATED',
  'SCOMO_PKG0_UNSUPPORTED_VERSION',
  'SCOMO_PKG0_EMPTY_SERVER_ID',
  'SCOMO_PKG0_SERVER_ID_TOO_LONG',
  'SCOMO_PKG0_BAD_SERVER_ID',
  'SCOMO_PKG0_BAD_SESSION_ID',
  'SCOMO_PKG0_BAD_FIELD',
  'SCOMO_WSP_BAD_INPUT',
  'SCOMO_WSP_TRUNCATED',
  'SCOMO_WSP_NOT_PUSH',
  'SCOMO_WSP_BAD_UINTVAR',
  'SCOMO_WSP_BAD_HEADERS',
] as const;

export type NotificationErrorCode = (typeof NOTIFICATION_ERROR_CODES)[number];

export function notificationError(code: NotificationErrorCode, message: string, offset?: number): ScomoError {
  return new ScomoError(code, message, offset === undefined ? {} : { offset });
}
