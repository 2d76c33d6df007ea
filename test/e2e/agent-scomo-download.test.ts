/**
 * The SCOMO Client end to end, deliver by URL (seed flows 5.4.1, 5.4.3 Update and Remove): a real
 * `scomo agent --once` with a state directory against the scripted DM server over HTTP on 127.0.0.1,
 * real packages served by a local repository, in XML and WBXML. Each test checks what the server
 * receives: the Exec's 202, then exactly one OperationComplete Generic Alert per correlator in a
 * later session, and the inventory read back with Get ?list=StructData.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, SyncMLMessage } from '../../src/syncml/index.ts';
import { commandsOf, runAgent, sessionLines } from '../support/scripted-dm-server.ts';
import {
  addObject,
  assertServerClean,
  DEPLOYED,
  DOWNLOAD,
  exec,
  get,
  newStateDir,
  removeStateDirs,
  OPERATION_COMPLETE,
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

/** Every Status the agent gave to commands of `kind`. */
function statusesOf(message: SyncMLMessage, kind: string): string[] {
  return commandsOf(message, 'Status')
    .filter((s) => s.cmd === kind)
    .map((s) => s.data);
}

/** Session turns: the server adds Download/<node> with its leaves and Execs `operation`; expects 202. */
function deliverByUrl(
  node: string,
  leaves: Record<string, string>,
  operation: string,
  correlator: string,
): Turn[] {
  return [
    () => ({
      commands: [
        addObject(DOWNLOAD, node, leaves),
        exec(`${DOWNLOAD}/${node}/Operations/${operation}`, correlator),
      ],
    }),
    (client) => {
      assert.deepEqual(statusesOf(client, 'Add'), Array(Object.keys(leaves).length + 1).fill('200'));
      assert.equal(statusOf(client, 'Exec'), '202', 'Exec is accepted: the result follows as an alert');
    },
  ];
}

/** Session turns: the result arrives in package #1; the server reads the inventory. */
function readInventory(into: Map<string, string>): Turn[] {
  return [
    () => ({ commands: [get(`${DEPLOYED}?list=StructData`)] }),
    (client) => {
      assert.equal(statusOf(client, 'Get'), '200');
      for (const [uri, value] of resultValues(client)) into.set(uri, value);
    },
  ];
}

async function runOnce(
  server: ScomoDmServer,
  state: string,
  encoding: 'xml' | 'wbxml',
  extra: string[] = [],
) {
  const run = await runAgent(onceArgs(server.url, state, encoding, extra), 60_000);
  assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)) + run.otherStderr.join('\n'));
  assertServerClean(server);
  return run;
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`SCOMO deliver by URL (${encoding})`, () => {
    test('5.4.1: DownloadInstall → 202, then exactly one OperationComplete 1200 with the correlator; the component is Active', async () => {
      const { url } = await repo.publish(`app-${encoding}.tar.gz`, {
        packageId: 'pkg-app',
        components: [{ id: 'com.example.app', name: 'Example app', version: '1.2.0' }],
      });
      const server = await startScomoDmServer();
      const inventory = new Map<string, string>();
      server.plan(
        ...deliverByUrl(
          'pkg1',
          { PkgID: 'pkg-app', Name: 'Example app', PkgURL: url },
          'DownloadInstall',
          'corr-a',
        ),
      );
      server.plan(...readInventory(inventory));
      const state = newStateDir();
      try {
        const run = await runOnce(server, state, encoding);
        assert.equal(sessionLines(run.logs).length, 2, 'the operation session, then the result session');
      } finally {
        await server.close();
      }
      assert.equal(server.sessions.length, 2);
      const alerts = server.genericAlerts();
      assert.equal(alerts.length, 1, 'exactly one result alert');
      assert.equal(alerts[0]?.session, 1, 'it came in the second session');
      assert.deepEqual(reportsOf(server), [
        {
          correlator: 'corr-a',
          code: 1200,
          identifier: 'com.example.app',
          source: `${DOWNLOAD}/pkg1/Operations/DownloadInstall`,
          target: `${DEPLOYED}/com.example.app`,
          type: OPERATION_COMPLETE,
          format: 'xml',
          mark: 'informational',
        },
      ]);
      const node = `${DEPLOYED}/com.example.app`;
      assert.equal(inventory.get(`${node}/ID`), 'com.example.app');
      assert.equal(inventory.get(`${node}/Version`), '1.2.0');
      assert.equal(inventory.get(`${node}/Name`), 'Example app');
      assert.equal(inventory.get(`${node}/State`), '20', 'Active');
      assert.equal(inventory.get(`${node}/Status`), '10', 'Idle');
      // The directory installer unpacked it below the state directory.
      assert.equal(
        readFileSync(
          path.join(state, 'components/components/com.example.app/1.2.0/payload/readme.txt'),
          'utf8',
        ),
        'hello from the package\n',
      );
    });

    test('5.4.3 Update: a second package with the same component id and a higher version upgrades in place', async () => {
      const v1 = await repo.publish(`tool-1-${encoding}.tar.gz`, {
        packageId: 'pkg-tool-1',
        components: [{ id: 'com.example.tool', version: '1.0.0' }],
        files: [{ path: 'bin/tool', content: 'v1' }],
      });
      const v2 = await repo.publish(`tool-2-${encoding}.tar.gz`, {
        packageId: 'pkg-tool-2',
        components: [{ id: 'com.example.tool', version: '2.0.0' }],
        files: [{ path: 'bin/tool', content: 'v2' }],
      });
      const server = await startScomoDmServer();
      const before = new Map<string, string>();
      const after = new Map<string, string>();
      server.plan(
        ...deliverByUrl('t1', { PkgID: 'pkg-tool-1', PkgURL: v1.url }, 'DownloadInstall', 'corr-d1'),
      );
      // The result of v1 arrives; the server reads the inventory, then delivers v2 in the same session.
      server.plan(
        () => ({ commands: [get(`${DEPLOYED}?list=StructData`)] }),
        (client) => {
          for (const [uri, value] of resultValues(client)) before.set(uri, value);
          return {
            commands: [
              addObject(DOWNLOAD, 't2', { PkgID: 'pkg-tool-2', PkgURL: v2.url }),
              exec(`${DOWNLOAD}/t2/Operations/DownloadInstall`, 'corr-d2'),
            ],
          };
        },
        (client) => {
          assert.equal(statusOf(client, 'Exec'), '202');
        },
      );
      server.plan(...readInventory(after));
      const state = newStateDir();
      try {
        await runOnce(server, state, encoding);
      } finally {
        await server.close();
      }
      const node = `${DEPLOYED}/com.example.tool`;
      assert.deepEqual(
        reportsOf(server).map((r) => [r.correlator, r.code, r.target]),
        [
          ['corr-d1', 1200, node],
          ['corr-d2', 1200, node],
        ],
        'one alert per correlator, both naming the same Deployed node',
      );
      assert.equal(before.get(`${node}/Version`), '1.0.0');
      assert.equal(after.get(`${node}/Version`), '2.0.0', 'new Version on the same node');
      assert.equal(after.get(`${node}/ID`), 'com.example.tool');
      assert.equal(after.get(`${node}/PkgIDRef`), 'pkg-tool-2');
      assert.equal(after.get(`${node}/State`), '20');
      const deployedNodes = new Set(
        [...after.keys()].map((uri) => uri.slice(DEPLOYED.length + 1).split('/')[0]).filter((n) => n !== ''),
      );
      assert.deepEqual([...deployedNodes], ['com.example.tool'], 'no second Deployed node');
      const current = path.join(state, 'components/components/com.example.tool/.current/bin/tool');
      assert.equal(readFileSync(current, 'utf8'), 'v2');
    });

    test('5.4.3 Remove of a deployed component: alert 1200, the node and the files are gone', async () => {
      const { url } = await repo.publish(`gone-${encoding}.tar.gz`, {
        packageId: 'pkg-gone',
        components: [{ id: 'com.example.gone', version: '3.1.0' }],
      });
      const server = await startScomoDmServer();
      const inventory = new Map<string, string>();
      let removeStatus: string | undefined;
      server.plan(...deliverByUrl('g1', { PkgID: 'pkg-gone', PkgURL: url }, 'DownloadInstall', 'corr-e1'));
      server.plan(
        () => ({ commands: [exec(`${DEPLOYED}/com.example.gone/Operations/Remove`, 'corr-e2')] }),
        (client) => {
          removeStatus = statusOf(client, 'Exec');
        },
      );
      server.plan(
        () => ({ commands: [get(`${DEPLOYED}?list=Struct`), get(`${DEPLOYED}/com.example.gone`)] }),
        (client: SyncMLMessage) => {
          const gets = commandsOf(client, 'Status').filter((s) => s.cmd === 'Get');
          assert.deepEqual(
            gets.map((s) => s.data),
            ['200', '404'],
            'the Deployed node is gone',
          );
          for (const [uri, value] of resultValues(client)) inventory.set(uri, value);
        },
      );
      const state = newStateDir();
      try {
        await runOnce(server, state, encoding);
      } finally {
        await server.close();
      }
      assert.equal(removeStatus, '202');
      assert.deepEqual(
        reportsOf(server).map((r) => [r.correlator, r.code, r.identifier, r.source, r.target]),
        [
          [
            'corr-e1',
            1200,
            'com.example.gone',
            `${DOWNLOAD}/g1/Operations/DownloadInstall`,
            `${DEPLOYED}/com.example.gone`,
          ],
          [
            'corr-e2',
            1200,
            'com.example.gone',
            `${DEPLOYED}/com.example.gone/Operations/Remove`,
            `${DEPLOYED}/com.example.gone`,
          ],
        ],
      );
      assert.ok(
        ![...inventory.keys()].some((uri) => uri.includes('com.example.gone')),
        `not listed: ${[...inventory.keys()].join(', ')}`,
      );
      assert.equal(existsSync(path.join(state, 'components/components/com.example.gone')), false);
    });

    test('failures: a 404 PkgURL → 1402, a corrupted package → 1407; Download Status 20; nothing deployed', async () => {
      const good = await repo.publish(`corrupt-${encoding}.tar.gz`, {
        packageId: 'pkg-corrupt',
        components: [{ id: 'com.example.corrupt', version: '1.0.0' }],
      });
      // Keep the gzip header, garble the rest: a package that does not unpack.
      const garbled = Uint8Array.from(good.built.bytes, (b, i) => (i < 10 ? b : b ^ 0x5a));
      repo.server.serve(`/dl/corrupt-${encoding}.tar.gz`, { body: garbled });
      const missing = repo.server.url(`/dl/missing-${encoding}.tar.gz`);
      const server = await startScomoDmServer();
      const statuses = new Map<string, string>();
      const inventory = new Map<string, string>();
      server.plan(
        () => ({
          commands: [
            addObject(DOWNLOAD, 'm1', { PkgID: 'pkg-missing', PkgURL: missing }),
            exec(`${DOWNLOAD}/m1/Operations/DownloadInstall`, 'corr-f1'),
            addObject(DOWNLOAD, 'c1', { PkgID: 'pkg-corrupt', PkgURL: good.url }),
            exec(`${DOWNLOAD}/c1/Operations/DownloadInstall`, 'corr-f2'),
          ],
        }),
        (client) => {
          assert.deepEqual(statusesOf(client, 'Exec'), ['202', '202']);
        },
      );
      server.plan(
        () => ({
          commands: [
            get(`${DOWNLOAD}/m1/Status`),
            get(`${DOWNLOAD}/c1/Status`),
            get(`${DEPLOYED}?list=Struct`),
          ] as Command[],
        }),
        (client) => {
          for (const [uri, value] of resultValues(client))
            (uri.endsWith('/Status') ? statuses : inventory).set(uri, value);
        },
      );
      const state = newStateDir();
      try {
        await runOnce(server, state, encoding);
      } finally {
        await server.close();
      }
      const reports = reportsOf(server).sort((a, b) =>
        String(a.correlator).localeCompare(String(b.correlator)),
      );
      assert.deepEqual(
        reports.map((r) => [r.correlator, r.code, r.identifier, r.target, r.mark]),
        [
          ['corr-f1', 1402, 'pkg-missing', `${DOWNLOAD}/m1`, 'warning'],
          ['corr-f2', 1407, 'pkg-corrupt', `${DOWNLOAD}/c1`, 'critical'],
        ],
      );
      assert.equal(statuses.get(`${DOWNLOAD}/m1/Status`), '20');
      assert.equal(statuses.get(`${DOWNLOAD}/c1/Status`), '20');
      assert.deepEqual(
        [...inventory.keys()].filter((uri) => uri.startsWith(`${DEPLOYED}/`)),
        [],
        'nothing deployed',
      );
    });
  });
}
