import type { MessageCommit, MessageCommitResult } from '../../server/index.ts';
import type { SqliteConnection } from './connection.ts';
import { updateDeviceIn } from './devices.ts';
import { recordSessionHistory } from './journal.ts';
import { releaseCommands } from './queue.ts';
import { acquireDeviceLockIn, deleteSession, releaseDeviceLock, saveSessionIn } from './sessions.ts';

/**
 * Store.commitMessage: one BEGIN IMMEDIATE transaction, so one commit (one WAL fsync with
 * synchronous=FULL) for everything a DM message changes at its end. The session's compare-and-set
 * runs first; when it fails the transaction is left with nothing written.
 */
export function commitMessage(db: SqliteConnection, commit: MessageCommit): MessageCommitResult {
  return db.transaction((): MessageCommitResult => {
    if (commit.lock !== null) {
      const { devId, holder, now, ttlMs } = commit.lock;
      const renewed = acquireDeviceLockIn(db, devId, holder, now, ttlMs, {});
      if (!renewed.acquired) return { committed: false, reason: 'lock-lost', current: renewed.current };
    }
    let sessionVersion: number | null = null;
    if (commit.session !== null) {
      const saved = saveSessionIn(db, commit.session.write, commit.session.expectedVersion);
      if (!saved.saved)
        return { committed: false, reason: 'session-changed', currentVersion: saved.currentVersion };
      sessionVersion = saved.version;
    }
    if (commit.device !== null) updateDeviceIn(db, commit.device.devId, commit.device.patch);
    if (commit.end !== null) {
      const { history } = commit.end;
      recordSessionHistory(db, history);
      releaseCommands(db, history.id);
      releaseDeviceLock(db, history.devId, history.id);
      deleteSession(db, history.id);
    }
    return { committed: true, sessionVersion };
  });
}
