/**
 * SCOMO crash recovery end to end (issue "SCOMO end to end": "SIGKILL the agent during a download and
 * during an install; restart it; exactly one result alert per correlator, and the inventory is
 * consistent"). The agent is the real `scomo agent --once` child process; the DM server is the same
 * across the killed run and the restart, so it counts every alert the device ever sent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SyncMLMessage } from '../../src/syncml/index.ts';
import { commandsOf, runAgent, sessionLines, spawnAgent } from '../support/scripted-dm-server.ts';
import {
  addObject,
  DEPLOYED,
  DOWNLOAD,
  exec,
  get,
  newStateDir,
  removeStateDirs,
  onceArgs,
  reportsOf,
  resultValues,
  startRepository,
  startScomoDmServer,
  statusOf,
} from './agent-scomo-harness.ts';
import type { Repository, ScomoDmServer, Turn } from './agent-scomo-harness.ts';

let repo: Repository;
before(async () => {
  repo = await startRepository();
});
after(async () => {
  await repo.close();
  removeStateDirs();
});

/** Session 1 of a run: the server delivers by URL and Execs DownloadInstall; the agent answers 202. */
function deliver(node: string, pkgId: string, url: string, correlator: string): Turn[] {
  return [
    () => ({
      commands: [
        addObject(DOWNLOAD, node, { PkgID: pkgId, PkgURL: url }),
        exec(`${DOWNLOAD}/${node}/Operations/DownloadInstall`, correlator),
      ],
    }),
    (client) => {
      assert.equal(statusOf(client, 'Exec'), '202');
    },
  ];
}

/** A session that reads the inventory whenever package #1 carries a result (whichever session that is). */
function inventoryWhenResult(into: Map<string, string>): Turn[] {
  let reading = false;
  return [
    (client: SyncMLMessage) => {
      reading = commandsOf(client, 'Alert').some((a) => a.data === '1226');
      return reading ? { commands: [get(`${DEPLOYED}?list=StructData`)] } : undefined;
    },
    (client) => {
      if (reading) for (const [uri, value] of resultValues(client)) into.set(uri, value);
    },
  ];
}

function assertNoFailures(server: ScomoDmServer): void {
  assert.deepEqual(
    server.failures.map((f) => f.message),
    [],
  );
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`SCOMO crash recovery (${encoding})`, () => {
    test('SIGKILL during a slow download; the restart finishes it and the server gets exactly one 1200', async () => {
      const blob = randomBytes(1_500_000);
      const name = `big-${encoding}.tar.gz`;
      const { url, built } = await repo.publish(name, {
        packageId: 'pkg-big',
        components: [{ id: 'com.example.big', version: '1.0.0' }],
        files: [{ path: 'blob.bin', content: blob }],
      });
      // The first request gets part of the body, then nothing: the download hangs there.
      repo.server.serve(`/dl/${name}`, { body: built.bytes, stallAfter: 600_000 });
      const server = await startScomoDmServer();
      const state = newStateDir();
      const inventory = new Map<string, string>();
      server.plan(...deliver('b1', 'pkg-big', url, 'corr-g'));
      try {
        // A long timeout keeps the stalled transfer "running" until the kill.
        const killed = spawnAgent(onceArgs(server.url, state, encoding, ['--timeout', '60']), 60_000);
        await killed.waitForLog((line) => String(line.msg).startsWith('session ') && 'outcome' in line);
        for (let waited = 0; repo.server.requestsFor(`/dl/${name}`).length === 0; waited += 20) {
          assert.ok(waited < 10_000, 'the agent never started the download');
          await sleep(20);
        }
        await sleep(200);
        killed.child.kill('SIGKILL');
        assert.equal((await killed.exited).signal, 'SIGKILL');
        assert.equal(server.genericAlerts().length, 0, 'no result before the crash');

        server.plan(...inventoryWhenResult(inventory));
        server.plan(...inventoryWhenResult(inventory));
        const run = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)) + run.otherStderr.join('\n'));
        // A third start finds nothing to do and sends nothing more.
        const again = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(again.code, 0);
        assert.equal(sessionLines(again.logs).length, 1);
        assertNoFailures(server);
      } finally {
        await server.close();
      }
      assert.deepEqual(
        reportsOf(server).map((r) => [r.correlator, r.code, r.target]),
        [['corr-g', 1200, `${DEPLOYED}/com.example.big`]],
        'exactly one result for the correlator',
      );
      assert.equal(
        repo.server.requestsFor(`/dl/${name}`).length,
        2,
        'the download ran again after the restart',
      );
      assert.equal(inventory.get(`${DEPLOYED}/com.example.big/Version`), '1.0.0');
      assert.equal(inventory.get(`${DEPLOYED}/com.example.big/State`), '20');
      const file = path.join(state, 'components/components/com.example.big/1.0.0/blob.bin');
      assert.ok(readFileSync(file).equals(blob), 'the installed file is complete');
    });

    test('SIGKILL during an install (its hook kills the agent); the restart rolls back: one 1405, v1 still deployed', async () => {
      const v1 = await repo.publish(`app1-${encoding}.tar.gz`, {
        packageId: 'pkg-app-1',
        components: [{ id: 'com.example.app', version: '1.0.0' }],
        files: [{ path: 'bin/app', content: 'v1' }],
      });
      const v2 = await repo.publish(`app2-${encoding}.tar.gz`, {
        packageId: 'pkg-app-2',
        components: [{ id: 'com.example.app', version: '2.0.0' }],
        files: [{ path: 'bin/app', content: 'v2' }],
        hooks: { install: 'kill -9 $PPID' },
      });
      const server = await startScomoDmServer();
      const state = newStateDir();
      const inventory = new Map<string, string>();
      server.plan(...deliver('a1', 'pkg-app-1', v1.url, 'corr-v1'));
      server.plan(...deliver('a2', 'pkg-app-2', v2.url, 'corr-v2'));
      try {
        const killed = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(killed.signal, 'SIGKILL', 'the install hook killed the agent');
        assert.deepEqual(
          reportsOf(server).map((r) => [r.correlator, r.code]),
          [['corr-v1', 1200]],
        );
        server.plan(...inventoryWhenResult(inventory));
        server.plan(...inventoryWhenResult(inventory));
        const run = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)) + run.otherStderr.join('\n'));
        const again = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(sessionLines(again.logs).length, 1, 'nothing left to report');
        assertNoFailures(server);
      } finally {
        await server.close();
      }
      assert.deepEqual(
        reportsOf(server).map((r) => [r.correlator, r.code, r.identifier]),
        [
          ['corr-v1', 1200, 'com.example.app'],
          ['corr-v2', 1405, 'pkg-app-2'],
        ],
        'exactly one result per correlator',
      );
      assert.equal(
        inventory.get(`${DEPLOYED}/com.example.app/Version`),
        '1.0.0',
        'the previous version stays',
      );
      assert.equal(inventory.get(`${DEPLOYED}/com.example.app/State`), '20');
      const current = path.join(state, 'components/components/com.example.app/.current/bin/app');
      assert.equal(readFileSync(current, 'utf8'), 'v1');
    });
  });
}
