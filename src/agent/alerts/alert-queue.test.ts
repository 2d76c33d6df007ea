import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isScomoError } from '../../errors/index.ts';
import { ALERT_QUEUE_FILE, createMemoryAlertQueue, openFileAlertQueue } from './alert-queue.ts';
import type { GenericAlert } from './types.ts';

const complete: GenericAlert = {
  correlator: 'job-1',
  items: [
    {
      type: 'urn:oma:at:scomo:1.0:OperationComplete',
      format: 'xml',
      data: '<ResultCode>1200</ResultCode>',
      mark: 'informational',
      source: './SCOMO/Download/pkg1/Operations/DownloadInstall',
    },
  ],
};
const item = (data: string) => ({ type: 'urn:x', format: 'chr', data });

let counter = 0;
const deps = { now: () => Date.UTC(2025, 0, 2, 3, 4, 5), newId: () => `a${++counter}` };

function stateDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'scomo-alerts-'));
}

describe('openFileAlertQueue', () => {
  test('an alert survives reopening and leaves only after remove()', async () => {
    const dir = stateDir();
    const queue = await openFileAlertQueue(dir, deps);
    const queued = await queue.enqueue(complete);
    assert.equal(queued.queuedAt, '2025-01-02T03:04:05.000Z');
    const other = await queue.enqueue({ items: [item('')] });

    const reopened = await openFileAlertQueue(dir, deps);
    assert.deepEqual(reopened.list(), [queued, other]);

    await reopened.remove([queued.id, 'no-such-id']);
    const again = await openFileAlertQueue(dir, deps);
    assert.deepEqual(again.list(), [other]);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file is left behind',
    );
  });

  test('concurrent enqueues all land in the file, in order', async () => {
    const dir = stateDir();
    const queue = await openFileAlertQueue(dir, deps);
    const all = await Promise.all(
      Array.from({ length: 8 }, (_, i) => queue.enqueue({ items: [item(`d${i}`)] })),
    );
    const reopened = await openFileAlertQueue(dir, deps);
    assert.deepEqual(
      reopened.list().map((a) => a.items[0]?.data),
      all.map((a) => a.items[0]?.data),
    );
  });

  test('a missing file is an empty queue; the file is JSON with a version', async () => {
    const dir = stateDir();
    const queue = await openFileAlertQueue(dir, deps);
    assert.deepEqual(queue.list(), []);
    await queue.enqueue(complete);
    const document = JSON.parse(readFileSync(path.join(dir, ALERT_QUEUE_FILE), 'utf8')) as {
      version: number;
      alerts: unknown[];
    };
    assert.equal(document.version, 1);
    assert.equal(document.alerts.length, 1);
  });

  test('a corrupt or foreign file is a SCOMO_AGENT_STATE error, not a crash', async () => {
    for (const content of [
      '{not json',
      '{"version":2,"alerts":[]}',
      '[]',
      '{"version":1,"alerts":[{"id":"x"}]}',
      '{"version":1,"alerts":[{"items":[{"type":"u","format":"chr","data":""}]}]}',
    ]) {
      const dir = stateDir();
      writeFileSync(path.join(dir, ALERT_QUEUE_FILE), content);
      await assert.rejects(
        openFileAlertQueue(dir, deps),
        (err) => isScomoError(err, 'SCOMO_AGENT_'),
        content,
      );
    }
  });

  test('a failed write leaves the queue as it was', async () => {
    const dir = path.join(stateDir(), 'gone');
    // The directory does not exist: every write fails.
    const queue = await openFileAlertQueue(dir, deps);
    await assert.rejects(queue.enqueue(complete));
    assert.deepEqual(queue.list(), []);
  });
});

describe('enqueue validation', () => {
  test('refuses alerts without type, format or data, and unknown marks', async () => {
    const queue = createMemoryAlertQueue(deps);
    const bad: unknown[] = [
      { items: [{ format: 'chr', data: 'x' }] },
      { items: [{ type: 'urn:x', data: 'x' }] },
      { items: [{ type: 'urn:x', format: 'chr' }] },
      { items: [{ type: '', format: 'chr', data: 'x' }] },
      { items: [{ type: 'urn:x', format: 'chr', data: 'x', mark: 'loud' }] },
      { items: [] },
      { correlator: 7, items: [item('x')] },
      null,
    ];
    for (const alert of bad) {
      await assert.rejects(queue.enqueue(alert as GenericAlert), (err) =>
        isScomoError(err, 'SCOMO_AGENT_BAD_OPTION'),
      );
    }
    assert.deepEqual(queue.list(), []);
  });
});
