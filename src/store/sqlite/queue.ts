import type {
  CommandOutcome,
  EnqueueResult,
  ListCommandsQuery,
  NewQueuedCommand,
  QueuedCommand,
  ResolveResult,
} from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import { COMMAND_COLUMNS, commandFromRow } from '../shared/records.ts';
import type { SqlValue, SqliteConnection } from './connection.ts';
import { jsonText, limitParam } from './params.ts';

const SELECT_ONE = `SELECT ${COMMAND_COLUMNS} FROM commands WHERE id = ?`;
const ENQUEUE = `INSERT INTO commands (id, dev_id, payload, enqueued_at, expires_at, tag, state, attempts)
  VALUES (?, ?, ?, ?, ?, ?, 'pending', 0)
  ON CONFLICT (id) DO NOTHING
  RETURNING ${COMMAND_COLUMNS}`;

/** Picks and claims in one statement, inside BEGIN IMMEDIATE (see SqliteConnection.transaction). */
const CLAIM = `UPDATE commands
  SET state = 'claimed', claimed_by = ?, claimed_at = ?, attempts = attempts + 1
  WHERE seq IN (
    SELECT seq FROM commands
    WHERE dev_id = ? AND state = 'pending' AND (expires_at IS NULL OR expires_at > ?)
    ORDER BY seq LIMIT ?)
  RETURNING ${COMMAND_COLUMNS}`;

const ANY_CLAIMABLE = `SELECT 1 AS found FROM commands
  WHERE dev_id = ? AND state = 'pending' AND (expires_at IS NULL OR expires_at > ?) LIMIT 1`;

const RELEASE = `UPDATE commands SET state = 'pending', claimed_by = NULL, claimed_at = NULL
  WHERE state = 'claimed' AND claimed_by = ?`;

/** Exactly once: only a row not yet resolved matches, and the write lock orders concurrent resolves. */
const RESOLVE = `UPDATE commands
  SET state = 'resolved', outcome = ?, resolved_at = ?, claimed_by = NULL, claimed_at = NULL
  WHERE id = ? AND state <> 'resolved'
  RETURNING ${COMMAND_COLUMNS}`;

const EXPIRE = `UPDATE commands SET state = 'resolved', resolved_at = ?, outcome = ?
  WHERE state = 'pending' AND expires_at IS NOT NULL AND expires_at <= ?
  RETURNING ${COMMAND_COLUMNS}`;

const EXPIRED_OUTCOME: CommandOutcome = { kind: 'expired' };

/** RETURNING gives rows in no promised order; the port promises seq order. */
function bySeq(commands: QueuedCommand[]): QueuedCommand[] {
  return commands.sort((a, b) => a.seq - b.seq);
}

export function enqueueCommand(db: SqliteConnection, command: NewQueuedCommand): EnqueueResult {
  const { id, devId, enqueuedAt, expiresAt, tag } = command;
  return db.transaction((): EnqueueResult => {
    const row = db.get(ENQUEUE, [id, devId, jsonText(command.payload), enqueuedAt, expiresAt, tag]);
    if (row !== undefined) return { created: true, command: commandFromRow(row) };
    // The conflict that skipped the insert is a row with this id, and the write lock is still held.
    const existing = db.get(SELECT_ONE, [id]);
    if (existing === undefined) {
      throw storeError(
        STORE_ERROR_CODES.query,
        `Command ${id} conflicted on insert but cannot be read back.`,
      );
    }
    return { created: false, command: commandFromRow(existing) };
  });
}

export function readCommand(db: SqliteConnection, id: string): QueuedCommand | null {
  const row = db.get(SELECT_ONE, [id]);
  return row === undefined ? null : commandFromRow(row);
}

export function claimCommands(
  db: SqliteConnection,
  devId: string,
  sessionToken: string,
  now: number,
  limit: number,
): QueuedCommand[] {
  const count = limitParam(limit);
  if (count === 0) return [];
  // Most messages find nothing to claim: a read answers that without a write transaction (a commit,
  // an fsync). A command enqueued right after this read is claimed by the next message, as it would
  // be had it arrived after the claim.
  if (db.get(ANY_CLAIMABLE, [devId, now]) === undefined) return [];
  return db.transaction(() =>
    bySeq(db.all(CLAIM, [sessionToken, now, devId, now, count]).map(commandFromRow)),
  );
}

export function releaseCommands(db: SqliteConnection, sessionToken: string, ids?: readonly string[]): number {
  if (ids === undefined) return db.run(RELEASE, [sessionToken]);
  if (ids.length === 0) return 0;
  return db.run(`${RELEASE} AND id IN (SELECT value FROM json_each(?))`, [sessionToken, JSON.stringify(ids)]);
}

export function resolveCommand(
  db: SqliteConnection,
  id: string,
  outcome: CommandOutcome,
  now: number,
): ResolveResult {
  return db.transaction((): ResolveResult => {
    // The outcome is a typed JSON-shaped union; JSON.stringify is its column form.
    const row = db.get(RESOLVE, [JSON.stringify(outcome), now, id]);
    if (row !== undefined) return { resolved: true, command: commandFromRow(row) };
    const existing = db.get(SELECT_ONE, [id]);
    if (existing === undefined) return { resolved: false, reason: 'not-found' };
    return { resolved: false, reason: 'already-resolved', command: commandFromRow(existing) };
  });
}

export function listCommands(db: SqliteConnection, query: ListCommandsQuery): QueuedCommand[] {
  if (query.states !== undefined && query.states.length === 0) return [];
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.devId !== undefined) {
    where.push('dev_id = ?');
    params.push(query.devId);
  }
  if (query.states !== undefined) {
    where.push('state IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(query.states));
  }
  if (query.tag !== undefined) {
    where.push('tag = ?');
    params.push(query.tag);
  }
  if (query.afterSeq !== undefined) {
    where.push('seq > ?');
    params.push(query.afterSeq);
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return db
    .all(`SELECT ${COMMAND_COLUMNS} FROM commands ${clause} ORDER BY seq LIMIT ?`, [
      ...params,
      limitParam(query.limit),
    ])
    .map(commandFromRow);
}

export function expireCommands(db: SqliteConnection, now: number): QueuedCommand[] {
  return db.transaction(() =>
    bySeq(db.all(EXPIRE, [now, JSON.stringify(EXPIRED_OUTCOME), now]).map(commandFromRow)),
  );
}
