import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ScomoError } from '../../errors/index.ts';
import { silentLogger } from '../logger.ts';
import { createSpaceGuard } from '../packages/index.ts';
import { createPackageStore } from '../scomo/index.ts';
import type { PackageStore } from '../scomo/index.ts';
import { openPackageStream } from './package-stream.ts';
import type { PackageStreamPorts } from './package-stream.ts';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-package-stream-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Recorder extends PackageStreamPorts {
  readonly store: PackageStore;
  readonly registered: [string, number][];
  readonly arrivals: Promise<unknown>[];
  readonly root: string;
}

function ports(options: { quotaBytes?: number; busy?: boolean } = {}): Recorder {
  const root = join(dir, `s${++n}`);
  const registered: [string, number][] = [];
  const arrivals: Promise<unknown>[] = [];
  const space =
    options.quotaBytes === undefined ? undefined : createSpaceGuard(root, { quotaBytes: options.quotaBytes });
  return {
    root,
    registered,
    arrivals,
    store: createPackageStore(join(root, 'packages'), space),
    registerPackage(node, bytes) {
      if (options.busy === true) throw new ScomoError('SCOMO_MO_BUSY', 'busy');
      registered.push([node, bytes]);
    },
    awaitPackage(_node, arrival) {
      arrivals.push(arrival);
    },
    logger: silentLogger,
  };
}

describe('openPackageStream', () => {
  test('b64 text cut anywhere is decoded to disk; end() registers the size at once, the file follows', async () => {
    const p = ports();
    const bytes = randomBytes(10_001);
    const text = bytes.toString('base64');
    const stream = openPackageStream('d1', true, p);
    for (let at = 0; at < text.length; at += 1234)
      assert.equal(stream.write(text.slice(at, at + 1234)), undefined);
    assert.equal(stream.end(), 200);
    assert.deepEqual(p.registered, [['d1', bytes.length]], 'registered synchronously, with the decoded size');
    assert.equal(p.arrivals.length, 1);
    await p.arrivals[0];
    await stream.settled();
    const stored = await readFile(p.store.packagePath('d1'));
    assert.ok(stored.equals(bytes));
    assert.equal(stream.closed, true);
  });

  test('bytes (WBXML) are written as they are', async () => {
    const p = ports();
    const bytes = randomBytes(3000);
    const stream = openPackageStream('d2', false, p);
    stream.write(bytes.subarray(0, 1000));
    stream.write(bytes.subarray(1000));
    assert.equal(stream.end(), 200);
    await stream.settled();
    assert.ok((await readFile(p.store.packagePath('d2'))).equals(bytes));
  });

  test('text that is not base64 → 400, nothing registered, nothing left on disk', async () => {
    const p = ports();
    const stream = openPackageStream('d3', true, p);
    assert.equal(stream.write('QUJD'), undefined);
    assert.equal(stream.write('not*base64'), 400);
    assert.equal(stream.closed, true);
    await stream.settled();
    assert.deepEqual(p.registered, []);
    assert.equal(existsSync(`${p.store.packagePath('d3')}.part`), false, 'the part file is gone');
    assert.equal(await p.store.has('d3'), false);
  });

  test('base64 that stops mid-group → 400 at the end', async () => {
    const p = ports();
    const stream = openPackageStream('d4', true, p);
    stream.write('QUJDRA');
    assert.equal(stream.end(), 400);
    assert.deepEqual(p.registered, []);
  });

  test('out of room (quota): the failure surfaces at the next chunk as 420 Device full', async () => {
    const p = ports({ quotaBytes: 4096 });
    const stream = openPackageStream('d5', false, p);
    assert.equal(
      stream.write(randomBytes(8192)),
      undefined,
      'the disk write is queued, its failure not known yet',
    );
    await stream.settled();
    assert.equal(stream.write(randomBytes(10)), 420);
    assert.equal(stream.end(), 500, 'the refusal closed the stream');
    await stream.settled();
    assert.deepEqual(p.registered, []);
  });

  test('a busy Delivered node (an operation runs on it) → 503 and the bytes are dropped', async () => {
    const p = ports({ busy: true });
    const stream = openPackageStream('d6', false, p);
    stream.write(randomBytes(100));
    assert.equal(stream.end(), 503);
    await stream.settled();
    assert.equal(await p.store.has('d6'), false);
  });

  test('abort() drops the part file', async () => {
    const p = ports();
    const stream = openPackageStream('d7', false, p);
    stream.write(randomBytes(100));
    stream.abort();
    await stream.settled();
    assert.equal(await p.store.has('d7'), false);
    assert.equal(stream.write(randomBytes(1)), 500, 'closed');
  });
});
