import type { MessageCommit, MessageCommitResult } from '../../server/index.ts';
import type { PgDatabase } from './database.ts';
import { updateDeviceIn } from './devices.ts';
import { recordSessionHistory } from './journal.ts';
import { releaseCommands } from './queue.ts';
import { acquireDeviceLockIn, deleteSession, releaseDeviceLock, saveSession } from './sessions.ts';

/**
 * Store.commitMessage: one transaction (one commit, one WAL flush) for everything a DM message
 * changes at its end. The session's compare-and-set runs first; when it fails nothing is written.
 * The statements are those of the single-purpose methods, run on the transaction's client.
 */
export async function commitMessage(db: PgDatabase, commit: MessageCommit): Promise<MessageCommitResult> {
  return db.transaction(async (tx): Promise<MessageCommitResult> => {
    if (commit.lock !== null) {
      const { devId, holder, now, ttlMs } = commit.lock;
      const renewed = await acquireDeviceLockIn(tx, devId, holder, now, ttlMs, {});
      if (!renewed.acquired) return { committed: false, reason: 'lock-lost', current: renewed.current };
    }
    let sessionVersion: number | null = null;
    if (commit.session !== null) {
      const saved = await saveSession(tx, commit.session.write, commit.session.expectedVersion);
      if (!saved.saved)
        return { committed: false, reason: 'session-changed', currentVersion: saved.currentVersion };
      sessionVersion = saved.version;
    }
    if (commit.device !== null) await updateDeviceIn(tx, commit.device.devId, commit.device.patch);
    if (commit.end !== null) {
      const { history } = commit.end;
      await recordSessionHistory(tx, history);
      await releaseCommands(tx, history.id);
      await releaseDeviceLock(tx, history.devId, history.id);
      await deleteSession(tx, history.id);
    }
    return { committed: true, sessionVersion };
  });
}
