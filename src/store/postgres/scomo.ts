import type {
  InventorySnapshotRecord,
  ListInventoryQuery,
  ListPackagesQuery,
  ListScomoJobsQuery,
  ListScomoResultsQuery,
  NewScomoJob,
  PackageRecord,
  SaveScomoJobResult,
  ScomoJobRecord,
  ScomoJobUpdate,
  ScomoResultRecord,
  ScomoRootRecord,
} from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import { int, text } from '../shared/columns.ts';
import type { Row } from '../shared/columns.ts';
import {
  JOB_COLUMNS,
  PACKAGE_COLUMNS,
  RESULT_COLUMNS,
  ROOT_COLUMNS,
  SNAPSHOT_COLUMNS,
  jobFromRow,
  packageFromRow,
  packageParams,
  resultFromRow,
  resultParams,
  rootFromRow,
  snapshotFromRow,
  snapshotParams,
} from '../shared/scomo-records.ts';
import type { PgQueries } from './database.ts';
import { Conditions, jsonParam, limitParam } from './params.ts';

/** The SCOMO tables (migration 2): packages, jobs, results, inventory snapshots, roots, settings. */

const placeholders = (n: number): string => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');
const INSERT_ATTEMPTS = 5;

/**
 * Insert-if-absent then read: ON CONFLICT DO NOTHING decides which of two racing inserts wins; the
 * loser reads the winner. A row deleted between the two statements (rare) makes it try again.
 */
async function insertOrRead<T>(
  db: PgQueries,
  insert: string,
  params: readonly unknown[],
  select: string,
  key: string,
  fromRow: (row: Row) => T,
): Promise<{ created: boolean; record: T }> {
  for (let attempt = 1; attempt <= INSERT_ATTEMPTS; attempt += 1) {
    const [created] = await db.rows(insert, params);
    if (created !== undefined) return { created: true, record: fromRow(created) };
    const [existing] = await db.rows(select, [key]);
    if (existing !== undefined) return { created: false, record: fromRow(existing) };
  }
  throw storeError(
    STORE_ERROR_CODES.query,
    `Row ${key} kept conflicting with a row deleted before it could be read; retry.`,
  );
}

export async function putPackage(
  db: PgQueries,
  record: PackageRecord,
): Promise<{ created: boolean; package: PackageRecord }> {
  const { created, record: stored } = await insertOrRead(
    db,
    `INSERT INTO packages (${PACKAGE_COLUMNS}) VALUES (${placeholders(13)})
     ON CONFLICT (sha256) DO NOTHING RETURNING ${PACKAGE_COLUMNS}`,
    packageParams(record),
    `SELECT ${PACKAGE_COLUMNS} FROM packages WHERE sha256 = $1`,
    record.sha256,
    packageFromRow,
  );
  return { created, package: stored };
}

export async function getPackage(db: PgQueries, sha256: string): Promise<PackageRecord | null> {
  const [row] = await db.rows(`SELECT ${PACKAGE_COLUMNS} FROM packages WHERE sha256 = $1`, [sha256]);
  return row === undefined ? null : packageFromRow(row);
}

export async function listPackages(db: PgQueries, query: ListPackagesQuery): Promise<PackageRecord[]> {
  const conditions = new Conditions();
  if (query.packageId !== undefined) conditions.add(query.packageId, (p) => `package_id = ${p}`);
  if (query.version !== undefined) conditions.add(query.version, (p) => `version = ${p}`);
  const rows = await db.rows(
    `SELECT ${PACKAGE_COLUMNS} FROM packages ${conditions.where()} ORDER BY package_id, added_at, sha256`,
    conditions.params,
  );
  return rows.map(packageFromRow);
}

export async function deletePackage(db: PgQueries, sha256: string): Promise<boolean> {
  return (await db.count('DELETE FROM packages WHERE sha256 = $1', [sha256])) === 1;
}

export async function createJob(
  db: PgQueries,
  job: NewScomoJob,
): Promise<{ created: boolean; job: ScomoJobRecord }> {
  const { created, record } = await insertOrRead(
    db,
    `INSERT INTO scomo_jobs (id, dev_id, operation, state, version, created_at, updated_at, finished_at, body)
     VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING ${JOB_COLUMNS}`,
    [
      job.id,
      job.devId,
      job.operation,
      job.state,
      job.createdAt,
      job.updatedAt,
      job.finishedAt,
      jsonParam(job.body),
    ],
    `SELECT ${JOB_COLUMNS} FROM scomo_jobs WHERE id = $1`,
    job.id,
    jobFromRow,
  );
  return { created, job: record };
}

export async function getJob(db: PgQueries, id: string): Promise<ScomoJobRecord | null> {
  const [row] = await db.rows(`SELECT ${JOB_COLUMNS} FROM scomo_jobs WHERE id = $1`, [id]);
  return row === undefined ? null : jobFromRow(row);
}

/** Compare-and-set: the conditional UPDATE matches only the expected version (row-locked). */
export async function saveJob(
  db: PgQueries,
  id: string,
  update: ScomoJobUpdate,
  expectedVersion: number,
): Promise<SaveScomoJobResult> {
  const [saved] = await db.rows(
    `UPDATE scomo_jobs SET state = $1, updated_at = $2, finished_at = $3, body = $4, version = version + 1
     WHERE id = $5 AND version = $6 RETURNING ${JOB_COLUMNS}`,
    [update.state, update.updatedAt, update.finishedAt, jsonParam(update.body), id, expectedVersion],
  );
  if (saved !== undefined) return { saved: true, job: jobFromRow(saved) };
  const [current] = await db.rows('SELECT version FROM scomo_jobs WHERE id = $1', [id]);
  return {
    saved: false,
    currentVersion: current === undefined ? null : int(current, 'scomo_jobs', 'version'),
  };
}

export async function listJobs(db: PgQueries, query: ListScomoJobsQuery): Promise<ScomoJobRecord[]> {
  if (query.states !== undefined && query.states.length === 0) return [];
  const conditions = new Conditions();
  if (query.devId !== undefined) conditions.add(query.devId, (p) => `dev_id = ${p}`);
  if (query.states !== undefined) conditions.add([...query.states], (p) => `state = ANY(${p}::text[])`);
  if (query.operation !== undefined) conditions.add(query.operation, (p) => `operation = ${p}`);
  if (query.afterSeq !== undefined) conditions.add(query.afterSeq, (p) => `seq > ${p}`);
  const limit = conditions.param(limitParam(query.limit));
  const rows = await db.rows(
    `SELECT ${JOB_COLUMNS} FROM scomo_jobs ${conditions.where()} ORDER BY seq LIMIT ${limit}`,
    conditions.params,
  );
  return rows.map(jobFromRow);
}

export async function recordResult(db: PgQueries, result: ScomoResultRecord): Promise<boolean> {
  const inserted = await db.count(
    `INSERT INTO scomo_results (${RESULT_COLUMNS}) VALUES (${placeholders(12)})
     ON CONFLICT (alert_id) DO NOTHING`,
    resultParams(result),
  );
  return inserted === 1;
}

export async function listResults(db: PgQueries, query: ListScomoResultsQuery): Promise<ScomoResultRecord[]> {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (query.devId !== undefined) where.push(`dev_id = ${param(query.devId)}`);
  if (query.jobId !== undefined) where.push(`job_id = ${param(query.jobId)}`);
  if (query.orphans !== undefined) where.push(query.orphans ? 'job_id IS NULL' : 'job_id IS NOT NULL');
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const limit = param(limitParam(query.limit));
  const rows = await db.rows(
    `SELECT ${RESULT_COLUMNS} FROM scomo_results ${clause} ORDER BY received_at, seq LIMIT ${limit}`,
    params,
  );
  return rows.map(resultFromRow);
}

export async function recordSnapshot(db: PgQueries, snapshot: InventorySnapshotRecord): Promise<boolean> {
  const inserted = await db.count(
    `INSERT INTO inventory_snapshots (${SNAPSHOT_COLUMNS}) VALUES (${placeholders(8)})
     ON CONFLICT (id) DO NOTHING`,
    snapshotParams(snapshot),
  );
  return inserted === 1;
}

export async function listSnapshots(
  db: PgQueries,
  devId: string,
  query: ListInventoryQuery,
): Promise<InventorySnapshotRecord[]> {
  const conditions = new Conditions();
  conditions.add(devId, (p) => `dev_id = ${p}`);
  if (query.before !== undefined) conditions.add(query.before, (p) => `taken_at < ${p}`);
  const limit = conditions.param(limitParam(query.limit));
  const rows = await db.rows(
    `SELECT ${SNAPSHOT_COLUMNS} FROM inventory_snapshots ${conditions.where()}
     ORDER BY taken_at DESC, seq DESC LIMIT ${limit}`,
    conditions.params,
  );
  return rows.map(snapshotFromRow);
}

export async function putRoot(db: PgQueries, record: ScomoRootRecord): Promise<void> {
  await db.count(
    `INSERT INTO scomo_roots (${ROOT_COLUMNS}) VALUES ($1, $2, $3, $4)
     ON CONFLICT (dev_id) DO UPDATE SET root = EXCLUDED.root, mo_version = EXCLUDED.mo_version,
       discovered_at = EXCLUDED.discovered_at`,
    [record.devId, record.root, record.moVersion, record.discoveredAt],
  );
}

export async function getRoot(db: PgQueries, devId: string): Promise<ScomoRootRecord | null> {
  const [row] = await db.rows(`SELECT ${ROOT_COLUMNS} FROM scomo_roots WHERE dev_id = $1`, [devId]);
  return row === undefined ? null : rootFromRow(row);
}

export async function deleteRoot(db: PgQueries, devId: string): Promise<boolean> {
  return (await db.count('DELETE FROM scomo_roots WHERE dev_id = $1', [devId])) === 1;
}

/** Settings are never deleted, so the read after a lost insert always finds the winner. */
export async function ensureSetting(db: PgQueries, key: string, candidate: string): Promise<string> {
  await db.count('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    key,
    candidate,
  ]);
  const [row] = await db.rows('SELECT value FROM settings WHERE key = $1', [key]);
  return row === undefined ? candidate : text(row, 'settings', 'value');
}
