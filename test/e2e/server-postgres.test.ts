/**
 * Scale-out on PostgreSQL: two `scomo serve` processes share one database behind a round-robin proxy
 * (the load balancer, and the public URL both nodes put in RespURI). A session's messages alternate
 * between the nodes and complete; several devices are served at once; each command resolves once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPostgres } from '../support/postgres.ts';
import type { PostgresServer } from '../support/postgres.ts';
import { agentOnce, openCore, provision, scomo, spawnServe, startProxy, tempDir } from './server-harness.ts';
import type { DeviceSpec, ServeProcess, TestProxy } from './server-harness.ts';

describe('two nodes on one PostgreSQL database', () => {
  let pg: PostgresServer;
  let db: string;
  let proxy: TestProxy;
  const nodes: ServeProcess[] = [];

  before(async () => {
    pg = await startPostgres();
    db = await pg.createDatabase();
    const targets: { port: number }[] = [];
    proxy = await startProxy(targets);
    const dir = tempDir();
    const flags = ['--port', '0', '--db', db, '--public-url', proxy.url, '--log-level', 'warn'];
    // Both nodes start at once: migrations run under an advisory lock.
    nodes.push(...(await Promise.all([spawnServe(flags, { cwd: dir }), spawnServe(flags, { cwd: dir })])));
    targets.push(...nodes.map((node) => ({ port: node.port })));
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
    await proxy?.close();
    await pg?.stop();
  });

  test('a session whose messages alternate between the nodes completes', async () => {
    const device: DeviceSpec = { devId: 'IMEI:hopper', auth: 'hmac', password: 'hop', encoding: 'wbxml' };
    assert.equal(
      (await scomo(['device', device.devId, '--db', db, '--auth', 'hmac', '--password', 'hop'])).code,
      0,
    );
    for (const args of [
      ['add', './Vendor', '--format', 'node'],
      ['add', './Vendor/Big', 'z'.repeat(6000)],
      ['get', './Vendor/Big'],
      ['get', './DevDetail?list=StructData'],
    ]) {
      assert.equal((await scomo(['exec', device.devId, ...args, '--db', db])).code, 0);
    }
    const first = proxy.hits.length;
    const run = await agentOnce(proxy.url, device, ['--max-msg-size', '1024']);
    assert.equal(run.code, 0, JSON.stringify(run.session));
    const hits = proxy.hits.slice(first);
    assert.ok(hits.length >= 6, `${hits.length} messages`);
    // Round robin: consecutive messages of the one session went to different nodes.
    for (let i = 1; i < hits.length; i += 1) assert.notEqual(hits[i]?.target, hits[i - 1]?.target);
    for (const hit of hits) assert.equal(hit.status, 200);

    const shown = JSON.parse((await scomo(['device', device.devId, '--db', db, '--json'])).stdout) as {
      queue: unknown[];
      recentCommands: {
        operation: string;
        attempts: number;
        outcome: { status: number; results: { data: string }[] };
      }[];
      recentSessions: { ending: string; messagesIn: number }[];
    };
    assert.deepEqual(shown.queue, []);
    assert.equal(shown.recentCommands.length, 4);
    for (const command of shown.recentCommands) {
      assert.equal(command.attempts, 1, command.operation);
      assert.equal(command.outcome.status, 200, command.operation);
    }
    const big = shown.recentCommands.find((c) => c.operation === 'Get ./Vendor/Big');
    assert.equal(big?.outcome.results[0]?.data, 'z'.repeat(6000));
    assert.deepEqual(
      shown.recentSessions.map((s) => [s.ending, s.messagesIn]),
      [['completed', hits.length]],
    );
  });

  test('several devices at once across both nodes', async () => {
    const devices: DeviceSpec[] = Array.from({ length: 6 }, (_, i) => ({
      devId: `IMEI:crowd-${i}`,
      auth: 'md5',
      password: `crowd-${i}`,
      encoding: i % 2 === 0 ? 'xml' : 'wbxml',
    }));
    // Provisioned and queued from this process, on the same database.
    const core = await openCore(db);
    try {
      for (const device of devices) {
        await provision(core, device);
        await core.server.enqueue(device.devId, { kind: 'Get', items: [{ target: './DevInfo/DevId' }] });
      }
    } finally {
      await core.close();
    }
    const runs = await Promise.all(devices.map((device) => agentOnce(proxy.url, device)));
    for (const [i, run] of runs.entries()) {
      assert.equal(run.code, 0, `${devices[i]?.devId}: ${JSON.stringify(run.session)}`);
      assert.deepEqual(run.session?.['commands'], { Get: 1 });
    }
    const listed = JSON.parse((await scomo(['devices', '--db', db, '--json'])).stdout) as {
      devId: string;
      lastSeenAt: string | null;
    }[];
    for (const device of devices) {
      assert.ok(listed.find((d) => d.devId === device.devId)?.lastSeenAt !== null, device.devId);
    }
  });
});
