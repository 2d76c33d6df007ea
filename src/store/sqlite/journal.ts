import type { ListAlertsQuery, SessionHistoryEntry, StoredAlert } from '../../server/index.ts';
import { int } from '../shared/columns.ts';
import { ALERT_COLUMNS, HISTORY_COLUMNS, alertFromRow, historyFromRow } from '../shared/records.ts';
import type { SqlValue, SqliteConnection } from './connection.ts';
import { jsonText, limitParam } from './params.ts';

/** Alerts and session history: append-only, idempotent on the caller's id. */

const RECORD_ALERT = `INSERT INTO alerts (${ALERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO NOTHING`;
const RECORD_HISTORY = `INSERT INTO session_history (${HISTORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO NOTHING`;

export function recordAlert(db: SqliteConnection, alert: StoredAlert): boolean {
  return (
    db.run(RECORD_ALERT, [
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
    ]) === 1
  );
}

export function listAlerts(db: SqliteConnection, query: ListAlertsQuery): StoredAlert[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.devId !== undefined) {
    where.push('dev_id = ?');
    params.push(query.devId);
  }
  if (query.type !== undefined) {
    where.push('type = ?');
    params.push(query.type);
  }
  if (query.since !== undefined) {
    where.push('received_at >= ?');
    params.push(query.since);
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  // seq is the recording order, the tie-break the port asks for.
  return db
    .all(`SELECT ${ALERT_COLUMNS} FROM alerts ${clause} ORDER BY received_at, seq LIMIT ?`, [
      ...params,
      limitParam(query.limit),
    ])
    .map(alertFromRow);
}

export function recordSessionHistory(db: SqliteConnection, entry: SessionHistoryEntry): void {
  db.run(RECORD_HISTORY, [
    entry.id,
    entry.devId,
    entry.sessionId,
    entry.startedAt,
    entry.endedAt,
    entry.ending,
    entry.messagesIn,
    entry.messagesOut,
    entry.commandsResolved,
    jsonText(entry.finalStatuses.map((s) => ({ cmd: s.cmd, status: s.status }))),
  ]);
}

export function listSessionHistory(
  db: SqliteConnection,
  devId: string,
  limit: number | undefined,
): SessionHistoryEntry[] {
  return db
    .all(
      `SELECT ${HISTORY_COLUMNS} FROM session_history WHERE dev_id = ? ORDER BY ended_at DESC, seq DESC LIMIT ?`,
      [devId, limitParam(limit)],
    )
    .map(historyFromRow);
}

export function countSessionHistory(db: SqliteConnection, devId: string): number {
  const row = db.get('SELECT count(*) AS n FROM session_history WHERE dev_id = ?', [devId]);
  return row === undefined ? 0 : int(row, 'session_history', 'n');
}
