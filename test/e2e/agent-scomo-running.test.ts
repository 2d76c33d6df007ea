/**
 * The long-running agent as a SCOMO Client: when the executor finishes an operation, the agent opens
 * a client-initiated session by itself (shortly after, so results finishing together share it) and
 * the server learns the result without waiting for the next poll. And `--once` with `--scomo-wait`:
 * the run ends at the bound, and the work finishes at the next start.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandsOf, runAgent, sessionLines, spawnAgent } from '../support/scripted-dm-server.ts';
import {
  addObject,
  assertServerClean,
  DEPLOYED,
  DOWNLOAD,
  exec,
  newStateDir,
  removeStateDirs,
  onceArgs,
  reportsOf,
  SERVER_ID,
  startRepository,
  startScomoDmServer,
  statusOf,
} from './agent-scomo-harness.ts';
import type { Repository } from './agent-scomo-harness.ts';

let repo: Repository;
before(async () => {
  repo = await startRepository();
});
after(async () => {
  await repo.close();
  removeStateDirs();
});

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`the running agent delivers SCOMO results by itself (${encoding})`, () => {
    test('a poll session Execs DownloadInstall; the result comes in a session the agent starts on its own', async () => {
      const { url } = await repo.publish(`run-${encoding}.tar.gz`, {
        packageId: 'pkg-run',
        components: [{ id: 'com.example.run', version: '0.9.0' }],
      });
      const server = await startScomoDmServer();
      server.plan(
        () => ({
          commands: [
            addObject(DOWNLOAD, 'r1', { PkgID: 'pkg-run', PkgURL: url }),
            exec(`${DOWNLOAD}/r1/Operations/DownloadInstall`, 'corr-run'),
          ],
        }),
        (client) => {
          assert.equal(statusOf(client, 'Exec'), '202');
        },
      );
      const state = newStateDir();
      const agent = spawnAgent([
        '--server',
        `${server.url}/dm`,
        '--device-id',
        'IMEI:356938035643809',
        '--state',
        state,
        '--server-id',
        SERVER_ID,
        '--encoding',
        encoding,
        '--poll',
        '3600',
        '--timeout',
        '10',
      ]);
      try {
        await agent.waitForLog((line) => line.msg === 'starting a session to deliver SCOMO results', 30_000);
        await agent.waitForLog((line) => sessionLines([line]).length === 1 && line['alertsDelivered'] === 1);
      } finally {
        const { code } = await agent.stop();
        assert.equal(code, 0, 'SIGTERM stops the agent cleanly');
        await server.close();
      }
      assertServerClean(server);
      assert.equal(server.sessions.length, 2, 'the poll session, then the result session; no other');
      const [first, second] = server.sessions;
      assert.equal(commandsOf(first?.messages[0] ?? fail(), 'Alert')[0]?.data, '1201');
      assert.equal(commandsOf(second?.messages[0] ?? fail(), 'Alert')[0]?.data, '1201', 'client-initiated');
      assert.deepEqual(
        reportsOf(server).map((r) => [r.correlator, r.code, r.target]),
        [['corr-run', 1200, `${DEPLOYED}/com.example.run`]],
      );
    });
  });
}

describe('--once with --scomo-wait', () => {
  test('the run ends at the bound with the work unfinished; the next start finishes it and reports once', async () => {
    const name = 'slow.tar.gz';
    const { url, built } = await repo.publish(name, {
      packageId: 'pkg-slow',
      components: [{ id: 'com.example.slow', version: '1.0.0' }],
    });
    // The first request stalls after a few bytes (until the agent gives up on it or stops).
    repo.server.serve(`/dl/${name}`, { body: built.bytes, stallAfter: 100 });
    const server = await startScomoDmServer();
    server.plan(() => ({
      commands: [
        addObject(DOWNLOAD, 's1', { PkgID: 'pkg-slow', PkgURL: url }),
        exec(`${DOWNLOAD}/s1/Operations/DownloadInstall`, 'corr-slow'),
      ],
    }));
    const state = newStateDir();
    try {
      const bounded = await runAgent(
        onceArgs(server.url, state, 'xml', ['--scomo-wait', '1', '--timeout', '30']),
      );
      assert.equal(bounded.code, 0, 'the session completed; unfinished work is not a failure');
      assert.equal(sessionLines(bounded.logs).length, 1, 'no result to deliver yet');
      assert.ok(
        bounded.logs.some((line) =>
          String(line.msg).startsWith('SCOMO work is still running after --scomo-wait'),
        ),
      );
      assert.equal(server.genericAlerts().length, 0);
      // Give the repository a moment to see the stalled connection closed by the stopping agent.
      await sleep(50);
      const finished = await runAgent(onceArgs(server.url, state, 'xml'));
      assert.equal(finished.code, 0);
      assertServerClean(server);
    } finally {
      await server.close();
    }
    assert.deepEqual(
      reportsOf(server).map((r) => [r.correlator, r.code]),
      [['corr-slow', 1200]],
    );
  });
});

function fail(): never {
  throw new Error('missing session message');
}
