/**
 * Crash tests (issue: "a child process killed with SIGKILL during a download and during an install,
 * then a restart completes / rolls back with exactly one result"). The device runs in a child
 * process with the same state directory the test then reopens, exactly as an agent restarting after
 * a power cut or an OOM kill would.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildPackage } from '../../../test/support/packages.ts';
import type { BuildPackageOptions } from '../../../test/support/packages.ts';
import { startPackageServer } from '../download/testing/package-server.ts';
import type { PackageServer } from '../download/testing/package-server.ts';
import { alertResults, openTestDevice, ROOT } from './testing/device.ts';
import type { DeviceOptions, TestDevice } from './testing/device.ts';

const HARNESS = pathToFileURL(join(import.meta.dirname, 'testing/device.ts')).href;
const DL = `${ROOT}/Download`;
const DP = `${ROOT}/Inventory/Deployed`;

let server: PackageServer;
let dir: string;
let n = 0;

before(async () => {
  server = await startPackageServer();
  dir = await mkdtemp(join(tmpdir(), 'scomo-crash-'));
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function publish(
  options: BuildPackageOptions,
  serve: { stallAfter?: number } = {},
): Promise<{ path: string; url: string; size: number }> {
  const name = `pkg-${++n}.tar.gz`;
  const built = await buildPackage(dir, name, options);
  const path = `/dl/${name}`;
  server.serve(path, { body: built.bytes, ...serve });
  return { path, url: server.url(path), size: built.size };
}

/** Starts a device in a child process that adds Download/<node> and Execs `operation` on it. */
function startChild(
  stateDir: string,
  node: string,
  url: string,
  operation: string,
  correlator: string,
  options: DeviceOptions,
): ChildProcess {
  const code = `
    const { openTestDevice } = await import(${JSON.stringify(HARNESS)});
    const d = await openTestDevice(${JSON.stringify(stateDir)}, ${JSON.stringify(options)});
    await d.executor.start();
    d.addDownload(${JSON.stringify(node)}, { PkgID: 'pkg-' + ${JSON.stringify(node)}, PkgURL: ${JSON.stringify(url)} });
    const status = d.exec(${JSON.stringify(`${DL}/${node}/Operations/${operation}`)}, ${JSON.stringify(correlator)});
    if (status !== 202) throw new Error('Exec answered ' + status);
    await d.save();
    d.executor.wake();
    await d.executor.idle();
    console.log('the child finished its operation: the crash did not happen');
    await d.close();`;
  return spawn(process.execPath, ['--input-type=module', '--eval', code], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
    else child.on('exit', (_code, signal) => resolve(signal));
  });
}

async function restart(stateDir: string, options: DeviceOptions = {}): Promise<TestDevice> {
  const d = await openTestDevice(stateDir, options);
  await d.executor.start();
  await d.executor.idle();
  return d;
}

function alertsFor(d: TestDevice, correlator: string): { code: number; identifier: string }[][] {
  return d.alerts
    .list()
    .filter((a) => a.correlator === correlator)
    .map((a) => alertResults(a).map(({ code, identifier }) => ({ code, identifier })));
}

describe('crash recovery (SIGKILL)', () => {
  test('killed during a download: the restart resumes it with Range and reports once', async () => {
    const stateDir = join(dir, 'download-crash');
    const blob = randomBytes(3_000_000);
    const { path, url } = await publish(
      { components: [{ id: 'big', version: '1.0.0' }], files: [{ path: 'blob.bin', content: blob }] },
      { stallAfter: 1_500_000 },
    );
    // Small checkpoints so the child records durable progress before it dies; a long body timeout
    // so the stalled transfer is still "running" when the kill comes.
    const childOptions: DeviceOptions = {
      download: { checkpointBytes: 256 * 1024, responseTimeoutMs: 60_000 },
    };
    const child = startChild(stateDir, 'p1', url, 'DownloadInstall', 'corr-dl', childOptions);
    const stateFile = join(stateDir, 'scomo/packages');
    let synced = 0;
    for (let waited = 0; synced < 256 * 1024; waited += 50) {
      assert.ok(waited < 20_000, 'the child never made durable progress');
      await sleep(50);
      synced = await durableBytes(stateFile);
    }
    child.kill('SIGKILL');
    assert.equal(await exited(child), 'SIGKILL');

    const d = await restart(stateDir);
    try {
      assert.deepEqual(alertsFor(d, 'corr-dl'), [[{ code: 1200, identifier: 'big' }]]);
      const requests = server.requestsFor(path);
      assert.equal(requests.length, 2);
      assert.match(String(requests[1]?.headers.range), /^bytes=\d+-$/);
      assert.ok(
        Number(/\d+/.exec(String(requests[1]?.headers.range))?.[0]) >= 256 * 1024,
        'resumed from the durable bytes',
      );
      assert.equal(
        await readFile(join(stateDir, 'installer/components/big/1.0.0/blob.bin')).then((b) => b.equals(blob)),
        true,
      );
      assert.equal(d.leaf(`${DP}/big/Version`), '1.0.0');
    } finally {
      await d.close();
    }
    // A second restart finds nothing left to do and reports nothing more.
    const again = await restart(stateDir);
    try {
      assert.equal(alertsFor(again, 'corr-dl').length, 1);
    } finally {
      await again.close();
    }
  });

  test('killed during an install: the restart rolls it back, keeps the previous version, reports 1405 once', async () => {
    const stateDir = join(dir, 'install-crash');
    const first = await openTestDevice(stateDir);
    await first.executor.start();
    const v1 = await publish({
      components: [{ id: 'app', version: '1.0.0' }],
      files: [{ path: 'bin/app', content: 'v1' }],
    });
    first.addDownload('p1', { PkgID: 'pkg-1', PkgURL: v1.url });
    assert.equal(await first.run(`${DL}/p1/Operations/DownloadInstall`, 'corr-v1'), 202);
    assert.deepEqual(alertsFor(first, 'corr-v1'), [[{ code: 1200, identifier: 'app' }]]);
    await first.close();

    // The new version's install hook kills the agent process outright.
    const v2 = await publish({
      components: [{ id: 'app', version: '2.0.0' }],
      files: [{ path: 'bin/app', content: 'v2' }],
      hooks: { install: 'kill -9 $PPID; sleep 10' },
    });
    const child = startChild(stateDir, 'p2', v2.url, 'DownloadInstall', 'corr-v2', {});
    assert.equal(await exited(child), 'SIGKILL');

    const d = await restart(stateDir);
    try {
      assert.deepEqual(alertsFor(d, 'corr-v2'), [[{ code: 1405, identifier: 'pkg-p2' }]]);
      assert.deepEqual(
        (await d.installer.list()).map((c) => [c.id, c.version, c.state]),
        [['app', '1.0.0', 'active']],
      );
      assert.equal(await readFile(join(stateDir, 'installer/components/app/.current/bin/app'), 'utf8'), 'v1');
      assert.equal(d.leaf(`${DP}/app/Version`), '1.0.0');
      assert.equal(alertsFor(d, 'corr-v1').length, 1);
    } finally {
      await d.close();
    }
    const again = await restart(stateDir);
    try {
      assert.equal(alertsFor(again, 'corr-v2').length, 1);
    } finally {
      await again.close();
    }
  });
});

/** The largest durable length recorded by any download in progress below `packages`. */
async function durableBytes(packages: string): Promise<number> {
  let best = 0;
  for (const slot of await readdir(packages).catch(() => [] as string[])) {
    const text = await readFile(join(packages, slot, 'download.part.json'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    try {
      best = Math.max(best, (JSON.parse(text) as { syncedBytes: number }).syncedBytes);
    } catch {
      // Being replaced right now; the next poll reads it.
    }
  }
  return best;
}
