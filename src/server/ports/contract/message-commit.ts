import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionWrite } from '../store.ts';
import { command, device, history, T0 } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';

const DEV = 'IMEI:commit';

function sessionWrite(token: string, state: Record<string, number>): SessionWrite {
  return { token, devId: DEV, createdAt: T0, updatedAt: T0 + 1, expiresAt: T0 + 60_000, state };
}

export function messageCommitContract(withStore: WithStore): void {
  describe('commitMessage', () => {
    test('saves the session (compare-and-set) and patches the device together', () =>
      withStore(async (store) => {
        await store.upsertDevice(device(DEV));
        const created = await store.commitMessage({
          session: { write: sessionWrite('tok', { step: 1 }), expectedVersion: null },
          lock: null,
          device: { devId: DEV, patch: { clientNonce: 'bjE=', lastSeenAt: T0 + 1 } },
          end: null,
        });
        assert.deepEqual(created, { committed: true, sessionVersion: 1 });
        const replaced = await store.commitMessage({
          session: { write: sessionWrite('tok', { step: 2 }), expectedVersion: 1 },
          lock: null,
          device: { devId: DEV, patch: { devInfo: { './DevInfo/Man': 'Acme' } } },
          end: null,
        });
        assert.deepEqual(replaced, { committed: true, sessionVersion: 2 });
        assert.deepEqual((await store.getSession('tok'))?.state, { step: 2 });
        const stored = await store.getDevice(DEV);
        assert.equal(stored?.clientNonce, 'bjE=');
        assert.equal(stored?.lastSeenAt, T0 + 1);
        assert.deepEqual(stored?.devInfo, { './DevInfo/Man': 'Acme' });
        return undefined;
      }));

    test('a failed compare-and-set writes nothing of the commit', () =>
      withStore(async (store) => {
        await store.upsertDevice(device(DEV));
        await store.saveSession(sessionWrite('tok', { step: 1 }), null);
        const stale = await store.commitMessage({
          session: { write: sessionWrite('tok', { step: 9 }), expectedVersion: 7 },
          lock: null,
          device: { devId: DEV, patch: { clientNonce: 'c3RhbGU=' } },
          end: null,
        });
        assert.deepEqual(stale, { committed: false, reason: 'session-changed', currentVersion: 1 });
        assert.deepEqual((await store.getSession('tok'))?.state, { step: 1 });
        assert.equal((await store.getDevice(DEV))?.clientNonce, null);
        return undefined;
      }));

    test('concurrent commits with the same expected version: exactly one wins', () =>
      withStore(async (store) => {
        await store.saveSession(sessionWrite('tok', { step: 1 }), null);
        const results = await Promise.all(
          [2, 3, 4].map((step) =>
            store.commitMessage({
              session: { write: sessionWrite('tok', { step }), expectedVersion: 1 },
              lock: null,
              device: null,
              end: null,
            }),
          ),
        );
        assert.equal(results.filter((r) => r.committed).length, 1);
        assert.equal((await store.getSession('tok'))?.version, 2);
        return undefined;
      }));

    test('an ending records history, releases claims and the lock, and deletes the session', () =>
      withStore(async (store) => {
        await store.upsertDevice(device(DEV));
        await store.enqueueCommand(command('c1', DEV));
        await store.enqueueCommand(command('c2', DEV));
        await store.acquireDeviceLock(DEV, 'tok', T0, 60_000);
        await store.saveSession(sessionWrite('tok', { step: 1 }), null);
        assert.equal((await store.claimCommands(DEV, 'tok', T0, 5)).length, 2);
        await store.resolveCommand('c1', { kind: 'expired' }, T0);
        const ended = await store.commitMessage({
          session: null,
          lock: null,
          device: { devId: DEV, patch: { lastSeenAt: T0 + 5 } },
          end: { history: { ...history('tok', DEV, T0 + 5) } },
        });
        assert.deepEqual(ended, { committed: true, sessionVersion: null });
        assert.equal(await store.getSession('tok'), null);
        assert.equal(await store.getDeviceLock(DEV), null);
        assert.equal((await store.getCommand('c2'))?.state, 'pending');
        assert.equal((await store.getCommand('c1'))?.state, 'resolved');
        assert.deepEqual(
          (await store.listSessionHistory(DEV)).map((h) => h.id),
          ['tok'],
        );
        assert.equal((await store.getDevice(DEV))?.lastSeenAt, T0 + 5);
        return undefined;
      }));

    test("an ending leaves another holder's lock alone and is idempotent on its history", () =>
      withStore(async (store) => {
        await store.acquireDeviceLock(DEV, 'newer', T0, 60_000);
        const end = { history: history('old', DEV, T0 + 5) };
        await store.commitMessage({ session: null, lock: null, device: null, end });
        await store.commitMessage({ session: null, lock: null, device: null, end });
        assert.equal((await store.getDeviceLock(DEV))?.holder, 'newer');
        assert.equal(await store.countSessionHistory(DEV), 1);
        return undefined;
      }));

    test('renews the lock with the save; a lock held by another session writes nothing', () =>
      withStore(async (store) => {
        await store.acquireDeviceLock(DEV, 'tok', T0, 1_000);
        const renewed = await store.commitMessage({
          session: { write: sessionWrite('tok', { step: 1 }), expectedVersion: null },
          lock: { devId: DEV, holder: 'tok', now: T0 + 500, ttlMs: 1_000 },
          device: null,
          end: null,
        });
        assert.deepEqual(renewed, { committed: true, sessionVersion: 1 });
        assert.deepEqual(await store.getDeviceLock(DEV), {
          devId: DEV,
          holder: 'tok',
          acquiredAt: T0,
          expiresAt: T0 + 1_500,
        });
        await store.acquireDeviceLock(DEV, 'newer', T0 + 600, 1_000, { replace: 'tok' });
        const lost = await store.commitMessage({
          session: { write: sessionWrite('tok', { step: 2 }), expectedVersion: 1 },
          lock: { devId: DEV, holder: 'tok', now: T0 + 700, ttlMs: 1_000 },
          device: null,
          end: null,
        });
        assert.equal(lost.committed, false);
        assert.equal(!lost.committed && lost.reason, 'lock-lost');
        assert.deepEqual((await store.getSession('tok'))?.state, { step: 1 });
        assert.equal((await store.getDeviceLock(DEV))?.holder, 'newer');
        return undefined;
      }));

    test('a patch of an absent device leaves it absent', () =>
      withStore(async (store) => {
        const result = await store.commitMessage({
          session: null,
          lock: null,
          device: { devId: 'IMEI:absent', patch: { lastSeenAt: T0 } },
          end: null,
        });
        assert.deepEqual(result, { committed: true, sessionVersion: null });
        assert.equal(await store.getDevice('IMEI:absent'), null);
        return undefined;
      }));
  });
}
