import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DmTree } from '../../tree/index.ts';
import type { TreeSnapshot } from '../../tree/index.ts';
import { FileTreeStore } from './file-tree-store.ts';
import type { TreeStoreFs } from './file-tree-store.ts';
import { TreeStoreError } from './errors.ts';
import { decodeTreeFile, encodeTreeFile } from './file-format.ts';

let dir = '';
let file = '';

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'scomo-tree-store-'));
  file = path.join(dir, 'tree.json');
});

afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

function snapshotWith(value: string): TreeSnapshot {
  const t = new DmTree({ clock: { now: () => 1_700_000_000_000 } });
  t.local.add('./Data/Value', { data: value });
  t.local.add('./Data/Secret', { format: 'bin', data: new Uint8Array([1, 2, 3]), access: ['Replace'] });
  return t.snapshot();
}

function valueOf(snapshot: TreeSnapshot | undefined): unknown {
  assert.ok(snapshot);
  const t = new DmTree();
  t.restore(snapshot);
  return t.local.read('./Data/Value');
}

async function leftovers(): Promise<string[]> {
  return (await fsp.readdir(dir)).filter((n) => n.endsWith('.tmp'));
}

class SimulatedCrash extends Error {}

/** A file system that "loses power" at `step`: that call and every later one fail. */
function crashingAt(step: 'rename' | 'link' | 'open-temp'): TreeStoreFs {
  let dead = false;
  const crash = (): never => {
    dead = true;
    throw new SimulatedCrash(`power lost at ${step}`);
  };
  const alive = (): void => {
    if (dead) throw new SimulatedCrash('the process is gone');
  };
  return {
    ...fsp,
    open: async (p, flags, mode) => {
      alive();
      if (step === 'open-temp' && String(p).endsWith('.tmp')) {
        // The temp file gets half of its bytes, then the machine stops.
        const fh = await fsp.open(p, flags, mode);
        await fh.writeFile('scomo-tree/1 sha256=00');
        await fh.close();
        crash();
      }
      return fsp.open(p, flags, mode);
    },
    rename: async (a, b) => {
      alive();
      if (step === 'rename') crash();
      return fsp.rename(a, b);
    },
    link: async (a, b) => {
      alive();
      if (step === 'link') crash();
      return fsp.link(a, b);
    },
    unlink: async (p) => {
      alive();
      return fsp.unlink(p);
    },
  };
}

describe('FileTreeStore', () => {
  test('load of a store that was never saved is undefined (even without the directory)', async () => {
    assert.equal(await new FileTreeStore(path.join(dir, 'none', 'tree.json')).load(), undefined);
  });

  test('save / load round trip of a whole tree', async () => {
    const t = new DmTree({ clock: { now: () => 1 } });
    t.local.add('./A/B', { format: 'bin', data: new Uint8Array([0, 255]) });
    t.local.add('./A/C', { format: 'int', data: '7', acl: 'Get=*', title: 'Seven' });
    const store = new FileTreeStore(file);
    await store.save(t.snapshot());
    const loaded = await new FileTreeStore(file).load();
    assert.deepEqual(loaded, JSON.parse(JSON.stringify(t.snapshot())));
    const back = new DmTree();
    assert.ok(loaded);
    back.restore(loaded);
    assert.deepEqual(back.snapshot(), t.snapshot());
  });

  test('the file has a checksummed header and is private to its owner', async () => {
    await new FileTreeStore(file).save(snapshotWith('x'));
    const text = await fsp.readFile(file, 'utf8');
    assert.match(text, /^scomo-tree\/1 sha256=[0-9a-f]{64} bytes=\d+\n\{/);
    if (process.platform !== 'win32') assert.equal((await fsp.stat(file)).mode & 0o777, 0o600);
  });

  test('each save keeps the previous version as <file>.bak', async () => {
    const store = new FileTreeStore(file);
    await store.save(snapshotWith('one'));
    await store.save(snapshotWith('two'));
    assert.equal(valueOf(decodeOk(await fsp.readFile(`${file}.bak`))), 'one');
    assert.equal(valueOf(await store.load()), 'two');
    assert.deepEqual(await leftovers(), []);
  });

  test('concurrent saves are serialised: the last one wins', async () => {
    const store = new FileTreeStore(file);
    await Promise.all([
      store.save(snapshotWith('a')),
      store.save(snapshotWith('b')),
      store.save(snapshotWith('c')),
    ]);
    assert.equal(valueOf(await store.load()), 'c');
  });

  for (const step of ['open-temp', 'link', 'rename'] as const) {
    test(`a crash at ${step} loses nothing committed; the leftover temp file is cleaned up`, async () => {
      await new FileTreeStore(file).save(snapshotWith('committed'));
      const crashing = new FileTreeStore(file, { fs: crashingAt(step) });
      await assert.rejects(
        crashing.save(snapshotWith('in flight')),
        (e: unknown) => e instanceof TreeStoreError,
      );
      assert.equal((await leftovers()).length, 1, 'the crash left a temp file behind');
      const problems: TreeStoreError[] = [];
      const reopened = new FileTreeStore(file, { onRecover: (p) => problems.push(p) });
      assert.equal(valueOf(await reopened.load()), 'committed');
      assert.deepEqual(problems, [], 'the main file was intact');
      assert.deepEqual(await leftovers(), []);
      await reopened.save(snapshotWith('next'));
      assert.equal(valueOf(await reopened.load()), 'next');
    });
  }

  test('a truncated main file beside a leftover temp: the backup is used and the damage reported', async () => {
    const store = new FileTreeStore(file);
    await store.save(snapshotWith('old'));
    await store.save(snapshotWith('new'));
    const full = await fsp.readFile(file);
    await fsp.writeFile(file, full.subarray(0, Math.floor(full.length / 2)));
    await fsp.writeFile(path.join(dir, '.tree.json.deadbeef.tmp'), 'partial');
    const problems: TreeStoreError[] = [];
    const loaded = await new FileTreeStore(file, { onRecover: (p) => problems.push(p) }).load();
    assert.equal(valueOf(loaded), 'old');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.code, 'SCOMO_TREE_STORE_CORRUPT');
    assert.equal(problems[0]?.file, file);
    assert.match(problems[0]?.message ?? '', /truncated/);
    assert.deepEqual(await leftovers(), []);
  });

  test('a flipped byte fails the checksum', async () => {
    await new FileTreeStore(file).save(snapshotWith('v'));
    const bytes = await fsp.readFile(file);
    const i = bytes.length - 10;
    bytes[i] = (bytes[i] ?? 0) ^ 0x20;
    await fsp.writeFile(file, bytes);
    await assert.rejects(
      new FileTreeStore(file, { keepBackup: false }).load(),
      (e: unknown) =>
        e instanceof TreeStoreError &&
        e.code === 'SCOMO_TREE_STORE_CORRUPT' &&
        e.file === file &&
        e.message.includes(file),
    );
  });

  test('a corrupt main file and a corrupt backup: the error names the file', async () => {
    const store = new FileTreeStore(file);
    await store.save(snapshotWith('1'));
    await store.save(snapshotWith('2'));
    await fsp.writeFile(file, 'garbage');
    await fsp.writeFile(`${file}.bak`, 'garbage');
    await assert.rejects(store.load(), (e: unknown) => e instanceof TreeStoreError && e.file === file);
  });

  test('a missing main file with a backup: the backup is used and reported', async () => {
    const store = new FileTreeStore(file);
    await store.save(snapshotWith('1'));
    await store.save(snapshotWith('2'));
    await fsp.unlink(file);
    const problems: TreeStoreError[] = [];
    assert.equal(valueOf(await new FileTreeStore(file, { onRecover: (p) => problems.push(p) }).load()), '1');
    assert.equal(problems[0]?.code, 'SCOMO_TREE_STORE_MISSING');
  });

  test('the persistence loop: save on every committed change, restore after a restart', async () => {
    const store = new FileTreeStore(file);
    const tree = new DmTree();
    tree.local.setProperties('.', { acl: 'Add=*&Get=*&Replace=*' });
    const pending: Promise<void>[] = [];
    tree.subscribe(() => pending.push(store.save(tree.snapshot())));
    tree.add('./Counter', { format: 'int', data: '1' }, { serverId: 's' });
    tree.replace('./Counter', { data: '2' }, { serverId: 's' });
    await Promise.all(pending);
    assert.equal(pending.length, 2);
    const restarted = new DmTree();
    const loaded = await new FileTreeStore(file).load();
    assert.ok(loaded);
    restarted.restore(loaded);
    assert.equal(restarted.local.read('./Counter'), '2');
  });
});

function decodeOk(bytes: Uint8Array): TreeSnapshot {
  const d = decodeTreeFile(bytes);
  assert.ok(d.ok, d.ok ? '' : d.reason);
  return d.snapshot;
}

describe('tree file format', () => {
  test('encode / decode round trip', () => {
    const s = snapshotWith('x');
    assert.deepEqual(decodeOk(encodeTreeFile(s)), JSON.parse(JSON.stringify(s)));
  });

  const withBody = (body: string): Buffer => {
    const b = Buffer.from(body);
    const digest = createHash('sha256').update(b).digest('hex');
    return Buffer.concat([Buffer.from(`scomo-tree/1 sha256=${digest} bytes=${b.length}\n`), b]);
  };

  const bad: [string, () => Uint8Array, RegExp][] = [
    ['empty', () => new Uint8Array(0), /no header/],
    ['another file', () => Buffer.from('{"a":1}\n'), /bad header/],
    ['a body that is not JSON (checksum fine)', () => withBody('{not json'), /not JSON/],
    [
      'JSON that is not a tree (checksum fine)',
      () => withBody('{"format":"scomo-tree","version":1,"root":{"name":"","format":"chr"}}'),
      /snapshot/,
    ],
    [
      'extra bytes',
      () => Buffer.concat([encodeTreeFile(snapshotWith('x')), Buffer.from('!')]),
      /header says/,
    ],
  ];
  for (const [what, make, reason] of bad) {
    test(`reports ${what}`, () => {
      const d = decodeTreeFile(make());
      assert.equal(d.ok, false);
      assert.match(d.ok ? '' : d.reason, reason);
    });
  }
});
