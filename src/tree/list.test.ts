import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DmTree } from './tree.ts';
import type { ListEntry } from './results.ts';

const ctx = { serverId: 'srv' };

/** The tree of the DM 1.2 TND tree-exchange example (appendix "Get with attribute Struct"). */
function fixture(): DmTree {
  const t = new DmTree();
  const ok = (st: number): void => assert.equal(st, 200);
  ok(t.local.add('./A', { format: 'node' }));
  ok(t.local.add('./A/C', { format: 'node' }));
  ok(t.local.add('./A/D', { format: 'node' }));
  ok(t.local.add('./A/D/E', { format: 'node' }));
  ok(t.local.add('./A/D/F', { format: 'xml', data: '<f/>' }));
  ok(t.local.add('./A/D/E/G', { data: 'g' }));
  ok(t.local.add('./A/D/E/H', { format: 'b64', data: 'SGk=' }));
  return t;
}

function entries(t: DmTree, uri: string, serverId = 'srv'): readonly ListEntry[] {
  const r = t.get(uri, { serverId });
  assert.ok(r.status === 200 && r.result.kind === 'list', `Get ${uri} answered ${r.status}`);
  return r.result.entries;
}

describe('?list=Struct', () => {
  test('one entry per node, breadth-first as in the TND example, without data', () => {
    assert.deepEqual(entries(fixture(), './A?list=Struct'), [
      { uri: './A', format: 'node', type: '' },
      { uri: './A/C', format: 'node', type: '' },
      { uri: './A/D', format: 'node', type: '' },
      { uri: './A/D/E', format: 'node', type: '' },
      { uri: './A/D/F', format: 'xml', type: 'text/plain' },
      { uri: './A/D/E/G', format: 'chr', type: 'text/plain' },
      { uri: './A/D/E/H', format: 'b64', type: 'text/plain' },
    ]);
  });
  test('URIs keep the spelling of the request', () => {
    assert.deepEqual(
      entries(fixture(), 'A/D/E?list=Struct').map((e) => e.uri),
      ['A/D/E', 'A/D/E/G', 'A/D/E/H'],
    );
    assert.deepEqual(
      entries(fixture(), '.?list=Struct')
        .map((e) => e.uri)
        .slice(0, 3),
      ['.', './A', './A/C'],
    );
  });
  test('a leaf lists itself', () => {
    assert.deepEqual(entries(fixture(), './A/D/F?list=Struct'), [
      { uri: './A/D/F', format: 'xml', type: 'text/plain' },
    ]);
  });
  test('404 for a missing node; 425 when the requested node is not readable', () => {
    const t = fixture();
    assert.equal(t.get('./A/Z?list=Struct', ctx).status, 404);
    t.local.setProperties('./A', { acl: 'Get=other' });
    assert.equal(t.get('./A?list=Struct', ctx).status, 425);
  });
});

describe('?list=StructData', () => {
  test('adds leaf data', () => {
    const list = entries(fixture(), './A/D?list=StructData');
    assert.deepEqual(list, [
      { uri: './A/D', format: 'node', type: '' },
      { uri: './A/D/E', format: 'node', type: '' },
      { uri: './A/D/F', format: 'xml', type: 'text/plain', data: '<f/>' },
      { uri: './A/D/E/G', format: 'chr', type: 'text/plain', data: 'g' },
      { uri: './A/D/E/H', format: 'b64', type: 'text/plain', data: 'SGk=' },
    ]);
  });
  test('only nodes the server may Get; secrets without data', () => {
    const t = fixture();
    t.local.setProperties('./A/D/E', { acl: 'Get=other' });
    t.local.setProperties('./A/D/E/H', { acl: 'Get=*' });
    t.local.setProperties('./A/D/F', { access: ['Replace'] });
    assert.deepEqual(entries(t, './A/D?list=StructData'), [
      { uri: './A/D', format: 'node', type: '' },
      { uri: './A/D/F', format: 'xml', type: 'text/plain' },
      { uri: './A/D/E/H', format: 'b64', type: 'text/plain', data: 'SGk=' },
    ]);
    assert.deepEqual(
      entries(t, './A/D?list=StructData', 'other').map((e) => e.uri),
      ['./A/D', './A/D/E', './A/D/F', './A/D/E/G', './A/D/E/H'],
      'the server named in E’s ACL sees E and what inherits from it',
    );
  });
});
