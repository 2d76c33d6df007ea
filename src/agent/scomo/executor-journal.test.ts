/**
 * The executor's side of "exactly one result per operation": what it does at start with what its
 * journal says, driven through a scripted MO (the crash tests cover the same with the real one).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ScomoAlert, ScomoEffect, ScomoEvent } from '../../scomo/index.ts';
import type { GenericAlert } from '../alerts/types.ts';
import { createDownloadClient } from '../download/index.ts';
import type { Installer } from '../installers/index.ts';
import { createPackageTrust, DEFAULT_ARCHIVE_LIMITS } from '../packages/index.ts';
import { createScomoExecutor } from './executor.ts';
import type { ScomoMoPort } from './executor.ts';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-executor-journal-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const alert: ScomoAlert = {
  correlator: 'corr-7',
  items: [
    {
      source: './SCOMO/Download/p/Operations/DownloadInstall',
      target: './SCOMO/Inventory/Deployed/app',
      type: 'urn:oma:at:scomo:1.0:OperationComplete',
      format: 'xml',
      mark: 'informational',
      data: '<ResultCode>1200</ResultCode><Identifier>app</Identifier>',
    },
  ],
};

/** An installer that fails the test if the executor does any work with it. */
const idleInstaller: Installer = {
  kind: 'never',
  install: () => Promise.reject(new Error('the work was done again')),
  activate: () => Promise.reject(new Error('the work was done again')),
  deactivate: () => Promise.reject(new Error('the work was done again')),
  remove: () => Promise.reject(new Error('the work was done again')),
  list: async () => [],
  get: async () => undefined,
  recover: async () => [],
};

async function start(
  resumeEffects: ScomoEffect[],
  journal: object | undefined,
  pending: GenericAlert[] = [],
) {
  const stateDir = join(dir, `d${++n}`);
  if (journal !== undefined) {
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, 'operations.json'), JSON.stringify({ version: 1, operations: journal }));
  }
  const events: ScomoEvent[] = [];
  const enqueued: GenericAlert[] = [];
  let saves = 0;
  const mo: ScomoMoPort = {
    resume: () => resumeEffects,
    drainEffects: () => [],
    dispatch: (event) => {
      events.push(event);
      return { applied: true, effects: [] };
    },
    registerPackage: () => {},
  };
  const downloads = createDownloadClient();
  const executor = await createScomoExecutor({
    dir: stateDir,
    mo,
    installer: idleInstaller,
    downloads,
    alerts: {
      enqueue: async (a) => {
        enqueued.push(a);
      },
      pending: () => pending,
    },
    policy: { trust: createPackageTrust(), limits: DEFAULT_ARCHIVE_LIMITS },
    persist: async () => {
      saves++;
    },
  });
  await executor.start();
  await executor.idle();
  await executor.stop();
  await downloads.close();
  const left = JSON.parse(
    await readFile(join(stateDir, 'operations.json'), 'utf8').catch(() => '{"operations":[]}'),
  ) as {
    operations: unknown[];
  };
  return { events, enqueued, saves: () => saves, left: left.operations };
}

const installEffect: ScomoEffect = {
  kind: 'install',
  opId: 'op-1',
  operation: 'Install',
  deliveredNode: 'd1',
  pkg: { pkgId: 'pkg-1' },
  active: true,
  resume: true,
};

describe('executor journal', () => {
  test('an outcome journaled before a crash is reported again, not worked out again', async () => {
    const event: ScomoEvent = {
      type: 'installDone',
      opId: 'op-1',
      components: [{ id: 'app', version: '1' }],
    };
    const run = await start([installEffect], [{ opId: 'op-1', phase: 'finished', event }]);
    assert.deepEqual(run.events, [event]);
    assert.ok(run.saves() >= 1, 'the tree is saved after the MO took the event');
    assert.deepEqual(run.left, []);
  });

  test('an alert already in the agent queue is not queued twice', async () => {
    const effect: ScomoEffect = { kind: 'alert', opId: 'op-7', alert };
    const queued: GenericAlert = { correlator: alert.correlator ?? '', items: alert.items };
    const run = await start([effect], [{ opId: 'op-7', phase: 'alerting' }], [queued]);
    assert.deepEqual(run.enqueued, []);
    assert.deepEqual(run.events, [{ type: 'alertQueued', opId: 'op-7' }]);
    assert.deepEqual(run.left, []);
  });

  test('an alert the crash kept from the queue is queued once', async () => {
    const run = await start(
      [{ kind: 'alert', opId: 'op-7', alert }],
      [{ opId: 'op-7', phase: 'alerting' }],
      [],
    );
    assert.equal(run.enqueued.length, 1);
    assert.equal(run.enqueued[0]?.correlator, 'corr-7');
    assert.deepEqual(run.events, [{ type: 'alertQueued', opId: 'op-7' }]);
  });

  test('an alert marked queued only needs alertQueued', async () => {
    const run = await start([{ kind: 'alert', opId: 'op-7', alert }], [{ opId: 'op-7', phase: 'alerted' }]);
    assert.deepEqual(run.enqueued, []);
    assert.deepEqual(run.events, [{ type: 'alertQueued', opId: 'op-7' }]);
  });

  test('entries of operations the MO no longer knows are dropped at start', async () => {
    const run = await start([], [{ opId: 'op-old', phase: 'running' }]);
    assert.deepEqual(run.events, []);
    assert.deepEqual(run.left, []);
  });

  test('an install the installer completed while restarting is reported done', async () => {
    const stateDir = join(dir, `d${++n}`);
    const events: ScomoEvent[] = [];
    const downloads = createDownloadClient();
    const executor = await createScomoExecutor({
      dir: stateDir,
      mo: {
        resume: () => [installEffect],
        drainEffects: () => [],
        dispatch: (event) => {
          events.push(event);
          return { applied: true, effects: [] };
        },
        registerPackage: () => {},
      },
      installer: {
        ...idleInstaller,
        recover: async () => [
          {
            operationId: 'op-1',
            outcome: 'completed',
            components: [
              { id: 'app', name: 'App', version: '2', packageId: 'p', packageVersion: '2', state: 'active' },
            ],
          },
        ],
      },
      downloads,
      alerts: { enqueue: async () => {}, pending: () => [] },
      policy: { trust: createPackageTrust(), limits: DEFAULT_ARCHIVE_LIMITS },
    });
    await executor.start();
    await executor.idle();
    await downloads.close();
    assert.deepEqual(events, [
      { type: 'installDone', opId: 'op-1', components: [{ id: 'app', name: 'App', version: '2' }] },
    ]);
  });
});
