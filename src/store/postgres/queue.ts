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
import type { PgQueries } from './database.ts';
import { Conditions, jsonParam, limitParam } from './params.ts';

const SELECT_ONE = `SELECT ${COMMAND_COLUMNS} FROM commands WHERE id = $1`;
const ENQUEUE = `INSERT INTO commands (id, dev_id, payload, enqueued_at, expires_at, tag, state, attempts)
  VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0)
  ON CONFLICT (id) DO NOTHING
  RETURNING ${COMMAND_COLUMNS}`;

/**
 * Picks the device's oldest claimable commands and claims them in one statement. FOR UPDATE SKIP
 * LOCKED: a row another node is claiming right now is skipped instead of waited for, and a row
 * that another claim committed meanwhile is re-checked against the WHERE (it is no longer pending),
 * so two sessions never get the same command and neither blocks the other.
 */
const CLAIM = `WITH picked AS (
    SELECT seq FROM commands
    WHERE dev_id = $1 AND state = 'pending' AND (expires_at IS NULL OR expires_at > $2)
    ORDER BY seq
    LIMIT $3
    FOR UPDATE SKIP LOCKED)
  UPDATE commands c
  SET state = 'claimed', claimed_by = $4, claimed_at = $2, attempts = c.attempts + 1
  FROM picked
  WHERE c.seq = picked.seq
  RETURNING ${COMMAND_COLUMNS.split(', ')
    .map((column) => `c.${column}`)
    .join(', ')}`;

const RELEASE = `UPDATE commands SET state = 'pending', claimed_by = NULL, claimed_at = NULL
  WHERE state = 'claimed' AND claimed_by = $1`;

/**
 * Exactly once, decided by the database: a concurrent resolve of the same row waits for the row
 * lock, then re-evaluates `state <> 'resolved'` against the committed winner and matches nothing.
 */
const RESOLVE = `UPDATE commands
  SET state = 'resolved', outcome = $1, resolved_at = $2, claimed_by = NULL, claimed_at = NULL
  WHERE id = $3 AND state <> 'resolved'
  RETURNING ${COMMAND_COLUMNS}`;

const EXPIRE = `UPDATE commands SET state = 'resolved', resolved_at = $1, outcome = $2
  WHERE state = 'pending' AND expires_at IS NOT NULL AND expires_at <= $1
  RETURNING ${COMMAND_COLUMNS}`;

const EXPIRED_OUTCOME: CommandOutcome = { kind: 'expired' };
const ENQUEUE_ATTEMPTS = 5;

/** RETURNING gives rows in no promised order; the port promises seq order. */
function bySeq(commands: QueuedCommand[]): QueuedCommand[] {
  return commands.sort((a, b) => a.seq - b.seq);
}

export async function enqueueCommand(db: PgQueries, command: NewQueuedCommand): Promise<EnqueueResult> {
  const { id, devId, enqueuedAt, expiresAt, tag } = command;
  const params = [id, devId, jsonParam(command.payload), enqueuedAt, expiresAt, tag];
  for (let attempt = 1; attempt <= ENQUEUE_ATTEMPTS; attempt += 1) {
    const [created] = await db.rows(ENQUEUE, params);
    if (created !== undefined) return { created: true, command: commandFromRow(created) };
    const existing = await readCommand(db, id);
    if (existing !== null) return { created: false, command: existing };
    // The conflicting row was deleted (its device removed) between the two statements: try again.
  }
  throw storeError(
    STORE_ERROR_CODES.query,
    `Command ${id} kept conflicting with a row deleted before it could be read; retry the enqueue.`,
  );
}

export async function readCommand(db: PgQueries, id: string): Promise<QueuedCommand | null> {
  const [row] = await db.rows(SELECT_ONE, [id]);
  return row === undefined ? null : commandFromRow(row);
}

export async function claimCommands(
  db: PgQueries,
  devId: string,
  sessionToken: string,
  now: number,
  limit: number,
): Promise<QueuedCommand[]> {
  const count = limitParam(limit);
  if (count === 0) return [];
  return bySeq((await db.rows(CLAIM, [devId, now, count, sessionToken])).map(commandFromRow));
}

export async function releaseCommands(
  db: PgQueries,
  sessionToken: string,
  ids?: readonly string[],
): Promise<number> {
  if (ids === undefined) return db.count(RELEASE, [sessionToken]);
  if (ids.length === 0) return 0;
  return db.count(`${RELEASE} AND id = ANY($2::text[])`, [sessionToken, [...ids]]);
}

export async function resolveCommand(
  db: PgQueries,
  id: string,
  outcome: CommandOutcome,
  now: number,
): Promise<ResolveResult> {
  const [resolved] = await db.rows(RESOLVE, [JSON.stringify(outcome), now, id]);
  if (resolved !== undefined) return { resolved: true, command: commandFromRow(resolved) };
  const existing = await readCommand(db, id);
  if (existing === null) return { resolved: false, reason: 'not-found' };
  return { resolved: false, reason: 'already-resolved', command: existing };
}

export async function listCommands(db: PgQueries, query: ListCommandsQuery): Promise<QueuedCommand[]> {
  if (query.states !== undefined && query.states.length === 0) return [];
  const conditions = new Conditions();
  if (query.devId !== undefined) conditions.add(query.devId, (p) => `dev_id = ${p}`);
  if (query.states !== undefined) conditions.add([...query.states], (p) => `state = ANY(${p}::text[])`);
  if (query.tag !== undefined) conditions.add(query.tag, (p) => `tag = ${p}`);
  if (query.afterSeq !== undefined) conditions.add(query.afterSeq, (p) => `seq > ${p}`);
  const limit = conditions.param(limitParam(query.limit));
  const rows = await db.rows(
    `SELECT ${COMMAND_COLUMNS} FROM commands ${conditions.where()} ORDER BY seq LIMIT ${limit}`,
    conditions.params,
  );
  return rows.map(commandFromRow);
}

export async function expireCommands(db: PgQueries, now: number): Promise<QueuedCommand[]> {
  return bySeq((await db.rows(EXPIRE, [now, JSON.stringify(EXPIRED_OUTCOME)])).map(commandFromRow));
}
