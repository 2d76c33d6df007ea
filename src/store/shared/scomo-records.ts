import { INVENTORY_METHODS, PACKAGE_FORMATS, SCOMO_JOB_STATES } from '../../server/index.ts';
import type {
  InventorySnapshotRecord,
  JsonValue,
  PackageComponentRecord,
  PackageMatch,
  PackageRecord,
  ScomoJobRecord,
  ScomoResultRecord,
  ScomoRootRecord,
} from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import { int, intOrNull, json, jsonOrNull, oneOf, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

/**
 * Row → record mapping of the SCOMO tables (migration 2 of both adapters), shared by SQLite and
 * PostgreSQL: the same table and column names, only the SQL types differ.
 */

export const PACKAGE_COLUMNS =
  'sha256, package_id, version, size, content_type, format, file_name, env_type, components, ' +
  'match_rule, signed_by, manifest, added_at';
export const JOB_COLUMNS =
  'seq, id, dev_id, operation, state, version, created_at, updated_at, finished_at, body';
export const RESULT_COLUMNS =
  'alert_id, dev_id, received_at, correlator, job_id, step, result_code, meaning, identifier, source, ' +
  'target, problem';
export const SNAPSHOT_COLUMNS = 'id, dev_id, taken_at, root, method, job_id, inventory, changes';
export const ROOT_COLUMNS = 'dev_id, root, mo_version, discovered_at';

function badShape(table: string, column: string, expected: string): never {
  throw storeError(
    STORE_ERROR_CODES.corrupt,
    `Column ${table}.${column} holds JSON that is not ${expected}; the row was not written by this store.`,
  );
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullableString(value: JsonValue | undefined): value is string | null {
  return value === null || typeof value === 'string';
}

function match(value: JsonValue): PackageMatch {
  if (!isObject(value) || !['man', 'mod', 'fwV'].every((k) => nullableString(value[k]))) {
    return badShape('packages', 'match_rule', 'a { man, mod, fwV } matcher');
  }
  return {
    man: value['man'] as string | null,
    mod: value['mod'] as string | null,
    fwV: value['fwV'] as string | null,
  };
}

function components(value: JsonValue): PackageComponentRecord[] {
  const ok =
    Array.isArray(value) &&
    value.every(
      (c) =>
        isObject(c) &&
        typeof c['id'] === 'string' &&
        typeof c['name'] === 'string' &&
        typeof c['version'] === 'string' &&
        nullableString(c['description']) &&
        nullableString(c['envType']),
    );
  if (!ok) return badShape('packages', 'components', 'an array of components');
  return (value as { [key: string]: JsonValue }[]).map((c) => ({
    id: c['id'] as string,
    name: c['name'] as string,
    version: c['version'] as string,
    description: c['description'] as string | null,
    envType: c['envType'] as string | null,
  }));
}

export function packageFromRow(row: Row): PackageRecord {
  const t = 'packages';
  return {
    sha256: text(row, t, 'sha256'),
    packageId: text(row, t, 'package_id'),
    version: text(row, t, 'version'),
    size: int(row, t, 'size'),
    contentType: text(row, t, 'content_type'),
    format: oneOf(row, t, 'format', PACKAGE_FORMATS),
    fileName: textOrNull(row, t, 'file_name'),
    envType: textOrNull(row, t, 'env_type'),
    components: components(json(row, t, 'components')),
    match: match(json(row, t, 'match_rule')),
    signedBy: textOrNull(row, t, 'signed_by'),
    manifest: json(row, t, 'manifest'),
    addedAt: int(row, t, 'added_at'),
  };
}

/** The parameters of an INSERT with PACKAGE_COLUMNS, in order (JSON columns as text). */
export function packageParams(record: PackageRecord): (string | number | null)[] {
  return [
    record.sha256,
    record.packageId,
    record.version,
    record.size,
    record.contentType,
    record.format,
    record.fileName,
    record.envType,
    JSON.stringify(
      record.components.map((c) => ({
        id: c.id,
        name: c.name,
        version: c.version,
        description: c.description,
        envType: c.envType,
      })),
    ),
    JSON.stringify({ man: record.match.man, mod: record.match.mod, fwV: record.match.fwV }),
    record.signedBy,
    JSON.stringify(record.manifest),
    record.addedAt,
  ];
}

export function jobFromRow(row: Row): ScomoJobRecord {
  const t = 'scomo_jobs';
  return {
    id: text(row, t, 'id'),
    seq: int(row, t, 'seq'),
    devId: text(row, t, 'dev_id'),
    operation: text(row, t, 'operation'),
    state: oneOf(row, t, 'state', SCOMO_JOB_STATES),
    version: int(row, t, 'version'),
    createdAt: int(row, t, 'created_at'),
    updatedAt: int(row, t, 'updated_at'),
    finishedAt: intOrNull(row, t, 'finished_at'),
    body: json(row, t, 'body'),
  };
}

export function resultFromRow(row: Row): ScomoResultRecord {
  const t = 'scomo_results';
  return {
    alertId: text(row, t, 'alert_id'),
    devId: text(row, t, 'dev_id'),
    receivedAt: int(row, t, 'received_at'),
    correlator: textOrNull(row, t, 'correlator'),
    jobId: textOrNull(row, t, 'job_id'),
    step: intOrNull(row, t, 'step'),
    resultCode: intOrNull(row, t, 'result_code'),
    meaning: text(row, t, 'meaning'),
    identifier: textOrNull(row, t, 'identifier'),
    source: textOrNull(row, t, 'source'),
    target: textOrNull(row, t, 'target'),
    problem: textOrNull(row, t, 'problem'),
  };
}

export function resultParams(r: ScomoResultRecord): (string | number | null)[] {
  return [
    r.alertId,
    r.devId,
    r.receivedAt,
    r.correlator,
    r.jobId,
    r.step,
    r.resultCode,
    r.meaning,
    r.identifier,
    r.source,
    r.target,
    r.problem,
  ];
}

export function snapshotFromRow(row: Row): InventorySnapshotRecord {
  const t = 'inventory_snapshots';
  return {
    id: text(row, t, 'id'),
    devId: text(row, t, 'dev_id'),
    takenAt: int(row, t, 'taken_at'),
    root: text(row, t, 'root'),
    method: oneOf(row, t, 'method', INVENTORY_METHODS),
    jobId: textOrNull(row, t, 'job_id'),
    inventory: json(row, t, 'inventory'),
    changes: jsonOrNull(row, t, 'changes'),
  };
}

export function snapshotParams(s: InventorySnapshotRecord): (string | number | null)[] {
  return [
    s.id,
    s.devId,
    s.takenAt,
    s.root,
    s.method,
    s.jobId,
    JSON.stringify(s.inventory),
    s.changes === null ? null : JSON.stringify(s.changes),
  ];
}

export function rootFromRow(row: Row): ScomoRootRecord {
  const t = 'scomo_roots';
  return {
    devId: text(row, t, 'dev_id'),
    root: text(row, t, 'root'),
    moVersion: textOrNull(row, t, 'mo_version'),
    discoveredAt: int(row, t, 'discovered_at'),
  };
}

/** The per-device SCOMO tables deleteDevice clears. */
export const SCOMO_DEVICE_TABLES = [
  'scomo_jobs',
  'scomo_results',
  'inventory_snapshots',
  'scomo_roots',
] as const;
