import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0 } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';
import { job, result } from './scomo-fixtures.ts';

export function scomoJobsContract(withStore: WithStore): void {
  describe('SCOMO jobs and results', () => {
    test('a job is created once with version 1 and reads back deep-equal', () =>
      withStore(async (store) => {
        const created = await store.createScomoJob(job('j1', 'D'));
        assert.equal(created.created, true);
        assert.deepEqual(created.job, { ...job('j1', 'D'), seq: created.job.seq, version: 1 });
        const again = await store.createScomoJob(job('j1', 'D', { operation: 'other' }));
        assert.equal(again.created, false);
        assert.equal(again.job.operation, 'deploy');
        assert.deepEqual(await store.getScomoJob('j1'), created.job);
        assert.equal(await store.getScomoJob('nope'), null);
      }));

    test('save is compare-and-set on the version', () =>
      withStore(async (store) => {
        await store.createScomoJob(job('j1', 'D'));
        const update = {
          state: 'accepted' as const,
          updatedAt: T0 + 5,
          finishedAt: null,
          body: { steps: [], note: 'ü' },
        };
        const saved = await store.saveScomoJob('j1', update, 1);
        assert.equal(saved.saved, true);
        assert.ok(saved.saved);
        assert.equal(saved.job.version, 2);
        assert.equal(saved.job.state, 'accepted');
        assert.equal(saved.job.createdAt, T0, 'createdAt never changes');
        assert.deepEqual(saved.job.body, update.body);
        assert.deepEqual(await store.saveScomoJob('j1', update, 1), { saved: false, currentVersion: 2 });
        assert.deepEqual(await store.saveScomoJob('zz', update, 1), { saved: false, currentVersion: null });
        const done = await store.saveScomoJob('j1', { ...update, state: 'succeeded', finishedAt: T0 + 9 }, 2);
        assert.ok(done.saved);
        assert.deepEqual(await store.getScomoJob('j1'), done.job);
        assert.equal(done.job.finishedAt, T0 + 9);
      }));

    test('concurrent saves with the same expected version: exactly one wins', () =>
      withStore(async (store) => {
        await store.createScomoJob(job('j1', 'D'));
        const outcomes = await Promise.all(
          [1, 2, 3, 4].map((n) =>
            store.saveScomoJob('j1', { state: 'sent', updatedAt: T0 + n, finishedAt: null, body: { n } }, 1),
          ),
        );
        assert.equal(outcomes.filter((o) => o.saved).length, 1);
        assert.equal((await store.getScomoJob('j1'))?.version, 2);
      }));

    test('jobs list in creation order, filtered by device, state and operation, with paging', () =>
      withStore(async (store) => {
        const a = (await store.createScomoJob(job('a', 'D'))).job;
        await store.createScomoJob(job('b', 'E', { state: 'failed', operation: 'inventory' }));
        await store.createScomoJob(job('c', 'D', { state: 'accepted', operation: 'inventory' }));
        assert.deepEqual(
          (await store.listScomoJobs()).map((j) => j.id),
          ['a', 'b', 'c'],
        );
        assert.deepEqual(
          (await store.listScomoJobs({ devId: 'D' })).map((j) => j.id),
          ['a', 'c'],
        );
        assert.deepEqual(
          (await store.listScomoJobs({ states: ['failed', 'accepted'] })).map((j) => j.id),
          ['b', 'c'],
        );
        assert.deepEqual(
          (await store.listScomoJobs({ operation: 'inventory', devId: 'D' })).map((j) => j.id),
          ['c'],
        );
        assert.deepEqual(
          (await store.listScomoJobs({ afterSeq: a.seq, limit: 1 })).map((j) => j.id),
          ['b'],
        );
      }));

    test('results are recorded once, listed by device, job and orphan flag', () =>
      withStore(async (store) => {
        assert.equal(await store.recordScomoResult(result('r1', 'D', { receivedAt: T0 + 2 })), true);
        assert.equal(await store.recordScomoResult(result('r1', 'D', { resultCode: 1405 })), false);
        const orphan = result('r2', 'D', {
          receivedAt: T0 + 1,
          jobId: null,
          step: null,
          correlator: null,
          resultCode: null,
          meaning: 'unreadable',
          identifier: null,
          source: null,
          target: null,
          problem: 'Data holds no ResultCode',
        });
        await store.recordScomoResult(orphan);
        await store.recordScomoResult(result('r3', 'E', { receivedAt: T0 + 3, jobId: 'job-2' }));
        assert.deepEqual(
          (await store.listScomoResults()).map((r) => r.alertId),
          ['r2', 'r1', 'r3'],
        );
        assert.deepEqual(await store.listScomoResults({ orphans: true }), [orphan]);
        assert.deepEqual(
          (await store.listScomoResults({ orphans: false, devId: 'D' })).map((r) => r.alertId),
          ['r1'],
        );
        assert.deepEqual(
          (await store.listScomoResults({ jobId: 'job-2' })).map((r) => r.alertId),
          ['r3'],
        );
        assert.deepEqual(await store.listScomoResults({ devId: 'D', limit: 1 }), [orphan]);
        assert.deepEqual(
          (await store.listScomoResults({ jobId: 'job-1' }))[0],
          result('r1', 'D', { receivedAt: T0 + 2 }),
        );
      }));
  });
}
