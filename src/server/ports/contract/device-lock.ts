import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0 } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';

export function deviceLockContract(withStore: WithStore): void {
  describe('device lock', () => {
    test('a free lock is acquired and then refused to another holder until it expires', () =>
      withStore(async (store) => {
        const first = await store.acquireDeviceLock('D', 'tokA', T0, 1000);
        assert.deepEqual(first, {
          acquired: true,
          lock: { devId: 'D', holder: 'tokA', acquiredAt: T0, expiresAt: T0 + 1000 },
        });
        const refused = await store.acquireDeviceLock('D', 'tokB', T0 + 999, 1000);
        assert.equal(refused.acquired, false);
        assert.equal(refused.acquired ? '' : refused.current.holder, 'tokA');
        const afterExpiry = await store.acquireDeviceLock('D', 'tokB', T0 + 1000, 1000);
        assert.equal(afterExpiry.acquired, true);
        assert.equal((await store.getDeviceLock('D'))?.holder, 'tokB');
      }));

    test('the holder renews its lock, keeping acquiredAt', () =>
      withStore(async (store) => {
        await store.acquireDeviceLock('D', 'tokA', T0, 1000);
        const renewed = await store.acquireDeviceLock('D', 'tokA', T0 + 500, 1000);
        assert.deepEqual(renewed, {
          acquired: true,
          lock: { devId: 'D', holder: 'tokA', acquiredAt: T0, expiresAt: T0 + 1500 },
        });
      }));

    test('replace takes over only from the named holder', () =>
      withStore(async (store) => {
        await store.acquireDeviceLock('D', 'tokA', T0, 1000);
        const wrong = await store.acquireDeviceLock('D', 'tokC', T0 + 1, 1000, { replace: 'tokB' });
        assert.equal(wrong.acquired, false);
        const right = await store.acquireDeviceLock('D', 'tokC', T0 + 1, 1000, { replace: 'tokA' });
        assert.equal(right.acquired, true);
        assert.equal((await store.getDeviceLock('D'))?.holder, 'tokC');
      }));

    test('only the holder releases, and locks are per device', () =>
      withStore(async (store) => {
        await store.acquireDeviceLock('D1', 'tokA', T0, 1000);
        assert.equal((await store.acquireDeviceLock('D2', 'tokB', T0, 1000)).acquired, true);
        assert.equal(await store.releaseDeviceLock('D1', 'tokB'), false);
        assert.equal((await store.getDeviceLock('D1'))?.holder, 'tokA');
        assert.equal(await store.releaseDeviceLock('D1', 'tokA'), true);
        assert.equal(await store.getDeviceLock('D1'), null);
        assert.equal(await store.releaseDeviceLock('D1', 'tokA'), false);
        assert.equal((await store.acquireDeviceLock('D1', 'tokC', T0 + 1, 1000)).acquired, true);
      }));

    test('concurrent acquires by different holders grant exactly one', () =>
      withStore(async (store) => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.acquireDeviceLock('D', `tok${i}`, T0, 1000)),
        );
        assert.equal(results.filter((r) => r.acquired).length, 1);
      }));
  });
}
