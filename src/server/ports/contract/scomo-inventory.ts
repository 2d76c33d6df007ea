import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0, command, device } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';
import { job, packageRecord, result, snapshot } from './scomo-fixtures.ts';

export function scomoInventoryContract(withStore: WithStore): void {
  describe('SCOMO inventory snapshots and roots', () => {
    test('snapshots are recorded once and listed newest first', () =>
      withStore(async (store) => {
        const first = snapshot('s1', 'D', T0 + 1);
        const second = snapshot('s2', 'D', T0 + 3, {
          method: 'walk',
          jobId: 'j9',
          changes: { added: [{ id: 'x' }], removed: [], changed: [] },
        });
        assert.equal(await store.recordInventorySnapshot(first), true);
        assert.equal(await store.recordInventorySnapshot({ ...first, root: './SCM' }), false);
        await store.recordInventorySnapshot(second);
        await store.recordInventorySnapshot(snapshot('s3', 'D', T0 + 3));
        await store.recordInventorySnapshot(snapshot('e1', 'E', T0 + 9));
        assert.deepEqual(
          (await store.listInventorySnapshots('D')).map((s) => s.id),
          ['s3', 's2', 's1'],
        );
        assert.deepEqual(
          (await store.listInventorySnapshots('D', { limit: 1 })).map((s) => s.id),
          ['s3'],
        );
        assert.deepEqual(
          (await store.listInventorySnapshots('D', { before: T0 + 3 })).map((s) => s.id),
          ['s1'],
        );
        assert.deepEqual((await store.listInventorySnapshots('D', { before: T0 + 3 }))[0], first);
        assert.deepEqual(
          (await store.listInventorySnapshots('D')).find((s) => s.id === 's2'),
          second,
        );
        assert.deepEqual(await store.listInventorySnapshots('nobody'), []);
      }));

    test('a device root is put, replaced, read and deleted', () =>
      withStore(async (store) => {
        assert.equal(await store.getScomoRoot('D'), null);
        await store.putScomoRoot({ devId: 'D', root: './SCOMO', moVersion: '1.0', discoveredAt: T0 });
        await store.putScomoRoot({ devId: 'D', root: './Vendor/SCM', moVersion: null, discoveredAt: T0 + 1 });
        assert.deepEqual(await store.getScomoRoot('D'), {
          devId: 'D',
          root: './Vendor/SCM',
          moVersion: null,
          discoveredAt: T0 + 1,
        });
        assert.equal(await store.deleteScomoRoot('D'), true);
        assert.equal(await store.deleteScomoRoot('D'), false);
        assert.equal(await store.getScomoRoot('D'), null);
      }));

    test('deleteDevice removes the device’s SCOMO data but no packages or other devices’ data', () =>
      withStore(async (store) => {
        await store.upsertDevice(device('D'));
        await store.enqueueCommand(command('c1', 'D'));
        await store.createScomoJob(job('jd', 'D'));
        await store.createScomoJob(job('je', 'E'));
        await store.recordScomoResult(result('rd', 'D'));
        await store.recordScomoResult(result('re', 'E'));
        await store.recordInventorySnapshot(snapshot('sd', 'D', T0));
        await store.recordInventorySnapshot(snapshot('se', 'E', T0));
        await store.putScomoRoot({ devId: 'D', root: './SCOMO', moVersion: '1.0', discoveredAt: T0 });
        await store.putPackage(packageRecord());
        assert.equal(await store.deleteDevice('D'), true);
        assert.equal(await store.getScomoJob('jd'), null);
        assert.deepEqual(await store.listInventorySnapshots('D'), []);
        assert.deepEqual(await store.listScomoResults({ devId: 'D' }), []);
        assert.equal(await store.getScomoRoot('D'), null);
        assert.notEqual(await store.getScomoJob('je'), null);
        assert.equal((await store.listInventorySnapshots('E')).length, 1);
        assert.equal((await store.listScomoResults({ devId: 'E' })).length, 1);
        assert.equal((await store.listPackages()).length, 1);
      }));
  });
}
