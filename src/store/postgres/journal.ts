import type { ListAlertsQuery, SessionHistoryEntry, StoredAlert } from '../../server/index.ts';
import { int } from '../shared/columns.ts';
import { ALERT_COLUMNS, HISTORY_COLUMNS, alertFromRow, historyFromRow } from '../shared/records.ts';
import type { PgQueries } from './database.ts';
import { Conditions, jsonParam, limitParam } from './params.ts';

/** Alerts and session history: append-only, idempotent on the caller's id. */

const RECORD_ALERT = `INSERT INTO alerts (${ALERT_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (id) DO NOTHING`;
const RECORD_HISTORY = `INSERT INTO session_history (${HISTORY_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (id) DO NOTHING`;

export async function recordAlert(db: PgQueries, alert: StoredAlert): Promise<boolean> {
  const inserted = await db.count(RECORD_ALERT, [
    alert.id,
    alert.devId,
    alert.receivedAt,
    alert.sessionId,
    alert.alertCode,
    alert.correlator,
    alert.type,
    alert.format,
    alert.mark,
    alert.source,
    alert.target,
    alert.data,
    alert.encoding,
  ]);
  return inserted === 1;
}

export async function listAlerts(db: PgQueries, query: ListAlertsQuery): Promise<StoredAlert[]> {
  const conditions = new Conditions();
  if (query.devId !== undefined) conditions.add(query.devId, (p) => `dev_id = ${p}`);
  if (query.type !== undefined) conditions.add(query.type, (p) => `type = ${p}`);
  if (query.since !== undefined) conditions.add(query.since, (p) => `received_at >= ${p}`);
  const limit = conditions.param(limitParam(query.limit));
  // seq is the recording order, the tie-break the port asks for.
  const rows = await db.rows(
    `SELECT ${ALERT_COLUMNS} FROM alerts ${conditions.where()} ORDER BY received_at, seq LIMIT ${limit}`,
    conditions.params,
  );
  return rows.map(alertFromRow);
}

export async function recordSessionHistory(db: PgQueries, entry: SessionHistoryEntry): Promise<void> {
  await db.count(RECORD_HISTORY, [
    entry.id,
    entry.devId,
    entry.sessionId,
    entry.startedAt,
    entry.endedAt,
    entry.ending,
    entry.messagesIn,
    entry.messagesOut,
    entry.commandsResolved,
    jsonParam(entry.finalStatuses.map((s) => ({ cmd: s.cmd, status: s.status }))),
  ]);
}

export async function listSessionHistory(
  db: PgQueries,
  devId: string,
  limit: number | undefined,
): Promise<SessionHistoryEntry[]> {
  const rows = await db.rows(
    `SELECT ${HISTORY_COLUMNS} FROM session_history WHERE dev_id = $1
     ORDER BY ended_at DESC, seq DESC LIMIT $2`,
    [devId, limitParam(limit)],
  );
  return rows.map(historyFromRow);
}

export async function countSessionHistory(db: PgQueries, devId: string): Promise<number> {
  const [row] = await db.rows('SELECT count(*) AS n FROM session_history WHERE dev_id = $1', [devId]);
  return row === undefined ? 0 : int(row, 'session_history', 'n');
}
