/**
 * The Store contract (DESIGN.md "Ports have contract suites"): one node:test suite that every Store
 * implementation runs. Call it from a `*.test.ts` file:
 *
 *   runStoreContract('sqlite', async () => openSqliteStore(':memory:'));
 *
 * `options.reopen`, when given, closes a store and opens a new one on the same data, which proves
 * that devices, the command queue and sessions survive a restart.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertsHistoryContract } from './contract/alerts-history.ts';
import { deviceLockContract } from './contract/device-lock.ts';
import { devicesContract } from './contract/devices.ts';
import { alert, command, device, T0 } from './contract/fixtures.ts';
import { job, packageRecord, snapshot } from './contract/scomo-fixtures.ts';
import type { WithStore } from './contract/fixtures.ts';
import { messageCommitContract } from './contract/message-commit.ts';
import { queueContract } from './contract/queue.ts';
import { scomoInventoryContract } from './contract/scomo-inventory.ts';
import { scomoJobsContract } from './contract/scomo-jobs.ts';
import { scomoPackagesContract } from './contract/scomo-packages.ts';
import { sessionsContract } from './contract/sessions.ts';
import type { Store } from './store.ts';

export interface StoreContractOptions {
  /** Close `store` and return a new store on the same underlying data. */
  readonly reopen?: (store: Store) => Promise<Store>;
}

export function runStoreContract(
  name: string,
  makeStore: () => Promise<Store>,
  options: StoreContractOptions = {},
): void {
  const withStore: WithStore = async (body) => {
    let store = await makeStore();
    try {
      store = (await body(store)) ?? store;
    } finally {
      await store.close();
    }
  };

  describe(`Store contract: ${name}`, () => {
    devicesContract(withStore);
    deviceLockContract(withStore);
    sessionsContract(withStore);
    messageCommitContract(withStore);
    queueContract(withStore);
    alertsHistoryContract(withStore);
    scomoPackagesContract(withStore);
    scomoJobsContract(withStore);
    scomoInventoryContract(withStore);
    const reopen = options.reopen;
    if (reopen !== undefined) {
      test('devices, queued commands, sessions and alerts survive a reopen', () =>
        withStore(async (store) => {
          await store.upsertDevice(device('IMEI:persist', { clientNonce: 'bm9uY2U=' }));
          await store.enqueueCommand(command('p1', 'IMEI:persist', { payload: { op: 'Exec' } }));
          await store.enqueueCommand(command('p2', 'IMEI:persist'));
          await store.claimCommands('IMEI:persist', 'tok', T0, 1);
          await store.saveSession(
            {
              token: 'tok',
              devId: 'IMEI:persist',
              createdAt: T0,
              updatedAt: T0,
              expiresAt: T0 + 9,
              state: { a: 1 },
            },
            null,
          );
          await store.recordAlert(alert('pa', 'IMEI:persist'));
          const reopened = await reopen(store);
          assert.equal((await reopened.getDevice('IMEI:persist'))?.clientNonce, 'bm9uY2U=');
          assert.deepEqual(
            (await reopened.listCommands({ devId: 'IMEI:persist' })).map((c) => [c.id, c.state]),
            [
              ['p1', 'claimed'],
              ['p2', 'pending'],
            ],
          );
          assert.deepEqual((await reopened.getSession('tok'))?.state, { a: 1 });
          assert.equal((await reopened.listAlerts()).length, 1);
          const seqBefore = (await reopened.getCommand('p2'))?.seq ?? Infinity;
          const next = await reopened.enqueueCommand(command('p3', 'IMEI:persist'));
          assert.ok(next.command.seq > seqBefore);
          return reopened;
        }));
      test('SCOMO packages, jobs, snapshots, roots and settings survive a reopen', () =>
        withStore(async (store) => {
          await store.putPackage(packageRecord());
          const created = (await store.createScomoJob(job('pj', 'IMEI:persist'))).job;
          await store.recordInventorySnapshot(snapshot('ps', 'IMEI:persist', T0));
          await store.putScomoRoot({
            devId: 'IMEI:persist',
            root: './SCM',
            moVersion: '1.1',
            discoveredAt: T0,
          });
          await store.ensureSetting('k', 'v');
          const reopened = await reopen(store);
          assert.deepEqual(await reopened.getPackage(packageRecord().sha256), packageRecord());
          assert.deepEqual(await reopened.getScomoJob('pj'), created);
          assert.equal((await reopened.listInventorySnapshots('IMEI:persist')).length, 1);
          assert.equal((await reopened.getScomoRoot('IMEI:persist'))?.root, './SCM');
          assert.equal(await reopened.ensureSetting('k', 'other'), 'v');
          const next = (await reopened.createScomoJob(job('pj2', 'IMEI:persist'))).job;
          assert.ok(next.seq > created.seq);
          return reopened;
        }));
    }
  });
}
