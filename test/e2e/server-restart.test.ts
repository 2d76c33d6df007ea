/**
 * Durability of `scomo serve` on SQLite: work queued before the server process is SIGKILLed is
 * delivered after a restart on the same data directory, exactly once; a session cut by the kill is
 * taken over by the device's next session and its unanswered commands resolve once.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { agentOnce, scomo, spawnServe, startProxy, tempDir } from './server-harness.ts';
import type { DeviceSpec, ServeProcess, TestProxy } from './server-harness.ts';

interface ShownCommand {
  operation: string;
  state: string;
  attempts: number;
  outcome: { kind: string; status?: number; results?: { data: string }[] } | null;
}

async function commandsOf(config: string, devId: string): Promise<ShownCommand[]> {
  const shown = await scomo(['device', devId, '--config', config, '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const view = JSON.parse(shown.stdout) as { queue: ShownCommand[]; recentCommands: ShownCommand[] };
  return [...view.queue, ...view.recentCommands];
}

describe('restart after SIGKILL', () => {
  const running = new Set<ServeProcess>();
  let proxy: TestProxy | undefined;
  after(async () => {
    for (const serve of running) await serve.kill('SIGKILL');
    await proxy?.close();
  });

  async function serveOn(config: string, cwd: string, extra: string[] = []): Promise<ServeProcess> {
    const serve = await spawnServe(['--config', config, ...extra], { cwd });
    running.add(serve);
    return serve;
  }

  async function kill(serve: ServeProcess): Promise<void> {
    const { signal } = await serve.kill('SIGKILL');
    assert.equal(signal, 'SIGKILL');
    running.delete(serve);
  }

  test('work queued before the kill is delivered once after the restart', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'scomo.json');
    writeFileSync(config, JSON.stringify({ port: 0, data: 'data', logLevel: 'warn' }));
    const device: DeviceSpec = { devId: 'IMEI:restart', auth: 'md5', password: 'durable' };
    const first = await serveOn(config, dir);
    assert.equal(
      (await scomo(['device', device.devId, '--config', config, '--password', 'durable'])).code,
      0,
    );
    for (const args of [
      ['add', './Vendor', '--format', 'node'],
      ['add', './Vendor/A', 'kept'],
      ['get', './Vendor/A'],
    ]) {
      const queued = await scomo(['exec', device.devId, ...args, '--config', config]);
      assert.equal(queued.code, 0, queued.stderr);
    }
    await kill(first);

    const second = await serveOn(config, dir);
    const state = tempDir();
    const run = await agentOnce(second.endpoint, device, ['--state', state]);
    assert.equal(run.code, 0, JSON.stringify(run.session));
    assert.deepEqual(run.session?.['commands'], { Add: 2, Get: 1 });
    // Nothing is left for a second session.
    const again = await agentOnce(second.endpoint, device, ['--state', state]);
    assert.equal(again.code, 0);
    assert.deepEqual(again.session?.['commands'], {});

    const commands = await commandsOf(config, device.devId);
    assert.deepEqual(commands.map((c) => [c.operation, c.state, c.attempts, c.outcome?.status]).sort(), [
      ['Add ./Vendor', 'resolved', 1, 200],
      ['Add ./Vendor/A', 'resolved', 1, 200],
      ['Get ./Vendor/A', 'resolved', 1, 200],
    ]);
    assert.deepEqual(
      commands.find((c) => c.operation === 'Get ./Vendor/A')?.outcome?.results?.map((r) => r.data),
      ['kept'],
    );
    await kill(second);
  });

  test('a session cut by the kill: the next session takes it over, each command resolves once', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'scomo.json');
    writeFileSync(config, JSON.stringify({ port: 0, data: 'data', logLevel: 'warn', registration: 'open' }));
    const device: DeviceSpec = { devId: 'IMEI:cut', auth: 'none' };
    const targets: { port: number }[] = [];
    // Armed once the commands are queued: the kill must come in the device's session.
    const armed: { victim?: ServeProcess } = {};
    // The proxy is the public URL; it SIGKILLs the node as soon as the node has sent the commands.
    proxy = await startProxy(targets, (hit) => {
      if (hit.responseBody.includes('<Replace>')) armed.victim?.child.kill('SIGKILL');
    });
    const publicUrl = ['--public-url', proxy.url];
    const first = await serveOn(config, dir, publicUrl);
    targets.push({ port: first.port });
    // Provision and queue while the node runs.
    assert.equal((await scomo(['device', device.devId, '--config', config, '--auth', 'none'])).code, 0);
    await scomo(['exec', device.devId, 'replace', './DevInfo/Lang', 'fr-FR', '--config', config]);
    await scomo(['exec', device.devId, 'get', './DevInfo/Man', '--config', config]);
    armed.victim = first;
    const state = tempDir();
    const cut = await agentOnce(proxy.url, device, ['--state', state]);
    assert.equal(cut.code, 1, 'the session died with the server');
    await first.exited;
    running.delete(first);

    const second = await serveOn(config, dir, publicUrl);
    targets.splice(0, 1, { port: second.port });
    const run = await agentOnce(proxy.url, device, ['--state', state]);
    assert.equal(run.code, 0, JSON.stringify(run.session));
    const commands = await commandsOf(config, device.devId);
    assert.equal(commands.length, 2);
    for (const command of commands) {
      assert.equal(command.state, 'resolved', command.operation);
      // Sent in the cut session and again in the next one; resolved once, by the answer of the second.
      assert.equal(command.attempts, 2, command.operation);
      assert.equal(command.outcome?.kind, 'answered');
    }
    await kill(second);
  });
});
