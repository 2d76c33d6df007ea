import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DmTree } from './tree.ts';
import type { GetOutcome } from './results.ts';

const T0 = Date.UTC(2001, 6, 11, 16, 38, 17); // 20010711T163817Z, the DM TND example
const T1 = Date.UTC(2024, 0, 2, 3, 4, 5);
const ctx = { serverId: 'srv' };

function fixture(): DmTree {
  const tree = new DmTree({ clock: { now: () => T0 } });
  tree.local.setProperties('.', { acl: 'Add=*&Get=*&Replace=*&Delete=*' });
  assert.equal(tree.local.add('./MO', { format: 'node', type: 'urn:example:mo:1.0' }), 200);
  assert.equal(tree.local.add('./MO/Count', { format: 'int', data: '42' }), 200);
  assert.equal(tree.local.add('./MO/Text', { data: 'héllo', type: 'text/x-note' }), 200);
  assert.equal(tree.local.add('./MO/Blob', { format: 'bin', data: new Uint8Array(5) }), 200);
  assert.equal(tree.local.add('./MO/Secret', { data: 'pw', access: ['Replace'] }), 200);
  assert.equal(tree.local.add('./MO/Fixed', { data: 'f', permanent: true }), 200);
  return tree;
}

function prop(tree: DmTree, uri: string, name: string): string | number {
  const r: GetOutcome = tree.get(`${uri}?prop=${name}`, ctx);
  if (r.status !== 200) return r.status;
  assert.equal(r.result.kind, 'value');
  assert.ok(r.result.kind === 'value');
  assert.equal(r.result.format, 'chr');
  return String(r.result.data);
}

describe('Get ?prop= for every property (reference §7.3)', () => {
  test('on a leaf', () => {
    const t = fixture();
    assert.equal(prop(t, './MO/Text', 'ACL'), '');
    assert.equal(prop(t, './MO/Text', 'Format'), 'chr');
    assert.equal(prop(t, './MO/Count', 'Format'), 'int');
    assert.equal(prop(t, './MO/Text', 'Name'), 'Text');
    assert.equal(prop(t, './MO/Text', 'Size'), '6', 'UTF-8 bytes of "héllo"');
    assert.equal(prop(t, './MO/Blob', 'Size'), '5');
    assert.equal(prop(t, './MO/Text', 'Title'), '');
    assert.equal(prop(t, './MO/Text', 'TStamp'), '20010711T163817Z');
    assert.equal(prop(t, './MO/Text', 'Type'), 'text/x-note');
    assert.equal(prop(t, './MO/Count', 'Type'), 'text/plain', 'leaf default type');
    assert.equal(prop(t, './MO/Text', 'VerNo'), '0');
  });

  test('on an interior node and the root', () => {
    const t = fixture();
    assert.equal(prop(t, './MO', 'Format'), 'node');
    assert.equal(prop(t, './MO', 'Type'), 'urn:example:mo:1.0');
    assert.equal(prop(t, './MO', 'Size'), 406, 'Size is a leaf property');
    assert.equal(prop(t, '.', 'Name'), '.');
    assert.equal(prop(t, '.', 'ACL'), 'Add=*&Delete=*&Get=*&Replace=*');
  });

  test('Size of a value the server cannot read is 405; other properties stay readable', () => {
    const t = fixture();
    assert.equal(prop(t, './MO/Secret', 'Size'), 405);
    assert.equal(prop(t, './MO/Secret', 'Format'), 'chr');
  });

  test('404 for a missing node, 425 without Get in the ACL', () => {
    const t = fixture();
    assert.equal(prop(t, './MO/Nope', 'Name'), 404);
    t.local.setProperties('./MO', { acl: 'Get=other' });
    assert.equal(prop(t, './MO/Text', 'Name'), 425);
  });

  test('TStamp is 406 when the tree has no time source', () => {
    const t = new DmTree();
    t.local.add('./A', { data: 'x' });
    assert.equal(t.get('./A?prop=TStamp', ctx).status, 406);
  });
});

describe('Replace ?prop=', () => {
  for (const name of ['Format', 'Size', 'TStamp', 'Type', 'VerNo']) {
    test(`${name} cannot be replaced (405)`, () => {
      const t = fixture();
      assert.equal(t.replace(`./MO/Text?prop=${name}`, { data: 'x' }, ctx), 405);
    });
  }

  test('properties cannot be Added (405)', () => {
    assert.equal(fixture().add('./MO/Text?prop=Title', { data: 'x' }, ctx), 405);
  });

  test('Title: set, read back, limited to 255 bytes (413)', () => {
    const t = fixture();
    assert.equal(t.replace('./MO/Text?prop=Title', { data: 'A note' }, ctx), 200);
    assert.equal(prop(t, './MO/Text', 'Title'), 'A note');
    assert.equal(t.replace('./MO/Text?prop=Title', { data: 'é'.repeat(128) }, ctx), 413);
    assert.equal(t.replace('./MO/Text?prop=Title', { data: 'x'.repeat(255) }, ctx), 200);
  });

  test('VerNo and TStamp follow each change; the context’s time wins over the clock', () => {
    const t = fixture();
    const parentVerNo = Number(prop(t, './MO', 'VerNo'));
    assert.equal(t.replace('./MO/Count', { data: '43' }, { serverId: 'srv', now: T1 }), 200);
    assert.equal(prop(t, './MO/Count', 'VerNo'), '1');
    assert.equal(prop(t, './MO/Count', 'TStamp'), '20240102T030405Z');
    assert.equal(t.replace('./MO/Count?prop=Title', { data: 't' }, ctx), 200);
    assert.equal(prop(t, './MO/Count', 'VerNo'), '2');
    assert.equal(prop(t, './MO/Count', 'TStamp'), '20010711T163817Z');
    assert.equal(
      prop(t, './MO', 'VerNo'),
      String(parentVerNo),
      'a child value change leaves the parent alone',
    );
    assert.equal(t.add('./MO/New', { data: '1' }, ctx), 200);
    assert.equal(
      prop(t, './MO', 'VerNo'),
      String(parentVerNo + 1),
      'adding a child is a change of the parent',
    );
  });

  test('VerNo is a u16 and wraps from 65535 to 0', () => {
    const t = fixture();
    const snap = t.snapshot();
    const count = snap.root.children?.find((c) => c.name === 'MO')?.children?.find((c) => c.name === 'Count');
    assert.ok(count);
    count.verNo = 0xffff;
    t.restore(snap);
    assert.equal(prop(t, './MO/Count', 'VerNo'), '65535');
    assert.equal(t.replace('./MO/Count', { data: '1' }, ctx), 200);
    assert.equal(prop(t, './MO/Count', 'VerNo'), '0');
  });
});

describe('rename by Replace ?prop=Name', () => {
  test('moves the node, keeps its children and its place among siblings', () => {
    const t = fixture();
    t.local.add('./MO/Sub/Leaf', { data: 'v' });
    assert.equal(t.replace('./MO/Text?prop=Name', { data: 'Note' }, ctx), 200);
    assert.equal(t.get('./MO/Text', ctx).status, 404);
    assert.equal(t.local.read('./MO/Note'), 'héllo');
    assert.equal(t.replace('./MO/Sub?prop=Name', { data: 'Sub2' }, ctx), 200);
    assert.equal(t.local.read('./MO/Sub2/Leaf'), 'v');
    const list = t.get('./MO', ctx);
    assert.ok(list.status === 200 && list.result.kind === 'value');
    assert.equal(list.result.data, 'Count/Note/Blob/Secret/Fixed/Sub2');
    assert.equal(prop(t, './MO/Note', 'Name'), 'Note');
  });

  test('418 when a sibling has the name; 200 and no change for the same name', () => {
    const t = fixture();
    assert.equal(t.replace('./MO/Text?prop=Name', { data: 'Count' }, ctx), 418);
    assert.equal(t.replace('./MO/Text?prop=Name', { data: 'Text' }, ctx), 200);
    assert.equal(prop(t, './MO/Text', 'VerNo'), '0');
  });

  test('405 on permanent nodes and the root', () => {
    const t = fixture();
    assert.equal(t.replace('./MO/Fixed?prop=Name', { data: 'Loose' }, ctx), 405);
    assert.equal(t.replace('.?prop=Name', { data: 'root' }, ctx), 405);
  });

  test('400 for a name that is not a node name; 414 beyond MaxSegLen', () => {
    const t = new DmTree({ limits: { maxDepth: 0, maxTotLen: 0, maxSegLen: 8 } });
    t.local.setProperties('.', { acl: 'Add=*&Get=*&Replace=*' });
    t.local.add('./A', { data: 'x' });
    for (const bad of ['', 'a/b', '..', '.', 'q?x']) {
      assert.equal(t.replace('./A?prop=Name', { data: bad }, ctx), 400, JSON.stringify(bad));
    }
    assert.equal(t.replace('./A?prop=Name', { data: 'ninechars' }, ctx), 414);
    assert.equal(t.replace('./A?prop=Name', { data: 'eight888' }, ctx), 200);
  });

  test('425 without Replace on the node', () => {
    const t = fixture();
    t.local.setProperties('./MO', { acl: 'Get=*' });
    assert.equal(t.replace('./MO/Text?prop=Name', { data: 'X' }, ctx), 425);
  });
});
