import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { DmTree } from '../../tree/index.ts';
import type { TreeSnapshot } from '../../tree/index.ts';
import { InMemoryTreeStore } from './memory-tree-store.ts';

describe('InMemoryTreeStore', () => {
  test('empty until saved; round trip; counts saves', async () => {
    const store = new InMemoryTreeStore();
    assert.equal(await store.load(), undefined);
    const t = new DmTree();
    t.local.add('./A', { format: 'bin', data: new Uint8Array([5]) });
    await store.save(t.snapshot());
    assert.equal(store.saves, 1);
    const back = new DmTree();
    const loaded = await store.load();
    assert.ok(loaded);
    back.restore(loaded);
    assert.deepEqual(back.local.read('./A'), new Uint8Array([5]));
  });

  test('keeps a copy: later changes to the saved object do not leak in', async () => {
    const t = new DmTree();
    const snap = t.snapshot();
    const store = new InMemoryTreeStore(snap);
    snap.root.acl = 'Get=changed';
    assert.equal((await store.load())?.root.acl, 'Add=*&Get=*');
  });

  test('an invalid stored snapshot is reported on load', async () => {
    const store = new InMemoryTreeStore({
      format: 'scomo-tree',
      version: 1,
      root: { name: 'x', format: 'chr' },
    } as TreeSnapshot);
    await assert.rejects(store.load(), (e: unknown) => isScomoError(e, 'SCOMO_TREE_SNAPSHOT_INVALID'));
  });
});
