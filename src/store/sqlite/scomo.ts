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
import { int, text } from '../shared/columns.ts';
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
import type { SqlValue, SqliteConnection } from './connection.ts';
import { jsonText, limitParam } from './params.ts';

/** The SCOMO tables (migration 2): packages, jobs, results, inventory snapshots, roots, settings. */

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export function putPackage(
  db: SqliteConnection,
  record: PackageRecord,
): { created: boolean; package: PackageRecord } {
  return db.transaction(() => {
    const inserted = db.get(
      `INSERT INTO packages (${PACKAGE_COLUMNS}) VALUES (${marks(13)})
       ON CONFLICT (sha256) DO NOTHING RETURNING ${PACKAGE_COLUMNS}`,
      packageParams(record),
    );
    if (inserted !== undefined) return { created: true, package: packageFromRow(inserted) };
    const existing = db.get(`SELECT ${PACKAGE_COLUMNS} FROM packages WHERE sha256 = ?`, [record.sha256]);
    return { created: false, package: packageFromRow(existing ?? {}) };
  });
}

export function getPackage(db: SqliteConnection, sha256: string): PackageRecord | null {
  const row = db.get(`SELECT ${PACKAGE_COLUMNS} FROM packages WHERE sha256 = ?`, [sha256]);
  return row === undefined ? null : packageFromRow(row);
}

export function listPackages(db: SqliteConnection, query: ListPackagesQuery): PackageRecord[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.packageId !== undefined) {
    where.push('package_id = ?');
    params.push(query.packageId);
  }
  if (query.version !== undefined) {
    where.push('version = ?');
    params.push(query.version);
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return db
    .all(`SELECT ${PACKAGE_COLUMNS} FROM packages ${clause} ORDER BY package_id, added_at, sha256`, params)
    .map(packageFromRow);
}

export function deletePackage(db: SqliteConnection, sha256: string): boolean {
  return db.run('DELETE FROM packages WHERE sha256 = ?', [sha256]) === 1;
}

export function createJob(db: SqliteConnection, job: NewScomoJob): { created: boolean; job: ScomoJobRecord } {
  return db.transaction(() => {
    const inserted = db.get(
      `INSERT INTO scomo_jobs (id, dev_id, operation, state, version, created_at, updated_at, finished_at, body)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING ${JOB_COLUMNS}`,
      [
        job.id,
        job.devId,
        job.operation,
        job.state,
        job.createdAt,
        job.updatedAt,
        job.finishedAt,
        jsonText(job.body),
      ],
    );
    if (inserted !== undefined) return { created: true, job: jobFromRow(inserted) };
    return {
      created: false,
      job: jobFromRow(db.get(`SELECT ${JOB_COLUMNS} FROM scomo_jobs WHERE id = ?`, [job.id]) ?? {}),
    };
  });
}

export function getJob(db: SqliteConnection, id: string): ScomoJobRecord | null {
  const row = db.get(`SELECT ${JOB_COLUMNS} FROM scomo_jobs WHERE id = ?`, [id]);
  return row === undefined ? null : jobFromRow(row);
}

/** Compare-and-set in one conditional UPDATE; the read after a miss runs in the same transaction. */
export function saveJob(
  db: SqliteConnection,
  id: string,
  update: ScomoJobUpdate,
  expectedVersion: number,
): SaveScomoJobResult {
  return db.transaction(() => {
    const saved = db.get(
      `UPDATE scomo_jobs SET state = ?, updated_at = ?, finished_at = ?, body = ?, version = version + 1
       WHERE id = ? AND version = ? RETURNING ${JOB_COLUMNS}`,
      [update.state, update.updatedAt, update.finishedAt, jsonText(update.body), id, expectedVersion],
    );
    if (saved !== undefined) return { saved: true, job: jobFromRow(saved) };
    const current = db.get('SELECT version FROM scomo_jobs WHERE id = ?', [id]);
    return {
      saved: false,
      currentVersion: current === undefined ? null : int(current, 'scomo_jobs', 'version'),
    };
  });
}

export function listJobs(db: SqliteConnection, query: ListScomoJobsQuery): ScomoJobRecord[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.devId !== undefined) {
    where.push('dev_id = ?');
    params.push(query.devId);
  }
  if (query.states !== undefined) {
    if (query.states.length === 0) return [];
    where.push(`state IN (${marks(query.states.length)})`);
    params.push(...query.states);
  }
  if (query.operation !== undefined) {
    where.push('operation = ?');
    params.push(query.operation);
  }
  if (query.afterSeq !== undefined) {
    where.push('seq > ?');
    params.push(query.afterSeq);
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return db
    .all(`SELECT ${JOB_COLUMNS} FROM scomo_jobs ${clause} ORDER BY seq LIMIT ?`, [
      ...params,
      limitParam(query.limit),
    ])
    .map(jobFromRow);
}

export function recordResult(db: SqliteConnection, result: ScomoResultRecord): boolean {
  return (
    db.run(
      `INSERT INTO scomo_results (${RESULT_COLUMNS}) VALUES (${marks(12)}) ON CONFLICT (alert_id) DO NOTHING`,
      resultParams(result),
    ) === 1
  );
}

export function listResults(db: SqliteConnection, query: ListScomoResultsQuery): ScomoResultRecord[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.devId !== undefined) {
    where.push('dev_id = ?');
    params.push(query.devId);
  }
  if (query.jobId !== undefined) {
    where.push('job_id = ?');
    params.push(query.jobId);
  }
  if (query.orphans !== undefined) where.push(query.orphans ? 'job_id IS NULL' : 'job_id IS NOT NULL');
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return db
    .all(`SELECT ${RESULT_COLUMNS} FROM scomo_results ${clause} ORDER BY received_at, seq LIMIT ?`, [
      ...params,
      limitParam(query.limit),
    ])
    .map(resultFromRow);
}

export function recordSnapshot(db: SqliteConnection, snapshot: InventorySnapshotRecord): boolean {
  return (
    db.run(
      `INSERT INTO inventory_snapshots (${SNAPSHOT_COLUMNS}) VALUES (${marks(8)}) ON CONFLICT (id) DO NOTHING`,
      snapshotParams(snapshot),
    ) === 1
  );
}

export function listSnapshots(
  db: SqliteConnection,
  devId: string,
  query: ListInventoryQuery,
): InventorySnapshotRecord[] {
  const params: SqlValue[] = [devId];
  let before = '';
  if (query.before !== undefined) {
    before = 'AND taken_at < ?';
    params.push(query.before);
  }
  return db
    .all(
      `SELECT ${SNAPSHOT_COLUMNS} FROM inventory_snapshots WHERE dev_id = ? ${before}
       ORDER BY taken_at DESC, seq DESC LIMIT ?`,
      [...params, limitParam(query.limit)],
    )
    .map(snapshotFromRow);
}

export function putRoot(db: SqliteConnection, record: ScomoRootRecord): void {
  db.run(
    `INSERT INTO scomo_roots (${ROOT_COLUMNS}) VALUES (?, ?, ?, ?)
     ON CONFLICT (dev_id) DO UPDATE SET root = excluded.root, mo_version = excluded.mo_version,
       discovered_at = excluded.discovered_at`,
    [record.devId, record.root, record.moVersion, record.discoveredAt],
  );
}

export function getRoot(db: SqliteConnection, devId: string): ScomoRootRecord | null {
  const row = db.get(`SELECT ${ROOT_COLUMNS} FROM scomo_roots WHERE dev_id = ?`, [devId]);
  return row === undefined ? null : rootFromRow(row);
}

export function deleteRoot(db: SqliteConnection, devId: string): boolean {
  return db.run('DELETE FROM scomo_roots WHERE dev_id = ?', [devId]) === 1;
}

export function ensureSetting(db: SqliteConnection, key: string, candidate: string): string {
  return db.transaction(() => {
    db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, candidate]);
    const row = db.get('SELECT value FROM settings WHERE key = ?', [key]);
    return row === undefined ? candidate : text(row, 'settings', 'value');
  });
}
