/**
 * The SCOMO operator commands as a user runs them: `scomo package`, `deploy`, `op` and `inventory`
 * in child processes on a data directory, while this process plays `scomo serve` on the same SQLite
 * store (the DM core with the SCOMO service) and a scripted SCOMO device opens its sessions.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { archive } from '../../../test/support/packages.ts';
import { FakeScomoDevice, runSession, ScriptedClient } from '../../server/testing/index.ts';
import { resolveServeSettings } from '../server-settings.ts';
import { openServerStack } from '../server-wiring.ts';
import type { ServerStack } from '../server-wiring.ts';
import { openScomo } from '../scomo-wiring.ts';
import type { ScomoStack } from '../scomo-wiring.ts';

const MAIN = path.resolve(import.meta.dirname, '../main.ts');
const DEV = 'IMEI:357';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[]): { done: Promise<Run>; stderr: () => string } {
  const child = spawn(process.execPath, [MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))),
    stderr: () => stderr,
  };
}

/** Waits (bounded) until the running command has printed something: a sync point, not a timing check. */
async function printed(run: { stderr: () => string }, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 400 && !pattern.test(run.stderr()); i += 1) await sleep(25);
  assert.match(run.stderr(), pattern);
}

let dir: string;
let stack: ServerStack;
let scomo: ScomoStack;
let client: ScriptedClient;
const device = new FakeScomoDevice();

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scomo-cli-'));
  stack = await openServerStack(resolveServeSettings({ data: dir }), pino({ level: 'silent' }));
  scomo = await openScomo(stack, {});
  await stack.server.devices.provision({ devId: DEV }, Date.now());
  client = new ScriptedClient(stack.server, { devId: DEV, encoding: 'xml' });
  const manifest = {
    packageId: 'com.example.app',
    version: '2.0.0',
    components: [{ id: 'app', name: 'App', version: '2.0.0' }],
  };
  await writeFile(
    path.join(dir, 'app.tar.gz'),
    archive('tar.gz', [{ path: 'scomo.json', content: JSON.stringify(manifest) }]),
  );
  await writeFile(
    path.join(dir, 'app.zip'),
    archive('zip', [{ path: 'scomo.json', content: JSON.stringify({ ...manifest, version: '2.1.0' }) }]),
  );
  await writeFile(path.join(dir, 'broken.zip'), new Uint8Array(300).fill(1));
});

after(async () => {
  scomo?.close();
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

const data = () => ['--data', dir];

describe('scomo package', () => {
  test('add (tar.gz and zip) and list', async () => {
    const added = await cli(['package', 'add', path.join(dir, 'app.tar.gz'), ...data(), '--json']).done;
    assert.equal(added.code, 0, added.stderr);
    assert.equal(JSON.parse(added.stdout).created, true);
    const zip = await cli(['package', 'add', path.join(dir, 'app.zip'), '--mod', 'Rocket*', ...data()]).done;
    assert.equal(zip.code, 0, zip.stderr);
    assert.match(zip.stdout, /added com\.example\.app@2\.1\.0 \(zip/);
    assert.match(zip.stdout, /for {8}Mod=Rocket\*/);
    const listed = await cli(['package', 'list', ...data(), '--json']).done;
    assert.deepEqual(
      JSON.parse(listed.stdout).map((p: { version: string; format: string }) => [p.version, p.format]),
      [
        ['2.0.0', 'tar.gz'],
        ['2.1.0', 'zip'],
      ],
    );
  });

  test('a damaged archive or a missing file: one line on stderr, exit code 1', async () => {
    const broken = await cli(['package', 'add', path.join(dir, 'broken.zip'), ...data()]).done;
    assert.equal(broken.code, 1);
    assert.match(
      broken.stderr,
      /^scomo: .*neither a gzip-compressed tar, a tar nor a zip.*\[SCOMO_SERVER_PACKAGE_ARCHIVE\]\n$/,
    );
    const missing = await cli(['package', 'add', path.join(dir, 'nope.zip'), ...data()]).done;
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file/);
  });
});

describe('scomo deploy --wait, op, inventory', () => {
  test('deploy --wait follows the job while the device opens its sessions', async () => {
    const run = cli(['deploy', DEV, 'com.example.app', ...data(), '--wait', '--timeout', '60']);
    // The device comes when the job exists; each session moves it a step on.
    let jobId: string | undefined;
    for (let i = 0; i < 200 && jobId === undefined; i += 1) {
      jobId = (await scomo.service.listJobs({ devId: DEV }))[0]?.id;
      if (jobId === undefined) await sleep(50);
    }
    assert.ok(jobId !== undefined, 'the CLI created the job');
    await runSession(client, device);
    await printed(run, /discover {2}succeeded/);
    await runSession(client, device);
    await printed(run, /exec {6}accepted .*\[202 Accepted for processing\]/);
    const exec = device.execs[0];
    assert.ok(exec !== undefined);
    device.deployed.push({ node: 'app', id: 'app', version: '2.1.0', state: 20 });
    await runSession(client, device, [device.operationComplete(exec, 1200, 'app')]);
    const done = await run.done;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, new RegExp(`job ${jobId} \\(deploy on ${DEV}\\): succeeded`));
    assert.match(
      done.stdout,
      /package com\.example\.app@2\.1\.0/,
      'the zip variant for Mod=Rocket* (DevInfo of package #1)',
    );
    assert.match(done.stdout, /result: 1200 Successful/);
    assert.match(done.stderr, /exec {6}succeeded .*result 1200 Successful/);
    // The re-read the job asked for goes out in the next session.
    await runSession(client, device);
    const inventory = await cli(['inventory', DEV, ...data()]).done;
    assert.equal(inventory.code, 0, inventory.stderr);
    assert.match(inventory.stdout, /app +2\.1\.0 +active/);
    assert.match(inventory.stdout, /first inventory of this device/);
  });

  test('op without --wait queues the job and says how the device gets it', async () => {
    const run = await cli(['op', DEV, 'deactivate', 'app', ...data()]).done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(deactivate on IMEI:357\): queued/);
    assert.match(run.stdout, /device not notified \((no-notify-address|no-credential|delivery-failed)/);
    for (let i = 0; i < 3 && device.execs.at(-1)?.uri.endsWith('/Deactivate') !== true; i += 1)
      await runSession(client, device);
    assert.equal(device.execs.at(-1)?.uri, './SCOMO/Inventory/Deployed/app/Operations/Deactivate');
  });

  test('a wait that times out says the job goes on, exit code 1', async () => {
    const run = await cli(['op', DEV, 'remove', 'app', ...data(), '--wait', '--timeout', '0.5']).done;
    assert.equal(run.code, 1);
    assert.match(run.stderr, /still queued after \d+ s; it goes on in the server/);
  });

  test('usage errors', async () => {
    const both = await cli(['op', DEV, 'activate', 'app', '--package', ...data()]).done;
    assert.equal(both.code, 1);
    assert.match(both.stderr, /--package goes with remove only/);
  });
});
