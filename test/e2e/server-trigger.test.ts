/**
 * Server-initiated sessions through package #0, and the operator commands around them: `scomo serve`
 * runs as a child process, the operator provisions a device and queues commands with `scomo device`
 * and `scomo exec --wait`, and `scomo agent --listen/--udp-port` is woken over HTTP and over UDP. An
 * in-process server wakes the device by itself when work is queued (wake-on-enqueue).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnAgent } from '../support/scripted-dm-server.ts';
import type { AgentProcess, LogLine } from '../support/scripted-dm-server.ts';
import {
  agentArgs,
  eventually,
  provision,
  scomo,
  SERVER_PASSWORD,
  spawnServe,
  startNode,
  tempDir,
} from './server-harness.ts';
import type { DeviceSpec, ServeProcess, TestNode } from './server-harness.ts';

const device: DeviceSpec = { devId: 'IMEI:woken', auth: 'md5', password: 'wake-me', serverAuth: true };

async function listeningAgent(
  url: string,
  spec: DeviceSpec,
): Promise<{ agent: AgentProcess; http: number; udp: number }> {
  const agent = spawnAgent(
    agentArgs(url, spec, ['--listen', '0', '--udp-port', '0', '--state', tempDir(), '--log-level', 'info']),
    60_000,
  );
  const started = await agent.waitForLog((line) => line.msg === 'agent started');
  return { agent, http: Number(started['httpPort']), udp: Number(started['udpPort']) };
}

const accepted = (bearer: string) => (line: LogLine) =>
  line.msg === 'package #0 accepted' && line['bearer'] === bearer;

describe('scomo serve + scomo exec + package #0 over HTTP and UDP', () => {
  let dir: string;
  let config: string;
  let serve: ServeProcess;
  let agent: AgentProcess | undefined;

  before(async () => {
    dir = tempDir();
    config = path.join(dir, 'scomo.json');
    // Secrets in the config file, as docs/server.md recommends; relative data dir is relative to it.
    writeFileSync(
      config,
      JSON.stringify({
        port: 0,
        data: 'data',
        serverPassword: SERVER_PASSWORD,
        wakeInterval: 0,
        logLevel: 'info',
      }),
    );
    serve = await spawnServe(['--config', config], { cwd: dir });
  });
  after(async () => {
    await agent?.stop();
    await serve.kill('SIGTERM');
  });

  test('operator provisions the device, exec --wait wakes it over HTTP and prints its results', async () => {
    const listening = await listeningAgent(serve.endpoint, device);
    agent = listening.agent;
    const provisioned = await scomo([
      ...['device', device.devId, '--config', config, '--auth', 'md5', '--password', 'wake-me'],
      ...['--server-password', SERVER_PASSWORD, '--notify', `http://127.0.0.1:${listening.http}/`, '--json'],
    ]);
    assert.equal(provisioned.code, 0, provisioned.stderr);
    const shown = JSON.parse(provisioned.stdout) as Record<string, unknown>;
    assert.deepEqual(shown['clientAuth'], { type: 'DIGEST', username: device.devId });
    assert.equal(shown['notifyAddress'], `http://127.0.0.1:${listening.http}/`);
    assert.ok(!provisioned.stdout.includes('passwordEquivalent'), 'no password equivalents printed');

    const exec = await scomo([
      ...[
        'exec',
        device.devId,
        'get',
        './DevInfo/Mod',
        '--config',
        config,
        '--wait',
        '--timeout',
        '30',
        '--json',
      ],
    ]);
    assert.equal(exec.code, 0, exec.stderr);
    const result = JSON.parse(exec.stdout) as {
      wake: { notified: boolean };
      state: string;
      outcome: { kind: string; status: number; results: { source: string; data: string }[] };
    };
    assert.equal(result.wake.notified, true);
    assert.equal(result.state, 'resolved');
    assert.equal(result.outcome.status, 200);
    assert.deepEqual(
      result.outcome.results.map((r) => [r.source, r.data]),
      [['./DevInfo/Mod', 'scomo-agent']],
    );
    const trigger = await agent.waitForLog(accepted('http'));
    // The session the trigger started is server-initiated and completed.
    await agent.waitForLog(
      (line) =>
        line['initiator'] === 'server' &&
        line['outcome'] === 'completed' &&
        line['sessionId'] === trigger['sessionId'],
    );
  });

  test('over UDP: exec replace --wait, text output; a failing status exits 1', async () => {
    assert.ok(agent !== undefined);
    const started = agent.logs.find((line) => line.msg === 'agent started');
    const udp = Number(started?.['udpPort']);
    const changed = await scomo([
      'device',
      device.devId,
      '--config',
      config,
      '--notify',
      `udp://127.0.0.1:${udp}`,
    ]);
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, new RegExp(`notify\\s+udp://127\\.0\\.0\\.1:${udp}`));

    const add = await scomo([
      'exec',
      device.devId,
      'add',
      './Vendor',
      '--format',
      'node',
      '--config',
      config,
      '--wait',
    ]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /device notified with package #0/);
    assert.match(add.stdout, /Add \.\/Vendor → 200 OK/);
    await agent.waitForLog(accepted('udp'));

    // DevDetail is read-only on the agent: the device's 405 is printed and the exit code is 1.
    const refused = await scomo([
      'exec',
      device.devId,
      'replace',
      './DevDetail/SwV',
      '9.9',
      '--config',
      config,
      '--wait',
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /Replace \.\/DevDetail\/SwV → 405 Command not allowed/);
  });

  test('devices and device show what the sessions left', async () => {
    const list = await scomo(['devices', '--config', config, '--json']);
    assert.equal(list.code, 0, list.stderr);
    const devices = JSON.parse(list.stdout) as {
      devId: string;
      devInfo: Record<string, string>;
      lastSeenAt: string | null;
    }[];
    assert.deepEqual(
      devices.map((d) => d.devId),
      [device.devId],
    );
    assert.equal(devices[0]?.devInfo['./DevInfo/Mod'], 'scomo-agent');
    assert.ok(devices[0]?.lastSeenAt !== null);

    const one = await scomo(['device', device.devId, '--config', config]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /Queue: 0 waiting/);
    assert.match(one.stdout, /Replace \.\/DevDetail\/SwV .* 405 Command not allowed/);
    assert.match(one.stdout, /Recent sessions: 3 of 3/);
    assert.match(one.stdout, /completed/);

    const table = await scomo(['devices', '--config', config]);
    assert.match(table.stdout, /^DEVID\s+ENABLED\s+AUTH\s+LAST SEEN/m);
    assert.match(table.stdout, /IMEI:woken\s+yes\s+DIGEST/);
  });

  test('exec for a device that is not listening leaves the command queued for its next session', async () => {
    const other: DeviceSpec = { devId: 'IMEI:asleep', auth: 'md5', password: 'zzz', serverAuth: true };
    await scomo([
      'device',
      other.devId,
      '--config',
      config,
      '--password',
      'zzz',
      '--server-password',
      SERVER_PASSWORD,
    ]);
    const queued = await scomo(['exec', other.devId, 'get', './DevInfo/Lang', '--config', config]);
    assert.equal(queued.code, 0, queued.stderr);
    assert.match(
      queued.stdout,
      /device not notified \(delivery-failed: device IMEI:asleep has no notify address\)/,
    );
    const shown = JSON.parse((await scomo(['device', other.devId, '--config', config, '--json'])).stdout) as {
      queue: { operation: string; state: string }[];
    };
    assert.deepEqual(
      shown.queue.map((c) => [c.operation, c.state]),
      [['Get ./DevInfo/Lang', 'pending']],
    );
  });
});

describe('wake-on-enqueue in the server core', () => {
  let node: TestNode;
  let agent: AgentProcess | undefined;
  before(async () => {
    node = await startNode({ notifier: true, options: { wake: { minIntervalMs: 0 } } });
  });
  after(async () => {
    await agent?.stop();
    await node.close();
  });

  test('queueing work for an idle device sends package #0; the device fetches the work at once', async () => {
    const spec: DeviceSpec = { devId: 'IMEI:core-wake', auth: 'hmac', password: 'mac', serverAuth: true };
    const listening = await listeningAgent(node.url, spec);
    agent = listening.agent;
    await provision(node, spec, `udp://127.0.0.1:${listening.udp}`);
    const command = await node.server.enqueue(spec.devId, {
      kind: 'Get',
      items: [{ target: './DevInfo/Lang' }],
    });
    const done = await eventually(async () => {
      const current = await node.store.getCommand(command.id);
      return current?.state === 'resolved' ? current : undefined;
    }, 'the woken device to answer');
    assert.equal(done.outcome?.kind, 'answered');
    await agent.waitForLog(accepted('udp'));
    const [history] = await node.store.listSessionHistory(spec.devId);
    assert.equal(history?.ending, 'completed');
  });
});
