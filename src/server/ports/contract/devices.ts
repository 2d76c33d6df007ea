import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0, alert, command, device, history } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';

export function devicesContract(withStore: WithStore): void {
  describe('devices', () => {
    test('an unknown device reads as null', () =>
      withStore(async (store) => {
        assert.equal(await store.getDevice('IMEI:0'), null);
        assert.equal(await store.updateDevice('IMEI:0', { lastSeenAt: T0 }), null);
        assert.equal(await store.deleteDevice('IMEI:0'), false);
      }));

    test('upsert stores every field and a second upsert replaces them', () =>
      withStore(async (store) => {
        const full = device('IMEI:1', {
          clientCredential: {
            authType: 'DIGEST',
            username: 'dev',
            passwordEquivalent: 'PtEdr8lBQ45IbT1bZIkrOQ==',
          },
          serverCredential: { authType: 'HMAC', username: 'dms', passwordEquivalent: 'c2VydmVy' },
          clientNonce: 'bm9uY2U=',
          serverNonce: 'c2VydmVyTm9uY2U=',
          devInfo: { './DevInfo/Man': 'Acmé ✓', './DevInfo/DmV': '1.2' },
          devDetail: { './DevDetail/SwV': '1.0' },
          quirks: ['no-sequence'],
          notifyAddress: 'http://10.0.0.1:2948/',
          lastSeenAt: T0 + 5,
        });
        await store.upsertDevice(full);
        assert.deepEqual(await store.getDevice('IMEI:1'), full);
        const replaced = device('IMEI:1', { enabled: false });
        await store.upsertDevice(replaced);
        assert.deepEqual(await store.getDevice('IMEI:1'), replaced);
      }));

    test('insertDeviceIfAbsent creates once and never overwrites', () =>
      withStore(async (store) => {
        const first = await store.insertDeviceIfAbsent(device('IMEI:2', { notifyAddress: 'a' }));
        assert.equal(first.created, true);
        const second = await store.insertDeviceIfAbsent(device('IMEI:2', { notifyAddress: 'b' }));
        assert.equal(second.created, false);
        assert.equal(second.device.notifyAddress, 'a');
        assert.equal((await store.getDevice('IMEI:2'))?.notifyAddress, 'a');
      }));

    test('concurrent insertDeviceIfAbsent creates exactly once', () =>
      withStore(async (store) => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.insertDeviceIfAbsent(device('IMEI:race', { notifyAddress: `n${i}` })),
          ),
        );
        assert.equal(results.filter((r) => r.created).length, 1);
        const stored = await store.getDevice('IMEI:race');
        assert.equal(new Set(results.map((r) => r.device.notifyAddress)).size, 1);
        assert.equal(stored?.notifyAddress, results[0]?.device.notifyAddress);
      }));

    test('updateDevice changes only the patched fields', () =>
      withStore(async (store) => {
        await store.upsertDevice(
          device('IMEI:3', { notifyAddress: 'x', devInfo: { './DevInfo/Mod': 'M1' } }),
        );
        const updated = await store.updateDevice('IMEI:3', { lastSeenAt: T0 + 10, clientNonce: 'AAAA' });
        assert.deepEqual(
          updated,
          device('IMEI:3', {
            notifyAddress: 'x',
            devInfo: { './DevInfo/Mod': 'M1' },
            lastSeenAt: T0 + 10,
            clientNonce: 'AAAA',
          }),
        );
        const cleared = await store.updateDevice('IMEI:3', { clientNonce: null, devInfo: {} });
        assert.equal(cleared?.clientNonce, null);
        assert.deepEqual(cleared?.devInfo, {});
        assert.deepEqual(await store.getDevice('IMEI:3'), cleared);
      }));

    test('listDevices is in devId order with keyset paging', () =>
      withStore(async (store) => {
        for (const id of ['IMEI:c', 'IMEI:a', 'IMEI:d', 'IMEI:b']) await store.upsertDevice(device(id));
        const all = await store.listDevices();
        assert.deepEqual(
          all.map((d) => d.devId),
          ['IMEI:a', 'IMEI:b', 'IMEI:c', 'IMEI:d'],
        );
        const page = await store.listDevices({ afterDevId: 'IMEI:a', limit: 2 });
        assert.deepEqual(
          page.map((d) => d.devId),
          ['IMEI:b', 'IMEI:c'],
        );
      }));

    test('returned records are copies', () =>
      withStore(async (store) => {
        await store.upsertDevice(device('IMEI:4', { devInfo: { './DevInfo/Man': 'A' } }));
        const read = await store.getDevice('IMEI:4');
        assert.ok(read);
        (read.devInfo as Record<string, string>)['./DevInfo/Man'] = 'changed';
        assert.equal((await store.getDevice('IMEI:4'))?.devInfo['./DevInfo/Man'], 'A');
      }));

    test('deleteDevice removes the device and everything keyed by it', () =>
      withStore(async (store) => {
        await store.upsertDevice(device('IMEI:5'));
        await store.upsertDevice(device('IMEI:6'));
        await store.enqueueCommand(command('c5', 'IMEI:5'));
        await store.enqueueCommand(command('c6', 'IMEI:6'));
        await store.recordAlert(alert('a5', 'IMEI:5'));
        await store.recordSessionHistory(history('h5', 'IMEI:5', T0));
        await store.acquireDeviceLock('IMEI:5', 'tok5', T0, 1000);
        await store.saveSession(
          { token: 'tok5', devId: 'IMEI:5', createdAt: T0, updatedAt: T0, expiresAt: T0 + 1, state: {} },
          null,
        );
        assert.equal(await store.deleteDevice('IMEI:5'), true);
        assert.equal(await store.getDevice('IMEI:5'), null);
        assert.equal(await store.getCommand('c5'), null);
        assert.equal(await store.getSession('tok5'), null);
        assert.equal(await store.getDeviceLock('IMEI:5'), null);
        assert.deepEqual(await store.listAlerts({ devId: 'IMEI:5' }), []);
        assert.equal(await store.countSessionHistory('IMEI:5'), 0);
        assert.notEqual(await store.getCommand('c6'), null);
      }));
  });
}
