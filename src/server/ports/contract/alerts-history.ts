import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0, alert, history } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';

export function alertsHistoryContract(withStore: WithStore): void {
  describe('alerts and session history', () => {
    test('alerts are stored once and listed by device, type and time', () =>
      withStore(async (store) => {
        assert.equal(await store.recordAlert(alert('a1', 'D', { receivedAt: T0 + 2 })), true);
        assert.equal(await store.recordAlert(alert('a1', 'D', { data: 'again' })), false);
        await store.recordAlert(
          alert('a2', 'D', { receivedAt: T0 + 1, type: 'org.example.x', encoding: 'b64', data: 'AAE=' }),
        );
        await store.recordAlert(alert('a3', 'E', { receivedAt: T0 + 3 }));
        await store.recordAlert(alert('a4', 'D', { receivedAt: T0 + 2 }));
        assert.deepEqual(
          (await store.listAlerts()).map((a) => a.id),
          ['a2', 'a1', 'a4', 'a3'],
        );
        assert.deepEqual(
          (await store.listAlerts({ devId: 'D' })).map((a) => a.id),
          ['a2', 'a1', 'a4'],
        );
        assert.deepEqual(
          (await store.listAlerts({ type: 'org.example.x' })).map((a) => a.id),
          ['a2'],
        );
        assert.deepEqual(
          (await store.listAlerts({ since: T0 + 2, limit: 2 })).map((a) => a.id),
          ['a1', 'a4'],
        );
        assert.deepEqual(
          (await store.listAlerts({ devId: 'D', type: 'org.example.x' }))[0],
          alert('a2', 'D', {
            receivedAt: T0 + 1,
            type: 'org.example.x',
            encoding: 'b64',
            data: 'AAE=',
          }),
        );
      }));

    test('session history lists newest first and counts', () =>
      withStore(async (store) => {
        await store.recordSessionHistory(history('s1', 'D', T0 + 1));
        await store.recordSessionHistory(history('s2', 'D', T0 + 3));
        await store.recordSessionHistory(history('s3', 'D', T0 + 2));
        await store.recordSessionHistory(history('s2', 'D', T0 + 99));
        await store.recordSessionHistory(history('e1', 'E', T0));
        assert.deepEqual(
          (await store.listSessionHistory('D')).map((h) => h.id),
          ['s2', 's3', 's1'],
        );
        assert.deepEqual((await store.listSessionHistory('D', 1))[0], history('s2', 'D', T0 + 3));
        assert.equal(await store.countSessionHistory('D'), 3);
        assert.equal(await store.countSessionHistory('nobody'), 0);
      }));
  });
}
