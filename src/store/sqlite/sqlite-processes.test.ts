/**
 * Guarantees that must hold between processes sharing one SQLite file (two `scomo` processes on one
 * data directory) and across a process killed mid-write. Each worker is a real child process
 * (testing/worker.ts); the per-test timeout only bounds a hung child, nothing here asserts timing.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteStore } from './index.ts';
import { T0, command, device } from '../testing/fixtures.ts';
import { ChildWorker, killAllWorkers, startTogether } from './testing/spawn-worker.ts';

const BOUND = { timeout: 120_000 };
const dir = mkdtempSync(path.join(tmpdir(), 'scomo-sqlite-proc-'));
after(() => {
  killAllWorkers();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
const freshFile = () => path.join(dir, `store-${(files += 1)}.db`);

async function seedCommands(file: string, count: number): Promise<string[]> {
  const store = await openSqliteStore({ file });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(`c${i}`);
    await store.enqueueCommand(command(`c${i}`));
  }
  await store.close();
  return ids;
}

function integrity(file: string): unknown {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare('PRAGMA integrity_check').get()?.['integrity_check'];
  } finally {
    db.close();
  }
}

describe('SqliteStore across processes', () => {
  test('processes claiming one device queue concurrently never get the same command', BOUND, async () => {
    const file = freshFile();
    const ids = await seedCommands(file, 120);
    const workers = [1, 2, 3, 4].map(
      (n) => new ChildWorker('claim', file, { devId: 'D', token: `tok${n}`, batch: n }),
    );
    await startTogether(workers);
    const claimed = (await Promise.all(workers.map((w) => w.result()))) as string[][];
    const all = claimed.flat();
    assert.equal(new Set(all).size, all.length, 'no command was claimed twice');
    assert.deepEqual([...all].sort(), [...ids].sort(), 'every command was claimed by someone');

    const store = await openSqliteStore({ file });
    const byToken = new Map<string, number>();
    for (const command of await store.listCommands()) {
      assert.equal(command.state, 'claimed');
      assert.equal(command.attempts, 1);
      byToken.set(command.claimedBy ?? '', (byToken.get(command.claimedBy ?? '') ?? 0) + 1);
    }
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => byToken.get(`tok${n}`) ?? 0),
      claimed.map((list) => list.length),
      'the stored claim matches what each process was given',
    );
    await store.close();
  });

  test(
    'processes resolving the same commands concurrently: each is resolved exactly once',
    BOUND,
    async () => {
      const file = freshFile();
      const ids = await seedCommands(file, 60);
      const orders = [
        ids,
        [...ids].reverse(),
        ids.filter((_, i) => i % 2 === 0).concat(ids.filter((_, i) => i % 2)),
      ];
      const workers = orders.map(
        (order, n) => new ChildWorker('resolve', file, { ids: order, code: `W${n}` }),
      );
      await startTogether(workers);
      const won = (await Promise.all(workers.map((w) => w.result()))) as string[][];
      const all = won.flat();
      assert.equal(all.length, ids.length, 'exactly one resolve succeeded per command');
      assert.equal(new Set(all).size, ids.length);

      const store = await openSqliteStore({ file });
      for (const [n, list] of won.entries()) {
        for (const id of list) {
          const stored = await store.getCommand(id);
          assert.equal(stored?.state, 'resolved');
          assert.deepEqual(
            stored?.outcome,
            { kind: 'failed', code: `W${n}`, message: 'race' },
            `${id} keeps its winner`,
          );
        }
      }
      await store.close();
    },
  );

  test('processes racing for one device lock: exactly one holds it', BOUND, async () => {
    const file = freshFile();
    await (await openSqliteStore({ file })).close();
    const workers = [0, 1, 2, 3, 4].map(
      (n) => new ChildWorker('lock', file, { devId: 'D', holder: `tok${n}` }),
    );
    await startTogether(workers);
    const acquired = (await Promise.all(workers.map((w) => w.result()))) as boolean[];
    assert.equal(acquired.filter(Boolean).length, 1);
    const store = await openSqliteStore({ file });
    assert.equal((await store.getDeviceLock('D'))?.holder, `tok${acquired.indexOf(true)}`);
    await store.close();
  });
});

describe('SqliteStore crash safety', () => {
  test('a process killed inside a write transaction leaves the last committed state', BOUND, async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file });
    await store.upsertDevice(device('D'));
    await store.enqueueCommand(command('c1'));
    await store.claimCommands('D', 'tok', T0, 1);
    const before = await store.getCommand('c1');
    await store.close();

    // The worker resolves c1, inserts c2 and deletes the device in one transaction, then stops
    // before COMMIT and is killed there.
    const worker = new ChildWorker('hang-in-transaction', file);
    await worker.waitFor((line) => line === 'inside');
    worker.kill();
    assert.equal((await worker.exited).signal, 'SIGKILL');

    assert.equal(integrity(file), 'ok');
    const reopened = await openSqliteStore({ file });
    assert.deepEqual(await reopened.getCommand('c1'), before, 'c1 is still claimed, not resolved');
    assert.equal(await reopened.getCommand('c2'), null, 'the uncommitted insert is gone');
    assert.equal((await reopened.getDevice('D'))?.devId, 'D', 'the uncommitted delete is gone');
    // The dead process's write lock went with it: writing works at once.
    await reopened.enqueueCommand(command('c3'));
    assert.equal((await reopened.getCommand('c3'))?.state, 'pending');
    await reopened.close();
  });

  test(
    'a process killed while committing a stream of writes loses none it reported committed',
    BOUND,
    async () => {
      const file = freshFile();
      await (await openSqliteStore({ file })).close();
      const worker = new ChildWorker('write-loop', file);
      await startTogether([worker]);
      await worker.waitFor((line) => line === '40');
      worker.kill();
      await worker.exited;
      const reported = Math.max(...worker.lines.filter((l) => /^\d+$/.test(l)).map(Number));

      assert.equal(integrity(file), 'ok');
      const store = await openSqliteStore({ file });
      const commands = await store.listCommands({ devId: 'D' });
      const indices = commands.map((c) => Number(c.id.slice(1)));
      assert.deepEqual(
        indices,
        indices.map((_, i) => i),
        'the stored commands are w0…wN with no gap',
      );
      assert.ok(indices.length - 1 >= reported, `every reported write survived (reported ${reported})`);
      for (const command of commands.filter((c) => Number(c.id.slice(1)) < reported)) {
        assert.equal(command.state, 'resolved', `${command.id} was resolved before ${reported} was reported`);
      }
      await store.close();
    },
  );
});
