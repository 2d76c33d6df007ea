import type {
  AcquireLockOptions,
  AcquireLockResult,
  DeviceLock,
  SaveSessionResult,
  SessionRecord,
  SessionWrite,
} from '../../server/index.ts';
import { int } from '../shared/columns.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import { LOCK_COLUMNS, SESSION_COLUMNS, lockFromRow, sessionFromRow } from '../shared/records.ts';
import type { SqliteConnection } from './connection.ts';
import { jsonText, limitParam } from './params.ts';

/**
 * Compare-and-set in one statement: the upsert's WHERE is the "lock is free for this holder" rule of
 * Store.acquireDeviceLock. SET expressions read the old row, so a renewal by the same holder of an
 * unexpired lock keeps acquired_at.
 */
const ACQUIRE = `INSERT INTO device_locks (dev_id, holder, acquired_at, expires_at) VALUES (?1, ?2, ?3, ?4)
  ON CONFLICT (dev_id) DO UPDATE SET
    acquired_at = CASE WHEN device_locks.holder = excluded.holder AND device_locks.expires_at > excluded.acquired_at
                       THEN device_locks.acquired_at ELSE excluded.acquired_at END,
    holder = excluded.holder,
    expires_at = excluded.expires_at
  WHERE device_locks.expires_at <= excluded.acquired_at
     OR device_locks.holder = excluded.holder
     OR device_locks.holder = ?5
  RETURNING ${LOCK_COLUMNS}`;

const SELECT_LOCK = `SELECT ${LOCK_COLUMNS} FROM device_locks WHERE dev_id = ?`;

export function acquireDeviceLock(
  db: SqliteConnection,
  devId: string,
  holder: string,
  now: number,
  ttlMs: number,
  options: AcquireLockOptions,
): AcquireLockResult {
  return db.transaction(() => acquireDeviceLockIn(db, devId, holder, now, ttlMs, options));
}

/** The body of acquireDeviceLock, for callers that already hold the write transaction. */
export function acquireDeviceLockIn(
  db: SqliteConnection,
  devId: string,
  holder: string,
  now: number,
  ttlMs: number,
  options: AcquireLockOptions,
): AcquireLockResult {
  const taken = db.get(ACQUIRE, [devId, holder, now, now + ttlMs, options.replace ?? null]);
  if (taken !== undefined) return { acquired: true, lock: lockFromRow(taken) };
  const current = db.get(SELECT_LOCK, [devId]);
  if (current === undefined) {
    // Unreachable: the upsert only skips when a row exists, and the write lock is still ours.
    throw storeError(STORE_ERROR_CODES.query, `Device lock for ${devId} vanished inside its transaction.`);
  }
  return { acquired: false, current: lockFromRow(current) };
}

export function releaseDeviceLock(db: SqliteConnection, devId: string, holder: string): boolean {
  return db.run('DELETE FROM device_locks WHERE dev_id = ? AND holder = ?', [devId, holder]) === 1;
}

export function readDeviceLock(db: SqliteConnection, devId: string): DeviceLock | null {
  const row = db.get(SELECT_LOCK, [devId]);
  return row === undefined ? null : lockFromRow(row);
}

const CREATE_SESSION = `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, 1, ?, ?, ?, ?)
  ON CONFLICT (token) DO NOTHING`;
const REPLACE_SESSION = `UPDATE sessions
  SET dev_id = ?, created_at = ?, updated_at = ?, expires_at = ?, state = ?, version = version + 1
  WHERE token = ? AND version = ?
  RETURNING version`;

export function saveSession(
  db: SqliteConnection,
  session: SessionWrite,
  expectedVersion: number | null,
): SaveSessionResult {
  return db.transaction(() => saveSessionIn(db, session, expectedVersion));
}

/** The body of saveSession, for callers that already hold the write transaction. */
export function saveSessionIn(
  db: SqliteConnection,
  session: SessionWrite,
  expectedVersion: number | null,
): SaveSessionResult {
  const { token, devId, createdAt, updatedAt, expiresAt } = session;
  const state = jsonText(session.state);
  {
    if (expectedVersion === null) {
      if (db.run(CREATE_SESSION, [token, devId, createdAt, updatedAt, expiresAt, state]) === 1) {
        return { saved: true, version: 1 };
      }
    } else {
      const row = db.get(REPLACE_SESSION, [
        devId,
        createdAt,
        updatedAt,
        expiresAt,
        state,
        token,
        expectedVersion,
      ]);
      if (row !== undefined) return { saved: true, version: int(row, 'sessions', 'version') };
    }
    const current = db.get('SELECT version FROM sessions WHERE token = ?', [token]);
    return {
      saved: false,
      currentVersion: current === undefined ? null : int(current, 'sessions', 'version'),
    };
  }
}

export function readSession(db: SqliteConnection, token: string): SessionRecord | null {
  const row = db.get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token = ?`, [token]);
  return row === undefined ? null : sessionFromRow(row);
}

export function deleteSession(db: SqliteConnection, token: string): boolean {
  return db.run('DELETE FROM sessions WHERE token = ?', [token]) === 1;
}

export function listExpiredSessions(
  db: SqliteConnection,
  now: number,
  limit: number | undefined,
): SessionRecord[] {
  return db
    .all(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE expires_at <= ? ORDER BY expires_at, token LIMIT ?`, [
      now,
      limitParam(limit),
    ])
    .map(sessionFromRow);
}
