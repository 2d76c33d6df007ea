/**
 * A full SCOMO deployment through the command line, as an operator runs it (docs/scomo.md, seed flow
 * 5.4.2): `scomo serve` (a child process with the package repository on the same port), `scomo device`
 * provisions a device, `scomo package add` stores a real tar.gz, `scomo deploy --via url --wait` runs
 * in the background while `scomo agent --once` runs the device's sessions — discovery of the SCOMO
 * root, the Add + Exec DownloadInstall, the download from the repository, the install into
 * --install-dir, the OperationComplete alert — and `scomo inventory --json` shows the re-read
 * inventory. Over XML and over WBXML.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildPackage } from '../support/packages.ts';
import { agentArgs, eventually, freePort, scomo, spawnServe, tempDir } from './server-harness.ts';
import type { DeviceSpec, ServeProcess } from './server-harness.ts';

const PACKAGE_ID = 'pkg-flow';
const COMPONENT = { id: 'com.example.flow', name: 'Flow app', version: '2.1.0' } as const;
const PAYLOAD = 'deployed by scomo-flow-deploy\n';
/** One agent run: its sessions plus the wait for its SCOMO work (--scomo-wait). */
const AGENT_TIMEOUT_MS = 60_000;

interface Setup {
  readonly dir: string;
  readonly config: string;
  readonly serve: ServeProcess;
}

async function setUp(): Promise<Setup> {
  const dir = tempDir('scomo-flow-');
  const port = await freePort();
  // One config file for serve and every operator command: same store, same repository URL.
  const config = path.join(dir, 'serve.json');
  writeFileSync(config, JSON.stringify({ port, data: 'data', logLevel: 'warn', jobTtl: 300 }));
  const serve = await spawnServe(['--config', config], { killAfterMs: 180_000 });
  return { dir, config, serve };
}

interface Json {
  readonly [key: string]: unknown;
}

function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new Error(`${what} printed no JSON:\n${text}`);
  }
}

async function agentOnce(
  setup: Setup,
  device: DeviceSpec,
  state: string,
  installDir: string,
): Promise<{ code: number | null; stderr: string }> {
  const args = agentArgs(setup.serve.endpoint, device, [
    ...['--state', state, '--install-dir', installDir, '--scomo-wait', '30', '--log-level', 'warn'],
    '--once',
  ]);
  return scomo(['agent', ...args], { timeoutMs: AGENT_TIMEOUT_MS });
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`SCOMO deployment end to end (${encoding})`, () => {
    let setup: Setup | undefined;
    after(async () => {
      await setup?.serve.kill('SIGTERM');
    });

    test('serve, provision, package add, deploy --via url, agent --once: installed and inventoried', async (t) => {
      setup = await setUp();
      const { dir, config, serve } = setup;
      const repository = new URL('/dl', serve.endpoint).href;
      assert.match(serve.stdout(), new RegExp(`package repository ${repository}\\n`));

      const device: DeviceSpec = {
        devId: `IMEI:flow-${encoding}`,
        auth: 'md5',
        password: 'flow-secret',
        encoding,
      };
      const provisioned = await scomo([
        'device',
        device.devId,
        ...['--auth', 'md5', '--password', 'flow-secret', '--config', config],
      ]);
      assert.equal(provisioned.code, 0, provisioned.stderr);

      const built = await buildPackage(dir, 'flow.tar.gz', {
        packageId: PACKAGE_ID,
        version: COMPONENT.version,
        components: [COMPONENT],
        files: [{ path: 'payload/readme.txt', content: PAYLOAD }],
      });
      const added = await scomo(['package', 'add', built.path, '--json', '--config', config]);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, new RegExp(built.sha256));

      // --wait in the background: the deploy process follows the job while the device works.
      const deploying = scomo(
        [
          ...['deploy', device.devId, PACKAGE_ID, '--via', 'url', '--wait', '--timeout', '150'],
          ...['--json', '--config', config],
        ],
        { timeoutMs: 170_000 },
      );

      // The device is not woken (no notify address): its first session must find the job queued.
      await eventually(async () => {
        const shown = await scomo(['device', device.devId, '--json', '--config', config]);
        const queue = parseJson(shown.stdout, 'scomo device')['queue'] as readonly unknown[] | undefined;
        return queue !== undefined && queue.length > 0 ? true : undefined;
      }, 'the deploy job to queue its first command');

      const state = path.join(dir, 'agent-state');
      const installDir = path.join(dir, 'installed');
      // Session 1 answers the SCOMO root discovery and, in the same session, gets the Add + Exec
      // DownloadInstall; the device downloads and installs, and a result session sends the
      // OperationComplete, the inventory re-read it queues following in that same session. Each run
      // is one --once; a few more are harmless.
      const runs: { code: number | null; stderr: string }[] = [];
      let job: Json | undefined;
      const result = deploying.then((run) => {
        job = parseJson(run.stdout, `scomo deploy (exit ${String(run.code)}, ${run.stderr})`);
        return run;
      });
      // Handled below (awaited); this only keeps an early failure from being an unhandled rejection.
      result.catch(() => undefined);
      for (let i = 0; i < 5 && job === undefined; i += 1) {
        runs.push(await agentOnce(setup, device, state, installDir));
        // Let the deploy process (polling every 250 ms) see a job that just finished.
        await Promise.race([result, sleep(2000)]);
      }
      const deployed = await result;
      t.diagnostic(`agent --once runs until the deploy finished: ${runs.length}`);
      const steps = (job?.['steps'] ?? []) as readonly Json[];
      t.diagnostic(`steps: ${steps.map((s) => `${String(s['kind'])} ${String(s['state'])}`).join(', ')}`);
      const stderrs = runs
        .map((r, i) => `agent run ${i + 1} (exit ${String(r.code)}):\n${r.stderr}`)
        .join('\n');
      assert.equal(deployed.code, 0, `deploy: ${deployed.stdout}\n${deployed.stderr}\n${stderrs}`);
      assert.ok(job !== undefined);
      assert.equal(job['state'], 'succeeded', JSON.stringify(job, null, 2));
      assert.equal(job['devId'], device.devId);
      // The device reported success in its OperationComplete (reference §1.9: 1200 Successful).
      assert.equal((job['result'] as { code?: unknown } | null)?.code, 1200, JSON.stringify(job['result']));
      assert.deepEqual(
        steps.map((s) => [s['kind'], s['state']]),
        [
          ['discover', 'succeeded'],
          ['deliver', 'succeeded'],
          ['exec', 'succeeded'],
        ],
      );
      for (const [i, run] of runs.entries()) assert.equal(run.code, 0, `agent run ${i + 1}: ${run.stderr}`);

      // The files are where the directory installer puts them (docs/agent.md).
      const installed = path.join(
        installDir,
        'components',
        COMPONENT.id,
        COMPONENT.version,
        'payload/readme.txt',
      );
      assert.ok(existsSync(installed), `${installed} exists\n${stderrs}`);
      assert.equal(readFileSync(installed, 'utf8'), PAYLOAD);

      // The inventory re-read after the OperationComplete (normally in the result session): one more
      // session if not yet done.
      const inventory = async (): Promise<Json> => {
        const run = await scomo(['inventory', device.devId, '--json', '--config', config]);
        assert.equal(run.code, 0, run.stderr);
        return parseJson(run.stdout, 'scomo inventory');
      };
      const deployedNow = (doc: Json): Json | undefined => {
        const snapshots = doc['snapshots'] as readonly Json[];
        const latest = snapshots[0]?.['inventory'] as { deployed?: readonly Json[] } | undefined;
        return latest?.deployed?.find((c) => c['id'] === COMPONENT.id);
      };
      let component = deployedNow(await inventory());
      let extra = 0;
      for (let i = 0; i < 2 && component === undefined; i += 1) {
        extra += 1;
        const run = await agentOnce(setup, device, state, installDir);
        assert.equal(run.code, 0, run.stderr);
        component = deployedNow(await inventory());
      }
      t.diagnostic(`agent --once runs in all: ${runs.length + extra}`);
      assert.ok(component !== undefined, `inventory lists ${COMPONENT.id}`);
      assert.equal(component['version'], COMPONENT.version);
      // Deployed/<x>/State 20 (reference §1.3), as src/scomo parseInventory names it.
      assert.equal(component['state'], 'active');
      assert.equal(component['pkgIdRef'], PACKAGE_ID);
    });
  });
}
