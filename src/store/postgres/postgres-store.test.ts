/**
 * The PostgreSQL store against a real server (test/support/postgres.ts): the shared contract, then
 * what matters when several nodes share one database — two pools stand for two `scomo serve`
 * processes. Each test gets a fresh database.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { runStoreContract } from '../../server/testing/index.ts';
import { isScomoError } from '../../errors/index.ts';
import type { Store } from '../../server/index.ts';
import { T0, command, device } from '../testing/fixtures.ts';
import { startPostgres } from '../../../test/support/postgres.ts';
import type { PostgresServer } from '../../../test/support/postgres.ts';
import { openStore } from '../index.ts';
import { openPostgresStore, POSTGRES_MIGRATIONS } from './index.ts';
import type { PostgresStore } from './index.ts';

const BOUND = { timeout: 60_000 };

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(() => server?.stop());

const urls = new WeakMap<Store, string>();
async function freshStore(poolSize?: number): Promise<PostgresStore> {
  const connectionString = await server.createDatabase();
  const store = await openPostgresStore(
    poolSize === undefined ? { connectionString } : { connectionString, poolSize },
  );
  urls.set(store, connectionString);
  return store;
}

/** A second node on the same database as `store`. */
async function secondNode(store: Store): Promise<PostgresStore> {
  const connectionString = urls.get(store);
  assert.ok(connectionString !== undefined);
  return openPostgresStore({ connectionString });
}

runStoreContract('postgres', () => freshStore(), {
  reopen: async (store) => {
    const reopened = await secondNode(store);
    await store.close();
    return reopened;
  },
});

function rejectsWith(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isScomoError(error), `expected a ScomoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

async function sql(connectionString: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

async function enqueue(store: Store, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `c${i}`);
  for (const id of ids) {
    await store.enqueueCommand(command(id));
  }
  return ids;
}

describe('PostgresStore migrations', () => {
  test('nodes starting together apply each migration once; a restart applies none', BOUND, async () => {
    const connectionString = await server.createDatabase();
    const nodes = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore({ connectionString })));
    assert.deepEqual(
      nodes.map((n) => n.appliedMigrations.length).sort(),
      [0, 0, 0, POSTGRES_MIGRATIONS.length],
      'exactly one node ran the migrations',
    );
    const recorded = (
      await sql(
        connectionString,
        'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
      )
    ).rows;
    assert.deepEqual(
      recorded.map((r) => [r.version, r.name]),
      POSTGRES_MIGRATIONS.map((m) => [m.version, m.name]),
    );
    await Promise.all(nodes.map((n) => n.close()));

    const restarted = await openPostgresStore({ connectionString });
    assert.deepEqual(restarted.appliedMigrations, []);
    await restarted.close();
    const again = (
      await sql(
        connectionString,
        'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
      )
    ).rows;
    assert.deepEqual(again, recorded, 'a restart rewrites nothing in schema_migrations');
  });

  test('a database migrated by a newer build is refused', BOUND, async () => {
    const store = await freshStore();
    const connectionString = urls.get(store) ?? '';
    await store.close();
    await sql(
      connectionString,
      "INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'future', 'x')",
    );
    await assert.rejects(openPostgresStore({ connectionString }), rejectsWith('SCOMO_STORE_MIGRATION'));
  });

  test('an unreachable database is SCOMO_STORE_OPEN and the message hides the password', BOUND, async () => {
    const connectionString = `postgres://postgres:s3cret@127.0.0.1:${server.port}/no_such_database`;
    await assert.rejects(openPostgresStore({ connectionString }), (error) => {
      rejectsWith('SCOMO_STORE_OPEN')(error);
      assert.ok(error instanceof Error && !error.message.includes('s3cret'), 'no password in the message');
      return true;
    });
    await assert.rejects(
      openPostgresStore({ connectionString: server.url, poolSize: 0 }),
      rejectsWith('SCOMO_STORE_OPEN'),
    );
  });
});

describe('PostgresStore shared by two nodes', () => {
  test('two pools claiming one device queue concurrently never get the same command', BOUND, async () => {
    const a = await freshStore(4);
    const b = await secondNode(a);
    const ids = await enqueue(a, 150);
    const claimLoop = async (store: Store, token: string, batch: number) => {
      const got: string[] = [];
      for (;;) {
        const claimed = await store.claimCommands('D', token, T0, batch);
        if (claimed.length === 0) return got;
        got.push(...claimed.map((c) => c.id));
      }
    };
    const results = await Promise.all([
      claimLoop(a, 'a1', 1),
      claimLoop(a, 'a2', 3),
      claimLoop(a, 'a3', 5),
      claimLoop(b, 'b1', 2),
      claimLoop(b, 'b2', 4),
      claimLoop(b, 'b3', 7),
    ]);
    const all = results.flat();
    assert.equal(new Set(all).size, all.length, 'no command was claimed twice');
    assert.deepEqual([...all].sort(), [...ids].sort());
    const stored = await b.listCommands();
    assert.ok(stored.every((c) => c.state === 'claimed' && c.attempts === 1));
    await a.close();
    await b.close();
  });

  test('a row another transaction holds is skipped, not waited for (SKIP LOCKED)', BOUND, async () => {
    const store = await freshStore();
    await enqueue(store, 3);
    const holder = new pg.Client({ connectionString: urls.get(store) ?? '' });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT seq FROM commands WHERE id = 'c0' FOR UPDATE");
      const claimed = await store.claimCommands('D', 'tok', T0, 10);
      assert.deepEqual(
        claimed.map((c) => c.id),
        ['c1', 'c2'],
      );
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    assert.deepEqual(
      (await store.claimCommands('D', 'tok', T0, 10)).map((c) => c.id),
      ['c0'],
    );
    await store.close();
  });

  test(
    'resolving the same commands from two pools at once: each is resolved exactly once',
    BOUND,
    async () => {
      const a = await freshStore(4);
      const b = await secondNode(a);
      const ids = await enqueue(a, 40);
      await a.claimCommands('D', 'tok', T0, 20);
      const resolver = (store: Store, code: string, order: string[]) =>
        Promise.all(
          order.map(async (id) => {
            const result = await store.resolveCommand(id, { kind: 'failed', code, message: 'race' }, T0);
            return result.resolved ? id : null;
          }),
        );
      const won = await Promise.all([
        resolver(a, 'A1', ids),
        resolver(b, 'B1', [...ids].reverse()),
        resolver(a, 'A2', [...ids].reverse()),
        resolver(b, 'B2', ids),
      ]);
      const winners = won.map((list) => list.filter((id): id is string => id !== null));
      assert.equal(winners.flat().length, ids.length);
      assert.equal(new Set(winners.flat()).size, ids.length);
      const codes = ['A1', 'B1', 'A2', 'B2'];
      for (const [n, list] of winners.entries()) {
        for (const id of list) {
          const stored = await b.getCommand(id);
          assert.deepEqual(stored?.outcome, { kind: 'failed', code: codes[n], message: 'race' });
          assert.equal(stored?.claimedBy, null);
        }
      }
      await a.close();
      await b.close();
    },
  );

  test(
    'the device session lock excludes a second holder on another node until release or expiry',
    BOUND,
    async () => {
      const a = await freshStore();
      const b = await secondNode(a);
      const race = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? a : b).acquireDeviceLock('D', `tok${i}`, T0, 1000),
        ),
      );
      const winners = race.filter((r) => r.acquired);
      assert.equal(winners.length, 1);
      const holder = winners[0]?.acquired ? winners[0].lock.holder : '';
      for (const r of race) if (!r.acquired) assert.equal(r.current.holder, holder);

      assert.equal((await b.acquireDeviceLock('D', 'other', T0 + 999, 1000)).acquired, false);
      assert.equal(await b.releaseDeviceLock('D', 'other'), false);
      assert.equal(await a.releaseDeviceLock('D', holder), true);
      assert.equal((await b.acquireDeviceLock('D', 'other', T0 + 10, 1000)).acquired, true);
      assert.equal(
        (await a.acquireDeviceLock('D', holder, T0 + 1009, 1000)).acquired,
        false,
        'held until expiry',
      );
      const afterExpiry = await a.acquireDeviceLock('D', holder, T0 + 1010, 1000);
      assert.deepEqual(afterExpiry, {
        acquired: true,
        lock: { devId: 'D', holder, acquiredAt: T0 + 1010, expiresAt: T0 + 2010 },
      });
      await a.close();
      await b.close();
    },
  );

  test('a session hops between nodes message by message, compare-and-set on its version', BOUND, async () => {
    const a = await freshStore();
    const b = await secondNode(a);
    const write = (step: number) => ({
      token: 'tok',
      devId: 'D',
      createdAt: T0,
      updatedAt: T0 + step,
      expiresAt: T0 + 60_000,
      state: { step },
    });
    assert.deepEqual(await a.saveSession(write(1), null), { saved: true, version: 1 });
    assert.deepEqual((await b.getSession('tok'))?.state, { step: 1 });
    assert.deepEqual(await b.saveSession(write(2), 1), { saved: true, version: 2 });
    assert.deepEqual(await a.saveSession(write(99), 1), { saved: false, currentVersion: 2 });
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).saveSession(write(10 + i), 2)),
    );
    assert.equal(racing.filter((r) => r.saved).length, 1);
    assert.equal((await a.getSession('tok'))?.version, 3);
    await a.close();
    await b.close();
  });
});

describe('PostgresStore values and errors', () => {
  test(
    'strings with NUL, lone surrogates and astral characters round-trip through json columns',
    BOUND,
    async () => {
      const store = await freshStore();
      const odd = {
        nul: 'a\u0000b',
        lone: '\ud800x',
        astral: '😀 ✓',
        key: { 'with "quotes"': ['\\', '\n'] },
      };
      await store.enqueueCommand(command('odd', 'D', { payload: odd }));
      assert.deepEqual((await store.getCommand('odd'))?.payload, odd);
      await store.saveSession(
        { token: 't', devId: 'D', createdAt: T0, updatedAt: T0, expiresAt: T0, state: 'just a string' },
        null,
      );
      assert.equal((await store.getSession('t'))?.state, 'just a string');
      await store.close();
    },
  );

  test('a row the store did not write reads as SCOMO_STORE_CORRUPT', BOUND, async () => {
    const store = await freshStore();
    await sql(
      urls.get(store) ?? '',
      `INSERT INTO devices (dev_id, enabled, registered_at, dev_info, dev_detail, quirks)
       VALUES ('IMEI:bad', true, 0, '{}', '{}', '"not a list"')`,
    );
    await assert.rejects(store.getDevice('IMEI:bad'), rejectsWith('SCOMO_STORE_CORRUPT'));
    await store.close();
  });

  test(
    'values the database refuses surface as SCOMO_STORE_QUERY; use after close as SCOMO_STORE_CLOSED',
    BOUND,
    async () => {
      const store = await freshStore();
      await assert.rejects(
        store.upsertDevice(device('IMEI:x', { registeredAt: 1.5 })),
        rejectsWith('SCOMO_STORE_QUERY'),
      );
      await store.close();
      await store.close();
      await assert.rejects(store.getDevice('IMEI:x'), rejectsWith('SCOMO_STORE_CLOSED'));
    },
  );

  test('openStore picks PostgreSQL for postgres:// and postgresql:// URLs', BOUND, async () => {
    const url = await server.createDatabase();
    for (const spelled of [url, url.replace(/^postgres:/, 'postgresql:')]) {
      const store = await openStore(spelled);
      await store.upsertDevice(device('IMEI:url'));
      assert.equal((await store.getDevice('IMEI:url'))?.devId, 'IMEI:url');
      await store.close();
    }
    const rows = (await sql(url, "SELECT count(*)::int AS n FROM devices WHERE dev_id = 'IMEI:url'")).rows;
    assert.deepEqual(rows, [{ n: 1 }], 'both spellings reached the same PostgreSQL database');
  });
});
