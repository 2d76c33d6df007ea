import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { DmTree } from './tree.ts';
import type { SnapshotNode, TreeSnapshot } from './snapshot.ts';

const ctx = { serverId: 'srv' };

function fixture(): DmTree {
  const t = new DmTree({ clock: { now: () => Date.UTC(2020, 1, 2) } });
  t.local.setProperties('.', { acl: 'Add=*&Delete=*&Get=*&Replace=srv' });
  t.local.add('./MO', { format: 'node', type: 'urn:x:1', acl: 'Get=*&Replace=srv', title: 'The MO' });
  t.local.add('./MO/Bin', { format: 'bin', data: new Uint8Array([0, 1, 254, 255]) });
  t.local.add('./MO/B64', { format: 'b64', data: 'AAEC' });
  t.local.add('./MO/Int', { format: 'int', data: '-5', type: 'text/x-n' });
  t.local.add('./MO/Secret', { data: 'pw', access: ['Replace'] });
  t.local.add('./MO/Perm', { data: 'p', permanent: true });
  t.local.add('./MO/Empty', { format: 'node' });
  t.replace('./MO/Int', { data: '6' }, ctx);
  return t;
}

function clone(s: TreeSnapshot): TreeSnapshot {
  return JSON.parse(JSON.stringify(s)) as TreeSnapshot;
}

describe('snapshot / restore', () => {
  test('round trip through JSON reproduces the tree and its behaviour', () => {
    const a = fixture();
    const snap = clone(a.snapshot());
    const b = new DmTree();
    b.restore(snap);
    assert.deepEqual(b.snapshot(), a.snapshot());
    assert.deepEqual(b.usage, a.usage);
    assert.deepEqual(b.local.read('./MO/Bin'), new Uint8Array([0, 1, 254, 255]));
    assert.equal(b.get('./MO/Secret', ctx).status, 405);
    assert.equal(b.delete('./MO/Perm', ctx), 405);
    const verNo = b.get('./MO/Int?prop=VerNo', ctx);
    assert.ok(verNo.status === 200 && verNo.result.kind === 'value');
    assert.equal(verNo.result.data, '1');
    const title = b.get('./MO?prop=Title', ctx);
    assert.ok(title.status === 200 && title.result.kind === 'value');
    assert.equal(title.result.data, 'The MO');
  });

  test('restore replaces the whole tree and bumps the revision', () => {
    const t = fixture();
    const snap = clone(t.snapshot());
    t.local.add('./Later', { data: 'x' });
    const r = t.revision;
    t.restore(snap);
    assert.equal(t.local.exists('./Later'), false);
    assert.equal(t.revision, r + 1);
  });

  /** The snapshot node at `names` below the root (asserted to exist). */
  function at(s: TreeSnapshot, ...names: string[]): SnapshotNode {
    let node = s.root;
    for (const name of names) {
      const next = node.children?.find((c) => c.name === name);
      assert.ok(next, `fixture has ${names.join('/')}`);
      node = next;
    }
    return node;
  }

  const broken: [string, (s: TreeSnapshot) => void][] = [
    ['wrong format tag', (s) => void Object.assign(s, { format: 'other' })],
    ['wrong version', (s) => void Object.assign(s, { version: 2 })],
    ['root not interior', (s) => void (s.root.format = 'chr')],
    ['root without ACL', (s) => void delete s.root.acl],
    ['bad ACL', (s) => void (s.root.acl = 'Get')],
    ['unknown format', (s) => void Object.assign(at(s, 'MO'), { format: 'weird' })],
    ['bad child name', (s) => void (at(s, 'MO').name = 'a/b')],
    ['duplicate child', (s) => s.root.children?.push(clone(s).root.children?.[0] ?? at(s, 'MO'))],
    ['value invalid for its format', (s) => void (at(s, 'MO', 'Int').value = 'NaN')],
    ['bin not base64', (s) => void (at(s, 'MO', 'Bin').bin = '@@@')],
    ['verNo out of range', (s) => void (s.root.verNo = 70000)],
    ['leaf with children', (s) => void (at(s, 'MO', 'Int').children = [])],
    ['not an object', (s) => void Object.assign(s, { root: 5 })],
  ];
  for (const [name, breakIt] of broken) {
    test(`rejects a snapshot with ${name}; the tree is unchanged`, () => {
      const t = fixture();
      const snap = clone(t.snapshot());
      breakIt(snap);
      const before = JSON.stringify(t.snapshot());
      assert.throws(
        () => t.restore(snap),
        (e: unknown) => isScomoError(e, 'SCOMO_TREE_SNAPSHOT_INVALID'),
      );
      assert.equal(JSON.stringify(t.snapshot()), before);
    });
  }
  test('rejects non-objects', () => {
    const t = new DmTree();
    for (const bad of [null, 42, 'x', []]) {
      assert.throws(
        () => t.restore(bad),
        (e: unknown) => isScomoError(e, 'SCOMO_TREE_SNAPSHOT_INVALID'),
      );
    }
  });
});
