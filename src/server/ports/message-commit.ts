import type { DeviceLock, DevicePatch, SessionHistoryEntry, SessionWrite } from './store.ts';

/**
 * Everything the server core writes at the end of one DM message, as one Store call: the session's
 * state (compare-and-set), the device record's changes (nonces, DevInfo, DevDetail, last seen) and,
 * when the session is over, its ending. One call is one transaction, so one commit (one fsync on
 * SQLite with synchronous=FULL) per message instead of one per write.
 */
export interface MessageCommit {
  /**
   * Renewal of the device lock by the session, as `Store.acquireDeviceLock(devId, holder, now,
   * ttlMs)`; decided first, and when it fails nothing of this commit is written. null: none.
   */
  readonly lock: {
    readonly devId: string;
    readonly holder: string;
    readonly now: number;
    readonly ttlMs: number;
  } | null;
  /**
   * Compare-and-set save of the session state, as `Store.saveSession`. When it fails, nothing of
   * this commit is written. null: no session state to save (the session ended, or was refused).
   */
  readonly session: { readonly write: SessionWrite; readonly expectedVersion: number | null } | null;
  /** Applied as `Store.updateDevice` (a device that does not exist is left absent). null: none. */
  readonly device: { readonly devId: string; readonly patch: DevicePatch } | null;
  /**
   * The session is over: its history entry is appended (idempotent on its id), the commands it still
   * holds go back to pending, the device lock is released if this token holds it, and its state is
   * deleted. `history.id` is the session token, `history.devId` the device.
   */
  readonly end: { readonly history: SessionHistoryEntry } | null;
}

export type MessageCommitResult =
  /** `sessionVersion`: the saved session's new version, or null when `session` was null. */
  | { readonly committed: true; readonly sessionVersion: number | null }
  /** The lock renewal failed (another holder has it); nothing was written. */
  | { readonly committed: false; readonly reason: 'lock-lost'; readonly current: DeviceLock }
  /** The session's compare-and-set failed; nothing was written. */
  | { readonly committed: false; readonly reason: 'session-changed'; readonly currentVersion: number | null };
