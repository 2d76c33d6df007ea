/**
 * The Generic Alert (1226) queue end to end: an alert queued through the embedding API survives the
 * process, goes out in package #1 of the next `scomo agent --once`, stays queued while the server
 * answers an error, and leaves the state directory only after the server's 200.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAgent, openFileAlertQueue } from '../../src/agent/index.ts';
import type { Command } from '../../src/syncml/index.ts';
import {
  commandsOf,
  messageOf,
  reply,
  runAgent,
  sessionLines,
  startScriptedDmServer,
} from '../support/scripted-dm-server.ts';
import type { ScriptStep } from '../support/scripted-dm-server.ts';

const OPERATION_COMPLETE = 'urn:oma:at:scomo:1.0:OperationComplete';

/** Answers package #1, giving `code` to the Generic Alert and 200 to everything else. */
function answerAlertWith(code: string, seen: { alerts: number }): ScriptStep {
  return {
    name: `package #1 → ${code} for the Generic Alert`,
    respond: (request, ctx) => {
      const message = messageOf(request);
      const generic = commandsOf(message, 'Alert').filter((alert) => alert.data === '1226');
      seen.alerts += generic.length;
      assert.equal(generic.length, 1, 'one Generic Alert in package #1');
      const alert = generic[0];
      assert.equal(alert?.correlator, 'job-000172');
      const item = alert?.items[0];
      assert.equal(item?.meta?.type, OPERATION_COMPLETE);
      assert.equal(item?.meta?.format, 'xml');
      assert.equal(item?.meta?.mark, 'informational');
      assert.equal(item?.source?.locURI, './SCOMO/Download/pkg1/Operations/DownloadInstall');
      assert.equal(item?.data, '<ResultCode>1200</ResultCode>');
      return {
        kind: 'message',
        message: reply(request, ctx, {
          headerStatus: '212',
          statusFor: (command: Command) =>
            command.kind === 'Alert' && command.data === '1226' ? code : '200',
        }),
      };
    },
  };
}

test('a queued Generic Alert survives restarts and leaves the queue only after the server’s 200', async () => {
  const state = mkdtempSync(path.join(tmpdir(), 'scomo-agent-alerts-'));
  const server = await startScriptedDmServer([]);
  const url = `${server.url}/dm`;
  await server.close();

  // An embedder (e.g. an installer) queues the alert, then the process goes away.
  const embedded = createAgent({ server: url, deviceId: 'IMEI:7', stateDir: state, serverId: 'scripted' });
  const queued = await embedded.queueGenericAlert({
    correlator: 'job-000172',
    items: [
      {
        type: OPERATION_COMPLETE,
        format: 'xml',
        mark: 'informational',
        source: './SCOMO/Download/pkg1/Operations/DownloadInstall',
        data: '<ResultCode>1200</ResultCode>',
      },
    ],
  });
  await embedded.stop();

  const args = (serverUrl: string) => [
    '--server',
    `${serverUrl}/dm`,
    '--device-id',
    'IMEI:7',
    '--state',
    state,
    '--server-id',
    'scripted',
    '--once',
    '--timeout',
    '5',
    '--retries',
    '0',
  ];

  // First session: the server answers 500 to the alert → it stays queued.
  const seen = { alerts: 0 };
  const failing = await startScriptedDmServer([answerAlertWith('500', seen)]);
  try {
    const run = await runAgent(args(failing.url));
    assert.deepEqual(
      failing.failures.map((f) => f.message),
      [],
    );
    assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)));
    assert.equal(sessionLines(run.logs)[0]?.['alertsDelivered'], 0);
    assert.equal(sessionLines(run.logs)[0]?.['alertsPending'], 1);
  } finally {
    await failing.close();
  }
  const afterError = await openFileAlertQueue(state, { now: Date.now });
  assert.deepEqual(
    afterError.list().map((a) => a.id),
    [queued.id],
    'still queued after a 500',
  );

  // Second session (another process again): 200 → delivered and removed.
  const accepting = await startScriptedDmServer([answerAlertWith('200', seen)]);
  try {
    const run = await runAgent(args(accepting.url));
    assert.deepEqual(
      accepting.failures.map((f) => f.message),
      [],
    );
    assert.equal(run.code, 0);
    assert.equal(sessionLines(run.logs)[0]?.['alertsDelivered'], 1);
    assert.equal(sessionLines(run.logs)[0]?.['alertsPending'], 0);
  } finally {
    await accepting.close();
  }
  assert.equal(seen.alerts, 2, 'the same alert went out in both sessions');
  const afterOk = await openFileAlertQueue(state, { now: Date.now });
  assert.deepEqual(afterOk.list(), [], 'removed after the 200');
});
