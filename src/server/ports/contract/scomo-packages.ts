import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0 } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';
import { packageRecord, sha } from './scomo-fixtures.ts';

export function scomoPackagesContract(withStore: WithStore): void {
  describe('SCOMO packages', () => {
    test('a package is stored once per sha256 and reads back deep-equal', () =>
      withStore(async (store) => {
        const record = packageRecord();
        assert.deepEqual(await store.putPackage(record), { created: true, package: record });
        const again = await store.putPackage({ ...record, version: '9', fileName: null });
        assert.deepEqual(again, { created: false, package: record }, 'the first one stays');
        assert.deepEqual(await store.getPackage(record.sha256), record);
        assert.equal(await store.getPackage(sha('00')), null);
      }));

    test('null fields and an unsigned package round-trip', () =>
      withStore(async (store) => {
        const record = packageRecord({
          sha256: sha('cd'),
          fileName: null,
          envType: null,
          signedBy: null,
          match: { man: null, mod: null, fwV: null },
          components: [{ id: 'c', name: 'C', version: '1', description: null, envType: null }],
          format: 'zip',
          contentType: 'application/zip',
        });
        await store.putPackage(record);
        assert.deepEqual(await store.getPackage(record.sha256), record);
      }));

    test('list filters by package id and version, ordered by id then time', () =>
      withStore(async (store) => {
        await store.putPackage(packageRecord({ sha256: sha('03'), packageId: 'b', addedAt: T0 }));
        await store.putPackage(packageRecord({ sha256: sha('02'), packageId: 'a', addedAt: T0 + 5 }));
        await store.putPackage(
          packageRecord({ sha256: sha('01'), packageId: 'a', version: '2', addedAt: T0 + 5 }),
        );
        await store.putPackage(packageRecord({ sha256: sha('04'), packageId: 'a', addedAt: T0 + 1 }));
        assert.deepEqual(
          (await store.listPackages()).map((p) => p.sha256),
          [sha('04'), sha('01'), sha('02'), sha('03')],
        );
        assert.deepEqual(
          (await store.listPackages({ packageId: 'a', version: '1.2.0' })).map((p) => p.sha256),
          [sha('04'), sha('02')],
        );
        assert.deepEqual(
          (await store.listPackages({ version: '2' })).map((p) => p.sha256),
          [sha('01')],
        );
        assert.deepEqual(await store.listPackages({ packageId: 'none' }), []);
      }));

    test('delete removes one package', () =>
      withStore(async (store) => {
        await store.putPackage(packageRecord());
        assert.equal(await store.deletePackage(sha('ab')), true);
        assert.equal(await store.deletePackage(sha('ab')), false);
        assert.equal(await store.getPackage(sha('ab')), null);
      }));

    test('settings: the first candidate wins and later ones read it', () =>
      withStore(async (store) => {
        assert.equal(await store.ensureSetting('repository.secret', 'first'), 'first');
        assert.equal(await store.ensureSetting('repository.secret', 'second'), 'first');
        assert.equal(await store.ensureSetting('other', 'x ✓'), 'x ✓');
        const racing = await Promise.all(['r1', 'r2', 'r3'].map((v) => store.ensureSetting('race', v)));
        assert.equal(new Set(racing).size, 1, 'concurrent callers agree on one value');
      }));
  });
}
