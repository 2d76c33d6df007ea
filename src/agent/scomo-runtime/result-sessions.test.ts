import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { createResultSessions } from './result-sessions.ts';

describe('createResultSessions', () => {
  test('results queued together ask for one session', async () => {
    let requests = 0;
    const results = createResultSessions({ delayMs: 5, active: () => true, request: () => requests++ });
    results.notify();
    results.notify();
    results.notify();
    await sleep(30);
    assert.equal(requests, 1);
    results.notify();
    await sleep(30);
    assert.equal(requests, 2, 'a later result asks again');
  });

  test('nothing while the agent is not running, nor after cancel()', async () => {
    let requests = 0;
    let active = false;
    const results = createResultSessions({ delayMs: 0, active: () => active, request: () => requests++ });
    results.notify();
    await sleep(10);
    assert.equal(requests, 0, 'not running (e.g. --once)');
    active = true;
    results.notify();
    results.cancel();
    await sleep(10);
    assert.equal(requests, 0, 'cancelled (stopping)');
    results.notify();
    active = false;
    await sleep(10);
    assert.equal(requests, 0, 'stopped while waiting');
  });
});
