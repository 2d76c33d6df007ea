import type { DevicePatch, DeviceRecord, ListDevicesQuery } from '../../server/index.ts';
import { applyDevicePatch } from '../shared/device-patch.ts';
import { DEVICE_COLUMNS, deviceFromRow } from '../shared/records.ts';
import type { SqlValue, SqliteConnection } from './connection.ts';
import { flag, jsonText, jsonTextOrNull, limitParam } from './params.ts';
import { SCOMO_DEVICE_TABLES } from '../shared/scomo-records.ts';

const PLACEHOLDERS = DEVICE_COLUMNS.split(', ')
  .map(() => '?')
  .join(', ');
const REPLACE_ALL = DEVICE_COLUMNS.split(', ')
  .filter((column) => column !== 'dev_id')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

const SELECT_ONE = `SELECT ${DEVICE_COLUMNS} FROM devices WHERE dev_id = ?`;
const UPSERT = `INSERT INTO devices (${DEVICE_COLUMNS}) VALUES (${PLACEHOLDERS})
  ON CONFLICT (dev_id) DO UPDATE SET ${REPLACE_ALL}`;
const INSERT_IF_ABSENT = `INSERT INTO devices (${DEVICE_COLUMNS}) VALUES (${PLACEHOLDERS})
  ON CONFLICT (dev_id) DO NOTHING`;

/** Parameters in DEVICE_COLUMNS order. */
function deviceParams(device: DeviceRecord): SqlValue[] {
  return [
    device.devId,
    flag(device.enabled),
    device.registeredAt,
    device.lastSeenAt,
    jsonTextOrNull(device.clientCredential === null ? null : { ...device.clientCredential }),
    jsonTextOrNull(device.serverCredential === null ? null : { ...device.serverCredential }),
    device.clientNonce,
    device.serverNonce,
    jsonText({ ...device.devInfo }),
    jsonText({ ...device.devDetail }),
    jsonText([...device.quirks]),
    device.notifyAddress,
  ];
}

export function upsertDevice(db: SqliteConnection, device: DeviceRecord): void {
  db.run(UPSERT, deviceParams(device));
}

export function insertDeviceIfAbsent(
  db: SqliteConnection,
  device: DeviceRecord,
): { created: boolean; device: DeviceRecord } {
  return db.transaction(() => {
    const created = db.run(INSERT_IF_ABSENT, deviceParams(device)) === 1;
    return { created, device: readDevice(db, device.devId) ?? device };
  });
}

export function readDevice(db: SqliteConnection, devId: string): DeviceRecord | null {
  const row = db.get(SELECT_ONE, [devId]);
  return row === undefined ? null : deviceFromRow(row);
}

export function updateDevice(db: SqliteConnection, devId: string, patch: DevicePatch): DeviceRecord | null {
  return db.transaction(() => updateDeviceIn(db, devId, patch));
}

/** The body of updateDevice, for callers that already hold the write transaction. */
export function updateDeviceIn(db: SqliteConnection, devId: string, patch: DevicePatch): DeviceRecord | null {
  const current = readDevice(db, devId);
  if (current === null) return null;
  const updated = applyDevicePatch(current, patch);
  db.run(UPSERT, deviceParams(updated));
  return readDevice(db, devId);
}

export function listDevices(db: SqliteConnection, query: ListDevicesQuery): DeviceRecord[] {
  const where = query.afterDevId === undefined ? '' : 'WHERE dev_id > ?';
  const params: SqlValue[] = query.afterDevId === undefined ? [] : [query.afterDevId];
  return db
    .all(`SELECT ${DEVICE_COLUMNS} FROM devices ${where} ORDER BY dev_id LIMIT ?`, [
      ...params,
      limitParam(query.limit),
    ])
    .map(deviceFromRow);
}

/** Removes the device and everything keyed by its devId, all or nothing. */
export function deleteDevice(db: SqliteConnection, devId: string): boolean {
  return db.transaction(() => {
    for (const table of ['device_locks', 'sessions', 'commands', 'alerts', 'session_history'] as const) {
      db.run(`DELETE FROM ${table} WHERE dev_id = ?`, [devId]);
    }
    for (const table of SCOMO_DEVICE_TABLES) db.run(`DELETE FROM ${table} WHERE dev_id = ?`, [devId]);
    return db.run('DELETE FROM devices WHERE dev_id = ?', [devId]) === 1;
  });
}
