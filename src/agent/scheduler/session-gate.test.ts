import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionGate } from './session-gate.ts';
import type { SessionRequest } from './session-gate.ts';

/** An execute() whose sessions end only when the test says so, recording overlap. */
function controlled() {
  const started: SessionRequest[] = [];
  const finishers: Array<() => void> = [];
  let running = 0;
  let maxRunning = 0;
  let waiter: (() => void) | undefined;
  const execute = async (request: SessionRequest): Promise<string> => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    started.push(request);
    waiter?.();
    await new Promise<void>((resolve) => finishers.push(resolve));
    running--;
    return request.sessionId ?? request.reason;
  };
  const nextStart = (): Promise<void> =>
    new Promise<void>((resolve) => {
      waiter = resolve;
    });
  const finish = (): void => finishers.shift()?.();
  return { execute, started, finish, nextStart, maxRunning: () => maxRunning };
}

const poll: SessionRequest = { initiator: 'client', reason: 'poll' };
const trigger = (sessionId: string): SessionRequest => ({
  initiator: 'server',
  sessionId,
  reason: 'trigger',
});

describe('createSessionGate', () => {
  test('never runs two sessions at once; run() calls go first come, first served', async () => {
    const c = controlled();
    const gate = createSessionGate(c.execute);
    const first = c.nextStart();
    const a = gate.run({ initiator: 'client', sessionId: 'A', reason: 'api' });
    const b = gate.run({ initiator: 'client', sessionId: 'B', reason: 'api' });
    await first;
    assert.equal(gate.state(), 'running');
    const second = c.nextStart();
    c.finish();
    assert.equal(await a, 'A');
    await second;
    c.finish();
    assert.equal(await b, 'B');
    assert.equal(c.maxRunning(), 1);
    assert.equal(gate.state(), 'idle');
  });

  test('a burst of triggers during a session gives exactly one follow-up, the latest trigger', async () => {
    const c = controlled();
    const dropped: string[] = [];
    const gate = createSessionGate(c.execute, (d) => dropped.push(d.sessionId ?? d.reason));
    const first = c.nextStart();
    assert.equal(gate.request(poll), 'started');
    await first;
    assert.equal(gate.request(trigger('1A')), 'queued');
    assert.equal(gate.request(trigger('1B')), 'replaced');
    assert.equal(gate.request(poll), 'merged', 'a poll never displaces a waiting trigger');
    const second = c.nextStart();
    c.finish();
    await second;
    assert.deepEqual(
      c.started.map((r) => r.sessionId ?? r.reason),
      ['poll', '1B'],
    );
    assert.deepEqual(dropped, ['1A', 'poll']);
    c.finish();
    await gate.drain();
    assert.equal(c.started.length, 2, 'no third session');
    assert.equal(c.maxRunning(), 1);
  });

  test('a trigger replaces a waiting poll', async () => {
    const c = controlled();
    const gate = createSessionGate(c.execute);
    const first = c.nextStart();
    gate.request({ initiator: 'client', reason: 'api', sessionId: 'X' });
    await first;
    gate.request(poll);
    assert.equal(gate.request(trigger('2C')), 'replaced');
    const second = c.nextStart();
    c.finish();
    await second;
    assert.equal(c.started[1]?.sessionId, '2C');
    c.finish();
    await gate.drain();
  });

  test('drain() forgets the waiting follow-up and waits for the running session', async () => {
    const c = controlled();
    const gate = createSessionGate(c.execute);
    const first = c.nextStart();
    gate.request(poll);
    await first;
    gate.request(trigger('3D'));
    const drained = gate.drain();
    c.finish();
    await drained;
    assert.equal(c.started.length, 1);
    assert.equal(gate.state(), 'idle');
  });

  test('a failing session does not block the next one', async () => {
    let calls = 0;
    const gate = createSessionGate(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return 'ok';
    });
    await assert.rejects(gate.run(poll), /boom/);
    assert.equal(await gate.run(poll), 'ok');
  });
});
