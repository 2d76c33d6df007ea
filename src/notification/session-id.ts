import { notificationError } from './errors.ts';
import { PKG0_MAX_SESSION_ID } from './vocabulary.ts';

export function checkSessionId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > PKG0_MAX_SESSION_ID) {
    throw notificationError(
      'SCOMO_PKG0_BAD_SESSION_ID',
      `Session id ${String(id)} is not an integer in 0..0xFFFF.`,
    );
  }
}

/**
 * The SyncHdr SessionID for a package #0 session id: upper-case hex, no leading zeros
 * (DM 1.2 Notification §6.2; reference §2.2: 0x001A → `1A`).
 */
export function sessionIdHex(id: number): string {
  checkSessionId(id);
  return id.toString(16).toUpperCase();
}
