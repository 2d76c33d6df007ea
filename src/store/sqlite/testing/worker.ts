/**
 * A separate process on a shared SQLite file, for sqlite-store.test.ts: proves that guarantees hold
 * between processes (file locks), not only between calls of one process. Protocol on stdio:
 * prints `ready` once the store is open, waits for a line on stdin (so all workers start together),
 * then prints one JSON line per result and exits. Usage: node worker.ts MODE FILE JSON-ARGS
 */
import { DatabaseSync } from 'node:sqlite';
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../open.ts';
import { SqliteConnection } from '../connection.ts';
import { T0, command } from '../../testing/fixtures.ts';

const [mode, file, rawArgs] = process.argv.slice(2);
if (mode === undefined || file === undefined) throw new Error('usage: worker.ts MODE FILE JSON-ARGS');
const args = JSON.parse(rawArgs ?? '{}') as Record<string, unknown>;

function say(value: unknown): void {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

async function go(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  for await (const _ of lines) break;
}

if (mode === 'hang-in-transaction') {
  // Starts a multi-row write transaction through the store's own connection wrapper, reports that it
  // is inside, and blocks the thread so the parent can SIGKILL it before COMMIT.
  const connection = new SqliteConnection(new DatabaseSync(file, { timeout: 5000 }));
  connection.transaction(() => {
    connection.run(
      `UPDATE commands SET state = 'resolved', claimed_by = NULL, claimed_at = NULL, resolved_at = ?, outcome = ?
       WHERE id = ?`,
      [T0 + 1, JSON.stringify({ kind: 'cancelled', reason: 'never committed' }), 'c1'],
    );
    connection.run(
      `INSERT INTO commands (id, dev_id, payload, enqueued_at, state, attempts) VALUES ('c2', 'D', '{}', ?, 'pending', 0)`,
      [T0],
    );
    connection.run('DELETE FROM devices');
    say('inside');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
} else {
  const store = await openSqliteStore({ file, busyTimeoutMs: 10_000 });
  say('ready');
  await go();
  switch (mode) {
    case 'claim': {
      const claimed: string[] = [];
      for (;;) {
        const batch = await store.claimCommands(
          String(args['devId']),
          String(args['token']),
          T0,
          Number(args['batch']),
        );
        if (batch.length === 0) break;
        claimed.push(...batch.map((c) => c.id));
      }
      say(claimed);
      break;
    }
    case 'resolve': {
      const won: string[] = [];
      for (const id of args['ids'] as string[]) {
        const result = await store.resolveCommand(
          id,
          { kind: 'failed', code: String(args['code']), message: 'race' },
          T0,
        );
        if (result.resolved) won.push(id);
      }
      say(won);
      break;
    }
    case 'lock': {
      const result = await store.acquireDeviceLock(String(args['devId']), String(args['holder']), T0, 60_000);
      say(result.acquired);
      break;
    }
    case 'write-loop': {
      // Each iteration is committed before it is reported; the parent kills us at some point.
      for (let i = 0; ; i += 1) {
        await store.enqueueCommand(command(`w${i}`, 'D', { enqueuedAt: T0 + i }));
        if (i > 0) await store.resolveCommand(`w${i - 1}`, { kind: 'expired' }, T0 + i);
        say(String(i));
      }
    }
    default:
      throw new Error(`unknown worker mode ${mode}`);
  }
  await store.close();
}
