import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0 } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';

export function sessionsContract(withStore: WithStore): void {
  describe('sessions', () => {
    const write = (state: Record<string, string | number>, updatedAt = T0) => ({
      token: 'tok',
      devId: 'D',
      createdAt: T0,
      updatedAt,
      expiresAt: T0 + 60_000,
      state: { ...state, nested: [1, 'two', { three: null }] },
    });

    test('save is compare-and-set on the version', () =>
      withStore(async (store) => {
        assert.deepEqual(await store.saveSession(write({ phase: 'a' }), null), { saved: true, version: 1 });
        assert.deepEqual(await store.saveSession(write({ phase: 'x' }), null), {
          saved: false,
          currentVersion: 1,
        });
        assert.deepEqual(await store.saveSession(write({ phase: 'b' }, T0 + 1), 1), {
          saved: true,
          version: 2,
        });
        assert.deepEqual(await store.saveSession(write({ phase: 'stale' }), 1), {
          saved: false,
          currentVersion: 2,
        });
        assert.deepEqual(await store.saveSession({ ...write({}), token: 'other' }, 3), {
          saved: false,
          currentVersion: null,
        });
        assert.deepEqual(await store.getSession('tok'), { ...write({ phase: 'b' }, T0 + 1), version: 2 });
      }));

    test('concurrent saves with the same expected version: exactly one wins', () =>
      withStore(async (store) => {
        await store.saveSession(write({ n: 0 }), null);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => store.saveSession(write({ n: i + 1 }), 1)),
        );
        assert.equal(results.filter((r) => r.saved).length, 1);
        assert.equal((await store.getSession('tok'))?.version, 2);
      }));

    test('delete and expiry listing', () =>
      withStore(async (store) => {
        await store.saveSession({ ...write({}), token: 'late', expiresAt: T0 + 300 }, null);
        await store.saveSession({ ...write({}), token: 'early', expiresAt: T0 + 100 }, null);
        await store.saveSession({ ...write({}), token: 'alive', expiresAt: T0 + 10_000 }, null);
        const expired = await store.listExpiredSessions(T0 + 300);
        assert.deepEqual(
          expired.map((s) => s.token),
          ['early', 'late'],
        );
        assert.deepEqual(
          (await store.listExpiredSessions(T0 + 300, 1)).map((s) => s.token),
          ['early'],
        );
        assert.equal(await store.deleteSession('early'), true);
        assert.equal(await store.deleteSession('early'), false);
        assert.equal(await store.getSession('early'), null);
      }));
  });
}
