import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { silentLogger } from '../logger.ts';
import type { AgentLogger } from '../logger.ts';
import type { SessionReport } from './report.ts';
import { MAX_ONCE_SESSIONS, runOnce } from './run-once.ts';
import type { OnceDeps } from './run-once.ts';

function report(outcome: SessionReport['outcome'], alertsDelivered: number): SessionReport {
  return {
    sessionId: '1',
    serverId: 's',
    initiator: 'client',
    reason: 'once',
    outcome,
    messagesSent: 1,
    messagesReceived: 1,
    commandsReceived: {},
    statusesSent: {},
    alertsDelivered,
    alertsPending: 0,
    startedAt: '',
    durationMs: 0,
  };
}

/**
 * A device whose sessions are scripted: `work[i]` is what session i leaves for the executor (alerts
 * it will queue) and whether the server acknowledges what the session offers.
 */
function device(script: { queues: string[]; acknowledges?: boolean; outcome?: SessionReport['outcome'] }[]) {
  let queue: string[] = [];
  let working: string[] = [];
  const sessions: string[][] = [];
  const warnings: string[] = [];
  const logger: AgentLogger = { ...silentLogger, warn: (_f, message) => warnings.push(message) };
  const deps: OnceDeps = {
    async runSession() {
      const step = script[sessions.length] ?? { queues: [] };
      const offered = [...queue];
      sessions.push(offered);
      if (step.acknowledges !== false) queue = queue.filter((id) => !offered.includes(id));
      working = [...step.queues];
      return report(step.outcome ?? 'completed', step.acknowledges === false ? 0 : offered.length);
    },
    scomo: {
      async idle(timeoutMs) {
        if (working.includes('never')) return false;
        assert.ok(timeoutMs > 0, 'waits within the bound');
        queue.push(...working);
        working = [];
        return true;
      },
    },
    pendingAlerts: async () => [...queue],
    clock: () => 0,
    logger,
  };
  return { deps, sessions, warnings, queue: () => queue };
}

describe('runOnce (--once)', () => {
  test('without a SCOMO client: exactly one session', async () => {
    const d = device([{ queues: ['a'] }]);
    const reports = await runOnce({ ...d.deps, scomo: undefined }, 1000);
    assert.equal(reports.length, 1);
  });

  test('the session started work: wait for it, then one more session delivers its result', async () => {
    const d = device([{ queues: ['r1'] }, { queues: [] }]);
    const reports = await runOnce(d.deps, 1000);
    assert.equal(reports.length, 2);
    assert.deepEqual(d.sessions, [[], ['r1']]);
  });

  test('a result session that brings new work goes round again', async () => {
    const d = device([{ queues: ['r1'] }, { queues: ['r2'] }, { queues: [] }]);
    await runOnce(d.deps, 1000);
    assert.deepEqual(d.sessions, [[], ['r1'], ['r2']]);
  });

  test('alerts the server refused before do not make a session of their own', async () => {
    const d = device([{ queues: [], acknowledges: false }]);
    d.queue().push('old');
    const reports = await runOnce(d.deps, 1000);
    assert.equal(reports.length, 1);
  });

  test('a result session the server acknowledged nothing of ends the run (no endless retries)', async () => {
    const d = device([{ queues: ['r1'] }, { queues: ['r2'], acknowledges: false }]);
    const reports = await runOnce(d.deps, 1000);
    assert.equal(reports.length, 2);
  });

  test('work still running at the bound: a warning, no result session', async () => {
    const d = device([{ queues: ['never'] }]);
    const reports = await runOnce(d.deps, 1000);
    assert.equal(reports.length, 1);
    assert.equal(d.warnings.length, 1);
  });

  test('a server that keeps asking is bounded', async () => {
    const d = device(Array.from({ length: 40 }, (_, i) => ({ queues: [`r${i}`] })));
    const reports = await runOnce(d.deps, 1000);
    assert.equal(reports.length, MAX_ONCE_SESSIONS);
  });
});
