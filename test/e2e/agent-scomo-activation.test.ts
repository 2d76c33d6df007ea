/**
 * SCOMO end to end, seed flow 5.4.3 Activate / Deactivate: DownloadInstallInactive, then Activate,
 * Deactivate, and a Deactivate of an inactive component (a wrong-state request), all within one
 * `scomo agent --once` run: every session delivers the previous result (exactly one alert per
 * correlator) and the server's next Exec; the State leaf toggles and the package hooks run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SyncMLMessage } from '../../src/syncml/index.ts';
import { runAgent, sessionLines } from '../support/scripted-dm-server.ts';
import {
  addObject,
  assertServerClean,
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
import type { Repository, Turn } from './agent-scomo-harness.ts';

let repo: Repository;
before(async () => {
  repo = await startRepository();
});
after(async () => {
  await repo.close();
  removeStateDirs();
});

const NODE = `${DEPLOYED}/com.example.svc`;

/**
 * A session that reads the component's State (into `states`) and, if `next` is given, Execs it with
 * its correlator; the agent must answer the Exec 202.
 */
function stateThen(states: string[], next?: { op: string; correlator: string }): Turn[] {
  return [
    () => ({
      commands: [
        get(`${NODE}/State`),
        ...(next === undefined ? [] : [exec(`${NODE}/Operations/${next.op}`, next.correlator)]),
      ],
    }),
    (client: SyncMLMessage) => {
      states.push(resultValues(client).get(`${NODE}/State`) ?? '?');
      if (next !== undefined) assert.equal(statusOf(client, 'Exec'), '202', `${next.op} accepted`);
    },
  ];
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`SCOMO activation (${encoding})`, () => {
    test('DownloadInstallInactive, Activate, Deactivate: State 10 → 20 → 10, hooks run, alerts 1200; Deactivate again → 1410', async () => {
      const { url } = await repo.publish(`svc-${encoding}.tar.gz`, {
        packageId: 'pkg-svc',
        components: [{ id: 'com.example.svc', version: '1.0.0' }],
        hooks: { activate: 'echo activate >> hooks.log', deactivate: 'echo deactivate >> hooks.log' },
      });
      const server = await startScomoDmServer();
      const states: string[] = [];
      server.plan(
        () => ({
          commands: [
            addObject(DOWNLOAD, 's1', { PkgID: 'pkg-svc', PkgURL: url }),
            exec(`${DOWNLOAD}/s1/Operations/DownloadInstallInactive`, 'corr-b1'),
          ],
        }),
        (client) => {
          assert.equal(statusOf(client, 'Exec'), '202');
        },
      );
      server.plan(...stateThen(states, { op: 'Activate', correlator: 'corr-b2' }));
      server.plan(...stateThen(states, { op: 'Deactivate', correlator: 'corr-b3' }));
      server.plan(...stateThen(states, { op: 'Deactivate', correlator: 'corr-b4' }));
      server.plan(...stateThen(states));
      const state = newStateDir();
      try {
        const run = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)));
        assert.equal(sessionLines(run.logs).length, 5, 'one session per result');
        assertServerClean(server);
      } finally {
        await server.close();
      }
      assert.deepEqual(states, ['10', '20', '10', '10'], 'Inactive, Active, Inactive, still Inactive');
      assert.deepEqual(
        reportsOf(server).map((r) => [r.correlator, r.code, r.source, r.target]),
        [
          ['corr-b1', 1200, `${DOWNLOAD}/s1/Operations/DownloadInstallInactive`, NODE],
          ['corr-b2', 1200, `${NODE}/Operations/Activate`, NODE],
          ['corr-b3', 1200, `${NODE}/Operations/Deactivate`, NODE],
          ['corr-b4', 1410, `${NODE}/Operations/Deactivate`, NODE],
        ],
      );
      assert.equal(
        readFileSync(path.join(state, 'components/components/com.example.svc/1.0.0/hooks.log'), 'utf8'),
        'activate\ndeactivate\n',
        'the hooks ran once each; the wrong-state Deactivate ran none',
      );
    });
  });
}
