/**
 * SCOMO direct delivery over DM, end to end (reference §1.10 "deliver over DM", §2.8 large objects):
 * the server Adds Inventory/Delivered/<x>, Replaces its Data as a large object over several
 * messages (MoreData), then Execs Install in the message carrying the last chunk. The agent streams
 * the chunks to disk as they arrive — the test looks at the part file between messages — and the
 * package installs. A size that differs from Meta Size is refused with 424 and leaves nothing behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { slotName } from '../../src/agent/index.ts';
import { commandsOf, runAgent, sessionLines } from '../support/scripted-dm-server.ts';
import { buildPackage } from '../support/packages.ts';
import {
  addObject,
  assertServerClean,
  dataChunks,
  DELIVERED,
  DEPLOYED,
  exec,
  get,
  newStateDir,
  removeStateDirs,
  onceArgs,
  reportsOf,
  resultValues,
  startScomoDmServer,
  statusOf,
} from './agent-scomo-harness.ts';
import type { Turn } from './agent-scomo-harness.ts';

let dir: string;
before(() => {
  dir = newStateDir();
});
after(() => {
  removeStateDirs();
});

const CHUNK = 16 * 1024;

function at<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`no element ${index}`);
  return value;
}

/** Bytes of the package being received for `node` so far (the `.part` file), or -1 when there is none. */
function partBytes(state: string, node: string): number {
  const file = path.join(state, 'scomo/packages', slotName(node), 'package.part');
  return existsSync(file) ? statSync(file).size : -1;
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`SCOMO direct delivery over DM (${encoding})`, () => {
    test('Add Delivered/<x>, Data in chunks over several messages (streamed to disk), Exec Install → installed, alert 1200', async () => {
      const blob = randomBytes(56 * 1024);
      const pkg = await buildPackage(dir, `direct-${encoding}.tar.gz`, {
        packageId: 'pkg-direct',
        components: [{ id: 'com.example.direct', version: '4.0.0' }],
        files: [{ path: 'data/blob.bin', content: blob }],
      });
      const chunks = dataChunks(`${DELIVERED}/d1/Data`, pkg.bytes, encoding, CHUNK);
      assert.ok(chunks.length >= 4, `${chunks.length} chunks`);
      const state = newStateDir();
      const onDisk: number[] = [];
      const server = await startScomoDmServer();
      const turns: Turn[] = [
        () => ({
          commands: [addObject(DELIVERED, 'd1', { PkgID: 'pkg-direct', Name: 'Direct' }), at(chunks, 0)],
          final: false,
        }),
      ];
      for (let i = 1; i < chunks.length; i++) {
        const last = i === chunks.length - 1;
        turns.push((client) => {
          assert.equal(statusOf(client, 'Replace'), '213', `chunk ${i} accepted`);
          assert.equal(
            commandsOf(client, 'Alert').filter((a) => a.data === '1222').length,
            1,
            'asks for more',
          );
          // The agent replied only once the chunks so far were on disk.
          onDisk.push(partBytes(state, 'd1'));
          return last
            ? { commands: [at(chunks, i), exec(`${DELIVERED}/d1/Operations/Install`, 'corr-c')] }
            : { commands: [at(chunks, i)], final: false };
        });
      }
      turns.push((client) => {
        assert.equal(statusOf(client, 'Replace'), '200', 'the whole object was taken');
        assert.equal(statusOf(client, 'Exec'), '202', 'Install in the same message finds the package');
      });
      server.plan(...turns);
      const inventory = new Map<string, string>();
      server.plan(
        () => ({ commands: [get(`${DEPLOYED}?list=StructData`), get(`${DELIVERED}/d1/State`)] }),
        (client) => {
          for (const [uri, value] of resultValues(client)) inventory.set(uri, value);
        },
      );
      try {
        const run = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)) + run.otherStderr.join('\n'));
        assertServerClean(server);
      } finally {
        await server.close();
      }
      assert.deepEqual(
        onDisk,
        chunks.bytesAfter.slice(0, -1),
        'each reply came after its chunk was written to the part file',
      );
      assert.deepEqual(
        reportsOf(server).map((r) => [r.correlator, r.code, r.identifier, r.source, r.target]),
        [
          [
            'corr-c',
            1200,
            'com.example.direct',
            `${DELIVERED}/d1/Operations/Install`,
            `${DEPLOYED}/com.example.direct`,
          ],
        ],
      );
      assert.equal(inventory.get(`${DEPLOYED}/com.example.direct/Version`), '4.0.0');
      assert.equal(inventory.get(`${DEPLOYED}/com.example.direct/State`), '20');
      assert.equal(inventory.get(`${DELIVERED}/d1/State`), '20', 'the Delivered package is Installed');
      const installed = path.join(state, 'components/components/com.example.direct/4.0.0/data/blob.bin');
      assert.ok(readFileSync(installed).equals(blob), 'the unpacked file is byte for byte the original');
    });

    test('a size that differs from Meta Size → 424, the part file is gone, and Install finds no package (403)', async () => {
      const pkg = await buildPackage(dir, `short-${encoding}.tar.gz`, {
        packageId: 'pkg-short',
        components: [{ id: 'com.example.short', version: '1.0.0' }],
        files: [{ path: 'data/blob.bin', content: randomBytes(40 * 1024) }],
      });
      const chunks = dataChunks(`${DELIVERED}/s1/Data`, pkg.bytes, encoding, CHUNK);
      const first = at(chunks, 0);
      const meta = first.kind === 'Replace' ? first.items[0]?.meta : undefined;
      assert.ok(meta);
      meta.size = pkg.size + 5;
      const state = newStateDir();
      const server = await startScomoDmServer();
      const turns: Turn[] = [
        () => ({ commands: [addObject(DELIVERED, 's1', { PkgID: 'pkg-short' }), first], final: false }),
      ];
      for (let i = 1; i < chunks.length; i++) {
        const last = i === chunks.length - 1;
        turns.push(() =>
          last
            ? { commands: [at(chunks, i), exec(`${DELIVERED}/s1/Operations/Install`, 'corr-s')] }
            : { commands: [at(chunks, i)], final: false },
        );
      }
      let replace: string | undefined;
      let install: string | undefined;
      turns.push((client) => {
        replace = statusOf(client, 'Replace');
        install = statusOf(client, 'Exec');
      });
      server.plan(...turns);
      try {
        const run = await runAgent(onceArgs(server.url, state, encoding), 60_000);
        assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)));
        assertServerClean(server);
      } finally {
        await server.close();
      }
      assert.equal(replace, '424');
      assert.equal(install, '403', 'no package bytes on the device');
      assert.deepEqual(reportsOf(server), [], 'a refused Exec consumes no correlator');
      const slot = path.join(state, 'scomo/packages', slotName('s1'));
      assert.deepEqual(existsSync(slot) ? readdirSync(slot) : [], [], 'nothing left of the object');
    });
  });
}
