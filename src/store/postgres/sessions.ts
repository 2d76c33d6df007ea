import type {
  AcquireLockOptions,
  AcquireLockResult,
  DeviceLock,
  SaveSessionResult,
  SessionRecord,
  SessionWrite,
} from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import { int } from '../shared/columns.ts';
import { LOCK_COLUMNS, SESSION_COLUMNS, lockFromRow, sessionFromRow } from '../shared/records.ts';
import type { PgDatabase, PgQueries } from './database.ts';
import { jsonParam, limitParam } from './params.ts';

/**
 * The per-device session lock as a compare-and-set upsert: the WHERE is the "free for this holder"
 * rule of Store.acquireDeviceLock (expired, same holder, or the holder named by `replace`). SET
 * expressions read the old row, so renewing an unexpired lock keeps acquired_at. Concurrent acquires
 * of one device queue on the row (or on the unique index for the first insert) and each re-checks
 * the WHERE against the winner's row.
 */
const ACQUIRE = `INSERT INTO device_locks AS l (dev_id, holder, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (dev_id) DO UPDATE SET
    acquired_at = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > EXCLUDED.acquired_at
                       THEN l.acquired_at ELSE EXCLUDED.acquired_at END,
    holder = EXCLUDED.holder,
    expires_at = EXCLUDED.expires_at
  WHERE l.expires_at <= EXCLUDED.acquired_at OR l.holder = EXCLUDED.holder OR l.holder = $5::text
  RETURNING ${LOCK_COLUMNS}`;

const SELECT_LOCK = `SELECT ${LOCK_COLUMNS} FROM device_locks WHERE dev_id = $1`;

export async function acquireDeviceLock(
  db: PgDatabase,
  devId: string,
  holder: string,
  now: number,
  ttlMs: number,
  options: AcquireLockOptions,
): Promise<AcquireLockResult> {
  return db.transaction(async (tx) => acquireDeviceLockIn(tx, devId, holder, now, ttlMs, options));
}

/** The body of acquireDeviceLock, for callers already inside a transaction. */
export async function acquireDeviceLockIn(
  tx: PgQueries,
  devId: string,
  holder: string,
  now: number,
  ttlMs: number,
  options: AcquireLockOptions,
): Promise<AcquireLockResult> {
  const [taken] = await tx.rows(ACQUIRE, [devId, holder, now, now + ttlMs, options.replace ?? null]);
  if (taken !== undefined) return { acquired: true, lock: lockFromRow(taken) };
  // ON CONFLICT DO UPDATE locks the conflicting row even when its WHERE fails, so until this
  // transaction ends the row cannot be released: the read below sees the lock that refused us.
  const [current] = await tx.rows(SELECT_LOCK, [devId]);
  if (current === undefined) {
    throw storeError(STORE_ERROR_CODES.query, `Device lock for ${devId} vanished inside its transaction.`);
  }
  return { acquired: false, current: lockFromRow(current) };
}

export async function releaseDeviceLock(db: PgQueries, devId: string, holder: string): Promise<boolean> {
  return (
    (await db.count('DELETE FROM device_locks WHERE dev_id = $1 AND holder = $2', [devId, holder])) === 1
  );
}

export async function readDeviceLock(db: PgQueries, devId: string): Promise<DeviceLock | null> {
  const [row] = await db.rows(SELECT_LOCK, [devId]);
  return row === undefined ? null : lockFromRow(row);
}

const CREATE_SESSION = `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES ($1, $2, 1, $3, $4, $5, $6)
  ON CONFLICT (token) DO NOTHING
  RETURNING version`;
/** A concurrent save of the same version waits on the row and then fails the version re-check. */
const REPLACE_SESSION = `UPDATE sessions
  SET dev_id = $1, created_at = $2, updated_at = $3, expires_at = $4, state = $5, version = version + 1
  WHERE token = $6 AND version = $7
  RETURNING version`;

export async function saveSession(
  db: PgQueries,
  session: SessionWrite,
  expectedVersion: number | null,
): Promise<SaveSessionResult> {
  const { token, devId, createdAt, updatedAt, expiresAt } = session;
  const state = jsonParam(session.state);
  const [saved] =
    expectedVersion === null
      ? await db.rows(CREATE_SESSION, [token, devId, createdAt, updatedAt, expiresAt, state])
      : await db.rows(REPLACE_SESSION, [
          devId,
          createdAt,
          updatedAt,
          expiresAt,
          state,
          token,
          expectedVersion,
        ]);
  if (saved !== undefined) return { saved: true, version: int(saved, 'sessions', 'version') };
  const [current] = await db.rows('SELECT version FROM sessions WHERE token = $1', [token]);
  return { saved: false, currentVersion: current === undefined ? null : int(current, 'sessions', 'version') };
}

export async function readSession(db: PgQueries, token: string): Promise<SessionRecord | null> {
  const [row] = await db.rows(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token = $1`, [token]);
  return row === undefined ? null : sessionFromRow(row);
}

export async function deleteSession(db: PgQueries, token: string): Promise<boolean> {
  return (await db.count('DELETE FROM sessions WHERE token = $1', [token])) === 1;
}

export async function listExpiredSessions(
  db: PgQueries,
  now: number,
  limit: number | undefined,
): Promise<SessionRecord[]> {
  const rows = await db.rows(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE expires_at <= $1 ORDER BY expires_at, token LIMIT $2`,
    [now, limitParam(limit)],
  );
  return rows.map(sessionFromRow);
}
