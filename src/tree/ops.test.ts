import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DmTree } from './tree.ts';
import type { DmTreeOptions } from './tree.ts';

const ctx = { serverId: 'srv' };

function fixture(options: DmTreeOptions = {}): DmTree {
  const tree = new DmTree(options);
  assert.equal(tree.local.setProperties('.', { acl: 'Add=*&Delete=*&Exec=*&Get=*&Replace=*' }), 200);
  assert.equal(tree.local.add('./A', { format: 'node' }), 200);
  assert.equal(tree.local.add('./A/Leaf', { data: 'v' }), 200);
  assert.equal(tree.local.add('./A/Num', { format: 'int', data: '1', type: 'text/x-count' }), 200);
  assert.equal(tree.local.add('./RO', { format: 'node', access: ['Get'] }), 200);
  assert.equal(tree.local.add('./RO/Value', { data: 'ro', access: ['Get'] }), 200);
  assert.equal(tree.local.add('./Perm', { data: '5', permanent: true, format: 'int' }), 200);
  return tree;
}

function value(tree: DmTree, uri: string): unknown {
  const r = tree.get(uri, ctx);
  assert.ok(r.status === 200 && r.result.kind === 'value', `Get ${uri} answered ${r.status}`);
  return r.result;
}

describe('Get', () => {
  test('a leaf answers format, type and data', () => {
    assert.deepEqual(value(fixture(), './A/Num'), {
      kind: 'value',
      format: 'int',
      type: 'text/x-count',
      data: '1',
    });
  });
  test('an interior node answers its child names joined by / with Format node', () => {
    const t = fixture();
    assert.deepEqual(value(t, './A'), { kind: 'value', format: 'node', type: '', data: 'Leaf/Num' });
    t.local.add('./Empty', { format: 'node' });
    assert.deepEqual(value(t, './Empty'), { kind: 'value', format: 'node', type: '', data: '' });
  });
  test('A/B and ./A/B reach the same node', () => {
    const t = fixture();
    assert.deepEqual(value(t, 'A/Leaf'), value(t, './A/Leaf'));
  });
  test('bin values come back as the stored bytes', () => {
    const t = fixture();
    t.local.add('./A/Bin', { format: 'bin', data: new Uint8Array([0, 255, 7]) });
    assert.deepEqual(value(t, './A/Bin'), {
      kind: 'value',
      format: 'bin',
      type: 'text/plain',
      data: new Uint8Array([0, 255, 7]),
    });
  });
  test('statuses: 404 missing, 405 AccessType without Get, 425 ACL, 400/406/414 URI', () => {
    const t = fixture({ limits: { maxDepth: 3, maxTotLen: 0, maxSegLen: 0 } });
    t.local.add('./A/Hidden', { data: 'h', access: ['Replace'] });
    t.local.add('./A/Private', { data: 'p', acl: 'Get=other' });
    assert.equal(t.get('./A/Nope', ctx).status, 404);
    assert.equal(t.get('./A/Hidden', ctx).status, 405);
    assert.equal(t.get('./A/Private', ctx).status, 425);
    assert.equal(t.get('./A/', ctx).status, 400);
    assert.equal(t.get('./A?prop=Colour', ctx).status, 406);
    assert.equal(t.get('./a/b/c/d', ctx).status, 414);
  });
});

describe('Add', () => {
  test('creates a leaf with Meta Format/Type, defaulting to chr and text/plain', () => {
    const t = fixture();
    assert.equal(t.add('./A/N', { format: 'bool', type: 'text/x-flag', data: 'true' }, ctx), 200);
    assert.deepEqual(value(t, './A/N'), { kind: 'value', format: 'bool', type: 'text/x-flag', data: 'true' });
    assert.equal(t.add('./A/D', { data: 'x' }, ctx), 200);
    assert.deepEqual(value(t, './A/D'), { kind: 'value', format: 'chr', type: 'text/plain', data: 'x' });
  });
  test('creates an interior node for Format node, and missing parents', () => {
    const t = fixture();
    assert.equal(t.add('./A/I', { format: 'node', type: 'urn:x' }, ctx), 200);
    assert.deepEqual(value(t, './A/I'), { kind: 'value', format: 'node', type: 'urn:x', data: '' });
    assert.equal(t.add('./B/C/D', { data: '1' }, ctx), 200);
    assert.deepEqual(value(t, './B'), { kind: 'value', format: 'node', type: '', data: 'C' });
  });
  test('418 for an existing node and for the root', () => {
    const t = fixture();
    assert.equal(t.add('./A/Leaf', { data: 'x' }, ctx), 418);
    assert.equal(t.add('./A', { format: 'node' }, ctx), 418);
    assert.equal(t.add('.', { format: 'node' }, ctx), 418);
  });
  test('405 below a leaf, or where the parent’s AccessType has no Add', () => {
    const t = fixture();
    assert.equal(t.add('./A/Leaf/x', { data: '1' }, ctx), 405);
    assert.equal(t.add('./RO/x', { data: '1' }, ctx), 405);
  });
  test('415 unknown format, 400 malformed value — and nothing is created', () => {
    const t = fixture();
    const before = t.usage;
    assert.equal(t.add('./X/Y', { format: 'double', data: '1' }, ctx), 415);
    assert.equal(t.add('./X/Y', { format: 'int', data: 'one' }, ctx), 400);
    assert.equal(t.get('./X', ctx).status, 404, 'the implicit parent was not left behind');
    assert.deepEqual(t.usage, before);
  });
  test('414 beyond the URI limits', () => {
    const t = fixture({ limits: { maxDepth: 2, maxTotLen: 0, maxSegLen: 0 } });
    assert.equal(t.add('./A/B/C', { data: '1' }, ctx), 414);
  });
  test('420 when the quota would be exceeded', () => {
    const bytes = fixture({ quota: { maxBytes: 10 } });
    const used = bytes.usage.bytes; // "v" + "1" + "ro" + "5" = 5
    assert.equal(used, 5);
    assert.equal(bytes.add('./A/Big', { data: '123456' }, ctx), 420);
    assert.equal(bytes.add('./A/Fits', { data: '12345' }, ctx), 200);
    const nodes = fixture({ quota: { maxNodes: 8 } });
    assert.equal(nodes.usage.nodes, 7);
    assert.equal(nodes.add('./N1/N2', { data: '1' }, ctx), 420);
    assert.equal(nodes.add('./N1', { data: '1' }, ctx), 200);
  });
});

describe('Replace', () => {
  test('replaces a leaf value, keeping Format and Type when Meta omits them', () => {
    const t = fixture();
    assert.equal(t.replace('./A/Num', { data: '2' }, ctx), 200);
    assert.deepEqual(value(t, './A/Num'), { kind: 'value', format: 'int', type: 'text/x-count', data: '2' });
    assert.equal(t.replace('./A/Num', { format: 'chr', type: 'text/plain', data: 'two' }, ctx), 200);
    assert.deepEqual(value(t, './A/Num'), { kind: 'value', format: 'chr', type: 'text/plain', data: 'two' });
  });
  test('404: Replace never creates', () => {
    const t = fixture();
    assert.equal(t.replace('./A/New', { data: 'x' }, ctx), 404);
    assert.equal(t.get('./A/New', ctx).status, 404);
  });
  test('405 on an interior node, a leaf turned into node, or AccessType without Replace', () => {
    const t = fixture();
    assert.equal(t.replace('./A', { data: 'x' }, ctx), 405);
    assert.equal(t.replace('./A/Leaf', { format: 'node' }, ctx), 405);
    assert.equal(t.replace('./RO/Value', { data: 'x' }, ctx), 405);
  });
  test('permanent nodes: the value may change, Format and Type may not (405)', () => {
    const t = fixture();
    assert.equal(t.replace('./Perm', { data: '7' }, ctx), 200);
    assert.equal(t.replace('./Perm', { format: 'chr', data: '7' }, ctx), 405);
    assert.equal(t.replace('./Perm', { type: 'text/x-other', data: '7' }, ctx), 405);
    assert.deepEqual(value(t, './Perm'), { kind: 'value', format: 'int', type: 'text/plain', data: '7' });
  });
  test('415 / 400 for bad formats and values; the old value stays', () => {
    const t = fixture();
    assert.equal(t.replace('./A/Num', { format: 'integer', data: '3' }, ctx), 415);
    assert.equal(t.replace('./A/Num', { data: '3.5' }, ctx), 400);
    assert.deepEqual(value(t, './A/Num'), { kind: 'value', format: 'int', type: 'text/x-count', data: '1' });
  });
  test('420 when the new value outgrows the quota; shrinking is fine', () => {
    const t = fixture({ quota: { maxBytes: 8 } });
    assert.equal(t.replace('./A/Leaf', { data: 'vvvvv' }, ctx), 420);
    assert.equal(t.replace('./A/Leaf', { data: 'vvvv' }, ctx), 200);
    assert.equal(t.usage.bytes, 8);
    assert.equal(t.replace('./A/Leaf', { data: '' }, ctx), 200);
    assert.equal(t.usage.bytes, 4);
  });
});

describe('Delete', () => {
  test('removes the node and its subtree', () => {
    const t = fixture();
    const nodes = t.usage.nodes;
    assert.equal(t.delete('./A', ctx), 200);
    assert.equal(t.get('./A/Leaf', ctx).status, 404);
    assert.equal(t.usage.nodes, nodes - 3);
  });
  test('404 missing; 405 root, permanent node, AccessType without Delete, permanent descendant', () => {
    const t = fixture();
    t.local.add('./Keep/Inner', { data: 'x', permanent: true });
    assert.equal(t.delete('./Nope', ctx), 404);
    assert.equal(t.delete('.', ctx), 405);
    assert.equal(t.delete('./Perm', ctx), 405);
    assert.equal(t.delete('./RO', ctx), 405);
    assert.equal(t.delete('./Keep', ctx), 405);
    assert.equal(t.local.read('./Keep/Inner'), 'x');
  });
  test('AccessType without Delete protects from a direct Delete, not from deleting an ancestor', () => {
    const t = fixture();
    t.local.add('./A/Sticky', { data: 's', access: ['Get'] });
    assert.equal(t.delete('./A/Sticky', ctx), 405);
    assert.equal(t.delete('./A', ctx), 200);
  });
  test('425 without Delete on the node, or on a descendant with its own ACL', () => {
    const t = fixture();
    t.local.add('./Other', { format: 'node', acl: 'Get=*' });
    assert.equal(t.delete('./Other', ctx), 425);
    t.local.setProperties('./A', { acl: 'Delete=srv&Get=*' });
    t.local.add('./A/Theirs', { format: 'node', acl: 'Delete=them&Get=*' });
    assert.equal(t.delete('./A', ctx), 425);
    assert.equal(t.delete('./A', { serverId: 'them' }), 425, 'them may not delete ./A itself');
    assert.equal(t.get('./A/Leaf', ctx).status, 200);
  });
  test('405 for ?prop and ?list targets', () => {
    const t = fixture();
    assert.equal(t.delete('./A?prop=Title', ctx), 405);
    assert.equal(t.delete('./A?list=Struct', ctx), 405);
  });
});

describe('Copy', () => {
  test('to a new target: Format and Type travel with the value', () => {
    const t = fixture();
    assert.equal(t.copy('./A/Num', './A/Num2', ctx), 200);
    assert.deepEqual(value(t, './A/Num2'), { kind: 'value', format: 'int', type: 'text/x-count', data: '1' });
  });
  test('over an existing leaf: it is overwritten', () => {
    const t = fixture();
    assert.equal(t.copy('./A/Num', './A/Leaf', ctx), 200);
    assert.deepEqual(value(t, './A/Leaf'), { kind: 'value', format: 'int', type: 'text/x-count', data: '1' });
  });
  test('copies bytes, not a shared array', () => {
    const t = fixture();
    t.local.add('./A/Bin', { format: 'bin', data: new Uint8Array([1, 2]) });
    assert.equal(t.copy('./A/Bin', './A/Bin2', ctx), 200);
    assert.notEqual(t.local.read('./A/Bin'), t.local.read('./A/Bin2'));
    assert.deepEqual(t.local.read('./A/Bin2'), new Uint8Array([1, 2]));
  });
  test('statuses: 404 source missing, 405 interior source or target, AccessType without Copy, ?prop', () => {
    const t = fixture();
    t.local.add('./A/NoCopy', { data: 'x', access: ['Get'] });
    assert.equal(t.copy('./A/Missing', './A/X', ctx), 404);
    assert.equal(t.copy('./A', './B', ctx), 405);
    assert.equal(t.copy('./A/Leaf', './A', ctx), 405);
    assert.equal(t.copy('./A/NoCopy', './A/X', ctx), 405);
    assert.equal(t.copy('./A/Leaf?prop=Name', './A/X', ctx), 405);
    assert.equal(t.get('./A/X', ctx).status, 404);
  });
});

describe('Exec on the ordinary tree', () => {
  test('405 on an existing node, 404 on a missing one', () => {
    const t = fixture();
    assert.deepEqual(t.exec('./A/Leaf', {}, ctx), { status: 405 });
    assert.deepEqual(t.exec('./A', { data: 'x', correlator: 'c1' }, ctx), { status: 405 });
    assert.deepEqual(t.exec('./A/None', {}, ctx), { status: 404 });
    assert.deepEqual(t.exec('./A?prop=Name', {}, ctx), { status: 405 });
  });
});
