import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { runStoreContract } from '../../server/testing/index.ts';
import { isScomoError } from '../../errors/index.ts';
import type { Store } from '../../server/index.ts';
import { T0, command, device } from '../testing/fixtures.ts';
import { openSqliteStore, SQLITE_MIGRATIONS } from './index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'scomo-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const freshFile = () => path.join(dir, `store-${(files += 1)}.db`);

/** Each contract test gets its own file; reopen closes and opens the same file again. */
const opened = new WeakMap<Store, string>();
runStoreContract(
  'sqlite file',
  async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file });
    opened.set(store, file);
    return store;
  },
  {
    reopen: async (store) => {
      const file = opened.get(store);
      assert.ok(file !== undefined);
      await store.close();
      return openSqliteStore({ file });
    },
  },
);

runStoreContract('sqlite :memory:', () => openSqliteStore({ file: ':memory:' }));

function rejectsWith(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isScomoError(error), `expected a ScomoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

function migrationRows(file: string): Record<string, unknown>[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db
      .prepare('SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version')
      .all();
  } finally {
    db.close();
  }
}

describe('SqliteStore migrations and file settings', () => {
  test('migrations are applied once at open, recorded, and a reopen applies none', async () => {
    const file = freshFile();
    const first = await openSqliteStore({ file });
    assert.deepEqual(
      first.appliedMigrations,
      SQLITE_MIGRATIONS.map((m) => m.version),
    );
    await first.upsertDevice(device('IMEI:kept'));
    await first.close();
    const recorded = migrationRows(file);
    assert.deepEqual(
      recorded.map((r) => [r['version'], r['name']]),
      SQLITE_MIGRATIONS.map((m) => [m.version, m.name]),
    );
    assert.ok(
      recorded.every((r) => typeof r['checksum'] === 'string' && /^[0-9a-f]{64}$/.test(r['checksum'])),
    );

    const second = await openSqliteStore(file);
    assert.deepEqual(second.appliedMigrations, []);
    assert.equal((await second.getDevice('IMEI:kept'))?.devId, 'IMEI:kept');
    await second.close();
    assert.deepEqual(migrationRows(file), recorded, 'a reopen rewrites nothing in schema_migrations');
  });

  test('a file migrated by a newer build, or with an edited migration, is refused', async () => {
    const newer = freshFile();
    await (await openSqliteStore(newer)).close();
    const db = new DatabaseSync(newer);
    db.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'from the future', 'x')");
    db.close();
    await assert.rejects(openSqliteStore(newer), rejectsWith('SCOMO_STORE_MIGRATION'));

    const edited = freshFile();
    await (await openSqliteStore(edited)).close();
    const db2 = new DatabaseSync(edited);
    db2.exec("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
    db2.close();
    await assert.rejects(openSqliteStore(edited), rejectsWith('SCOMO_STORE_MIGRATION'));
  });

  test('the file is in WAL mode and missing directories are created', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'scomo.db');
    await (await openSqliteStore({ file })).close();
    const db = new DatabaseSync(file, { readOnly: true });
    assert.deepEqual({ ...db.prepare('PRAGMA journal_mode').get() }, { journal_mode: 'wal' });
    db.close();
  });

  test('bad options are typed errors', async () => {
    await assert.rejects(openSqliteStore({ file: '' }), rejectsWith('SCOMO_STORE_OPEN'));
    await assert.rejects(
      openSqliteStore({ file: freshFile(), busyTimeoutMs: -1 }),
      rejectsWith('SCOMO_STORE_OPEN'),
    );
    // A directory where the file should be cannot be opened as a database.
    await assert.rejects(openSqliteStore({ file: dir }), rejectsWith('SCOMO_STORE_OPEN'));
  });
});

describe('SqliteStore behaviour beyond the contract', () => {
  test('use after close is SCOMO_STORE_CLOSED, and close is idempotent', async () => {
    const store = await openSqliteStore({ file: freshFile() });
    await store.close();
    await store.close();
    await assert.rejects(store.getDevice('D'), rejectsWith('SCOMO_STORE_CLOSED'));
    await assert.rejects(store.claimCommands('D', 'tok', T0, 1), rejectsWith('SCOMO_STORE_CLOSED'));
  });

  test('a row the store did not write reads as SCOMO_STORE_CORRUPT, not a TypeError', async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file });
    const raw = new DatabaseSync(file);
    raw.exec(`INSERT INTO devices (dev_id, enabled, registered_at, dev_info, dev_detail, quirks)
              VALUES ('IMEI:bad', 1, 0, '[1, 2]', '{}', '[]')`);
    raw.exec(`INSERT INTO commands (id, dev_id, payload, enqueued_at, state, resolved_at, outcome)
              VALUES ('weird', 'D', '{}', 0, 'resolved', 1, '{"kind": "exploded"}')`);
    raw.close();
    await assert.rejects(store.getDevice('IMEI:bad'), rejectsWith('SCOMO_STORE_CORRUPT'));
    await assert.rejects(store.getCommand('weird'), rejectsWith('SCOMO_STORE_CORRUPT'));
    await store.close();
  });

  test('values the database refuses surface as SCOMO_STORE_QUERY', async () => {
    const store = await openSqliteStore({ file: freshFile() });
    // A fractional time cannot go into a STRICT INTEGER column.
    await assert.rejects(
      store.upsertDevice(device('IMEI:x', { registeredAt: 1.5 })),
      rejectsWith('SCOMO_STORE_QUERY'),
    );
    assert.equal(await store.getDevice('IMEI:x'), null);
    await store.close();
  });

  test('strings with NUL, lone surrogates and astral characters round-trip through JSON columns', async () => {
    const store = await openSqliteStore({ file: freshFile() });
    const odd = { nul: 'a\u0000b', lone: '\ud800x', astral: '😀 ✓', key: { 'with "quotes"': ['\\', '\n'] } };
    await store.enqueueCommand(command('odd', 'D', { payload: odd }));
    assert.deepEqual((await store.getCommand('odd'))?.payload, odd);
    await store.close();
  });

  test('a write lock held past busyTimeoutMs is SCOMO_STORE_BUSY, and the store recovers after', async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file, busyTimeoutMs: 50 });
    const other = new DatabaseSync(file, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    await assert.rejects(store.upsertDevice(device('IMEI:busy')), rejectsWith('SCOMO_STORE_BUSY'));
    other.exec('COMMIT');
    other.close();
    await store.upsertDevice(device('IMEI:busy'));
    assert.equal((await store.getDevice('IMEI:busy'))?.devId, 'IMEI:busy');
    await store.close();
  });

  test('two connections on one file share the queue, the sessions and the device lock', async () => {
    const file = freshFile();
    const a = await openSqliteStore({ file });
    const b = await openSqliteStore({ file });
    for (let i = 0; i < 4; i += 1) {
      await a.enqueueCommand(command(`c${i}`));
    }
    const fromA = await a.claimCommands('D', 'tokA', T0, 3);
    const fromB = await b.claimCommands('D', 'tokB', T0, 3);
    assert.deepEqual([fromA.map((c) => c.id), fromB.map((c) => c.id)], [['c0', 'c1', 'c2'], ['c3']]);

    assert.equal((await a.acquireDeviceLock('D', 'tokA', T0, 1000)).acquired, true);
    const refused = await b.acquireDeviceLock('D', 'tokB', T0 + 10, 1000);
    assert.deepEqual(refused, {
      acquired: false,
      current: { devId: 'D', holder: 'tokA', acquiredAt: T0, expiresAt: T0 + 1000 },
    });
    assert.equal(await b.releaseDeviceLock('D', 'tokB'), false);
    assert.equal(await a.releaseDeviceLock('D', 'tokA'), true);
    assert.equal((await b.acquireDeviceLock('D', 'tokB', T0 + 20, 1000)).acquired, true);
    assert.equal(
      (await a.acquireDeviceLock('D', 'tokA', T0 + 1019, 1000)).acquired,
      false,
      'held until expiry',
    );
    assert.equal((await a.acquireDeviceLock('D', 'tokA', T0 + 1020, 1000)).acquired, true, 'free at expiry');

    const session = {
      token: 'tok',
      devId: 'D',
      createdAt: T0,
      updatedAt: T0,
      expiresAt: T0 + 9,
      state: { step: 1 },
    };
    assert.deepEqual(await a.saveSession(session, null), { saved: true, version: 1 });
    assert.deepEqual(await b.saveSession({ ...session, state: { step: 2 } }, 1), { saved: true, version: 2 });
    assert.deepEqual(await a.saveSession({ ...session, state: { step: 'stale' } }, 1), {
      saved: false,
      currentVersion: 2,
    });
    assert.deepEqual((await a.getSession('tok'))?.state, { step: 2 });
    await a.close();
    await b.close();
  });
});
