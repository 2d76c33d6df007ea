/**
 * The status and alert codes the client engine sends or reacts to, named for readability and checked
 * against the src/syncml vocabulary tables (reference §2.6, §2.7).
 */
import type { AlertCode, StatusCode } from '../../syncml/index.ts';

export const STATUS = {
  OK: '200',
  ACCEPTED: '202',
  AUTH_ACCEPTED: '212',
  CHUNK_ACCEPTED: '213',
  CANCELLED: '214',
  NOT_EXECUTED: '215',
  ROLLED_BACK: '216',
  NOT_MODIFIED: '304',
  BAD_REQUEST: '400',
  UNAUTHORIZED: '401',
  NOT_ALLOWED: '405',
  NOT_SUPPORTED: '406',
  MISSING_CREDENTIALS: '407',
  TIMEOUT: '408',
  INCOMPLETE: '412',
  TOO_LARGE: '413',
  UNSUPPORTED_FORMAT: '415',
  SIZE_MISMATCH: '424',
  FAILED: '500',
  ATOMIC_FAILED: '507',
  ROLLBACK_FAILED: '516',
} as const satisfies Record<string, StatusCode>;

export const ALERT = {
  SERVER_INITIATED: '1200',
  CLIENT_INITIATED: '1201',
  NEXT_MESSAGE: '1222',
  SESSION_ABORT: '1223',
  CLIENT_EVENT: '1224',
  NO_END_OF_DATA: '1225',
  GENERIC_ALERT: '1226',
} as const satisfies Record<string, AlertCode>;

/** Alerts only a client sends (reference §2.6): a server sending one gets 405. */
export const CLIENT_ONLY_ALERTS: ReadonlySet<string> = new Set([
  ALERT.SERVER_INITIATED,
  ALERT.CLIENT_INITIATED,
  ALERT.CLIENT_EVENT,
  ALERT.GENERIC_ALERT,
]);

export function isSuccessCode(code: string): boolean {
  return code.length === 3 && code.startsWith('2');
}
