import type { DevicePatch, DeviceRecord, ListDevicesQuery } from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import { applyDevicePatch } from '../shared/device-patch.ts';
import { DEVICE_COLUMNS, deviceFromRow } from '../shared/records.ts';
import type { PgDatabase, PgQueries } from './database.ts';
import { Conditions, jsonParam, jsonParamOrNull, limitParam } from './params.ts';
import { SCOMO_DEVICE_TABLES } from '../shared/scomo-records.ts';

const COLUMNS = DEVICE_COLUMNS.split(', ');
const PLACEHOLDERS = COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
const REPLACE_ALL = COLUMNS.filter((column) => column !== 'dev_id')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');

const SELECT_ONE = `SELECT ${DEVICE_COLUMNS} FROM devices WHERE dev_id = $1`;
const UPSERT = `INSERT INTO devices (${DEVICE_COLUMNS}) VALUES (${PLACEHOLDERS})
  ON CONFLICT (dev_id) DO UPDATE SET ${REPLACE_ALL}
  RETURNING ${DEVICE_COLUMNS}`;
const INSERT_IF_ABSENT = `INSERT INTO devices (${DEVICE_COLUMNS}) VALUES (${PLACEHOLDERS})
  ON CONFLICT (dev_id) DO NOTHING
  RETURNING ${DEVICE_COLUMNS}`;

/** How often insertDeviceIfAbsent retries when the conflicting row is deleted before it is read. */
const INSERT_ATTEMPTS = 5;

/** Parameters in DEVICE_COLUMNS order. */
function deviceParams(device: DeviceRecord): unknown[] {
  return [
    device.devId,
    device.enabled,
    device.registeredAt,
    device.lastSeenAt,
    jsonParamOrNull(device.clientCredential === null ? null : { ...device.clientCredential }),
    jsonParamOrNull(device.serverCredential === null ? null : { ...device.serverCredential }),
    device.clientNonce,
    device.serverNonce,
    jsonParam({ ...device.devInfo }),
    jsonParam({ ...device.devDetail }),
    jsonParam([...device.quirks]),
    device.notifyAddress,
  ];
}

export async function upsertDevice(db: PgQueries, device: DeviceRecord): Promise<void> {
  await db.rows(UPSERT, deviceParams(device));
}

/**
 * ON CONFLICT DO NOTHING waits for a concurrent insert of the same devId to commit, so exactly one
 * caller creates; the others then read the winner's row in a fresh statement (READ COMMITTED).
 */
export async function insertDeviceIfAbsent(
  db: PgQueries,
  device: DeviceRecord,
): Promise<{ created: boolean; device: DeviceRecord }> {
  for (let attempt = 1; attempt <= INSERT_ATTEMPTS; attempt += 1) {
    const [inserted] = await db.rows(INSERT_IF_ABSENT, deviceParams(device));
    if (inserted !== undefined) return { created: true, device: deviceFromRow(inserted) };
    const existing = await readDevice(db, device.devId);
    if (existing !== null) return { created: false, device: existing };
    // The conflicting row was deleted between the two statements: insert again.
  }
  throw storeError(
    STORE_ERROR_CODES.query,
    `Device ${device.devId} kept conflicting with a row deleted before it could be read; retry the registration.`,
  );
}

export async function readDevice(db: PgQueries, devId: string): Promise<DeviceRecord | null> {
  const [row] = await db.rows(SELECT_ONE, [devId]);
  return row === undefined ? null : deviceFromRow(row);
}

export async function updateDevice(
  db: PgDatabase,
  devId: string,
  patch: DevicePatch,
): Promise<DeviceRecord | null> {
  return db.transaction(async (tx) => updateDeviceIn(tx, devId, patch));
}

/** The body of updateDevice, for callers already inside a transaction. */
export async function updateDeviceIn(
  tx: PgQueries,
  devId: string,
  patch: DevicePatch,
): Promise<DeviceRecord | null> {
  // FOR UPDATE: concurrent patches of one device apply one after the other, none is lost.
  const [row] = await tx.rows(`${SELECT_ONE} FOR UPDATE`, [devId]);
  if (row === undefined) return null;
  const [updated] = await tx.rows(UPSERT, deviceParams(applyDevicePatch(deviceFromRow(row), patch)));
  return updated === undefined ? null : deviceFromRow(updated);
}

export async function listDevices(db: PgQueries, query: ListDevicesQuery): Promise<DeviceRecord[]> {
  const conditions = new Conditions();
  if (query.afterDevId !== undefined) conditions.add(query.afterDevId, (p) => `dev_id > ${p}`);
  const limit = conditions.param(limitParam(query.limit));
  const rows = await db.rows(
    `SELECT ${DEVICE_COLUMNS} FROM devices ${conditions.where()} ORDER BY dev_id LIMIT ${limit}`,
    conditions.params,
  );
  return rows.map(deviceFromRow);
}

/** Removes the device and everything keyed by its devId, all or nothing. */
export async function deleteDevice(db: PgDatabase, devId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    for (const table of ['device_locks', 'sessions', 'commands', 'alerts', 'session_history'] as const) {
      await tx.count(`DELETE FROM ${table} WHERE dev_id = $1`, [devId]);
    }
    for (const table of SCOMO_DEVICE_TABLES)
      await tx.count(`DELETE FROM ${table} WHERE dev_id = $1`, [devId]);
    return (await tx.count('DELETE FROM devices WHERE dev_id = $1', [devId])) === 1;
  });
}
