import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DmTree } from './tree.ts';
import type { GetOutcome } from './results.ts';

/**
 *   .            Add=*&Get=*&Replace=admin
 *   ./P          Add=s1&Delete=s1&Get=*&Replace=s1
 *   ./P/I        (inherits P)
 *   ./P/I/L      (inherits P)
 *   ./P/J        Get=s2&Replace=s2
 *   ./P/J/K      (inherits J)
 *   ./P/J/R      Get=*&Replace=s3
 *   ./Q          Add=s2&Get=*
 */
function fixture(): DmTree {
  const tree = new DmTree();
  const ok = (st: number): void => assert.equal(st, 200);
  ok(tree.local.setProperties('.', { acl: 'Add=*&Get=*&Replace=admin' }));
  ok(tree.local.add('./P', { format: 'node', acl: 'Add=s1&Delete=s1&Get=*&Replace=s1' }));
  ok(tree.local.add('./P/I/L', { data: 'l' }));
  ok(tree.local.add('./P/J', { format: 'node', acl: 'Get=s2&Replace=s2' }));
  ok(tree.local.add('./P/J/K', { data: 'k' }));
  ok(tree.local.add('./P/J/R', { data: 'r', acl: 'Get=*&Replace=s3' }));
  ok(tree.local.add('./Q', { format: 'node', acl: 'Add=s2&Get=*' }));
  return tree;
}

function aclOf(tree: DmTree, uri: string): string {
  const r = tree.local.get(`${uri}?prop=ACL`);
  assert.ok(r.status === 200 && r.result.kind === 'value');
  return String(r.result.data);
}

type Row = readonly [string, (t: DmTree) => number | GetOutcome, number];

function table(rows: readonly Row[]): void {
  for (const [name, run, expected] of rows) {
    test(`${name} → ${expected}`, () => {
      const out = run(fixture());
      assert.equal(typeof out === 'number' ? out : out.status, expected);
    });
  }
}

describe('inheritance: an empty ACL takes the nearest ancestor’s whole ACL', () => {
  table([
    ['s2 Get ./P/I/L (Get=* from P)', (t) => t.get('./P/I/L', { serverId: 's2' }), 200],
    [
      's1 Replace ./P/I/L (Replace=s1 from P)',
      (t) => t.replace('./P/I/L', { data: 'x' }, { serverId: 's1' }),
      200,
    ],
    ['s2 Replace ./P/I/L', (t) => t.replace('./P/I/L', { data: 'x' }, { serverId: 's2' }), 425],
    [
      's1 Get ./P/J/K (J replaces P’s ACL: no per-command merge)',
      (t) => t.get('./P/J/K', { serverId: 's1' }),
      425,
    ],
    [
      's1 Replace ./P/J/K (P’s Replace=s1 not merged in)',
      (t) => t.replace('./P/J/K', { data: 'x' }, { serverId: 's1' }),
      425,
    ],
    ['s2 Get ./P/J/K', (t) => t.get('./P/J/K', { serverId: 's2' }), 200],
    ['s1 Delete ./P/I', (t) => t.delete('./P/I', { serverId: 's1' }), 200],
    ['s2 Delete ./P/I', (t) => t.delete('./P/I', { serverId: 's2' }), 425],
    ['anyone Get ./ (root Get=*)', (t) => t.get('.', { serverId: 'nobody' }), 200],
  ]);

  test('Get ?prop=ACL of an inheriting node is empty, not the inherited value', () => {
    const r = fixture().get('./P/I?prop=ACL', { serverId: 's1' });
    assert.deepEqual(r, {
      status: 200,
      result: { kind: 'value', format: 'chr', type: 'text/plain', data: '' },
    });
  });
});

describe('who may Replace ?prop=ACL: leaf needs Replace on the parent; interior on itself or the parent', () => {
  const set = (uri: string, acl: string, serverId: string) => (t: DmTree) =>
    t.replace(`${uri}?prop=ACL`, { data: acl }, { serverId });
  table([
    ['leaf ./P/I/L by s1 (Replace on parent I, inherited from P)', set('./P/I/L', 'Get=*', 's1'), 200],
    ['leaf ./P/J/K by s2 (Replace on parent J)', set('./P/J/K', 'Get=*', 's2'), 200],
    ['leaf ./P/J/K by s1 (no Replace on parent J)', set('./P/J/K', 'Get=*', 's1'), 425],
    ['leaf ./P/J/R by s3 (Replace on the leaf only)', set('./P/J/R', 'Get=*', 's3'), 425],
    ['interior ./P/J by s2 (Replace on the node)', set('./P/J', 'Get=*&Replace=s2', 's2'), 200],
    ['interior ./P/J by s1 (Replace on the parent P)', set('./P/J', 'Get=*&Replace=s1', 's1'), 200],
    ['interior ./P/J by s3 (neither)', set('./P/J', 'Get=*', 's3'), 425],
    ['root by admin keeping Add=*', set('.', 'Add=*&Get=*&Replace=admin+s1', 'admin'), 200],
    ['root by admin dropping Add=*', set('.', 'Add=admin&Get=*&Replace=admin', 'admin'), 405],
    ['root by admin to empty', set('.', '', 'admin'), 405],
    ['root by s1 (no Replace on root)', set('.', 'Add=*&Get=*', 's1'), 425],
    ['bad syntax by an allowed server', set('./P/J', 'Get=s2&Bogus=x', 's2'), 400],
  ]);

  test('s3 may still Replace the value of ./P/J/R: Replace on a leaf covers its value, not its ACL', () => {
    const t = fixture();
    assert.equal(t.replace('./P/J/R', { data: 'new' }, { serverId: 's3' }), 200);
    assert.equal(t.local.read('./P/J/R'), 'new');
  });

  test('a parent’s controller takes over a child in two steps', () => {
    const t = fixture();
    const s1 = { serverId: 's1' };
    assert.equal(t.get('./P/J/K', s1).status, 425);
    assert.equal(t.replace('./P/J?prop=ACL', { data: 'Get=s1&Replace=s1' }, s1), 200);
    assert.equal(t.get('./P/J/K', s1).status, 200);
    assert.equal(aclOf(t, './P/J'), 'Get=s1&Replace=s1');
  });
});

describe('ACL of nodes created by Add', () => {
  test('interior Add without Replace on the parent: Add/Delete/Get/Replace for the creator', () => {
    const t = fixture();
    assert.equal(t.add('./Q/N', { format: 'node' }, { serverId: 's2' }), 200);
    assert.equal(aclOf(t, './Q/N'), 'Add=s2&Delete=s2&Get=s2&Replace=s2');
    assert.equal(t.add('./Q/N/leaf', { data: 'v' }, { serverId: 's2' }), 200);
    assert.equal(aclOf(t, './Q/N/leaf'), '', 'the leaf inherits');
  });

  test('implicitly created parents follow the same rule, level by level', () => {
    const t = fixture();
    assert.equal(t.add('./Q/N2/M/leaf', { data: 'v' }, { serverId: 's2' }), 200);
    assert.equal(aclOf(t, './Q/N2'), 'Add=s2&Delete=s2&Get=s2&Replace=s2');
    assert.equal(aclOf(t, './Q/N2/M'), '', 's2 holds Replace on N2, so M inherits');
    assert.equal(aclOf(t, './Q/N2/M/leaf'), '');
  });

  test('interior Add with Replace on the parent: empty ACL (inherit)', () => {
    const t = fixture();
    assert.equal(t.add('./P/M', { format: 'node' }, { serverId: 's1' }), 200);
    assert.equal(aclOf(t, './P/M'), '');
  });

  test('leaf Add never gets an automatic ACL', () => {
    const t = fixture();
    assert.equal(t.add('./Q/leaf', { data: 'v' }, { serverId: 's2' }), 200);
    assert.equal(aclOf(t, './Q/leaf'), '');
  });

  table([
    ['s1 Add below ./Q (no Add on Q)', (t) => t.add('./Q/x', { data: '1' }, { serverId: 's1' }), 425],
    ['s2 Add below ./P/J (J grants no Add)', (t) => t.add('./P/J/x', { data: '1' }, { serverId: 's2' }), 425],
    ['anyone Add at the root (Add=*)', (t) => t.add('./New', { data: '1' }, { serverId: 'zz' }), 200],
  ]);
});

describe('Copy: Get on the source plus Add or Replace on the target', () => {
  table([
    [
      's2 copies ./P/I/L to new ./Q/C (Get=*, Add on Q)',
      (t) => t.copy('./P/I/L', './Q/C', { serverId: 's2' }),
      200,
    ],
    [
      's2 copies ./P/J/K over ./P/I/L (no Replace there)',
      (t) => t.copy('./P/J/K', './P/I/L', { serverId: 's2' }),
      425,
    ],
    ['s1 copies ./P/J/K (no Get on it)', (t) => t.copy('./P/J/K', './P/I/C', { serverId: 's1' }), 425],
    [
      's1 copies ./P/I/L over ./P/J/R (no Replace on R)',
      (t) => t.copy('./P/I/L', './P/J/R', { serverId: 's1' }),
      425,
    ],
    [
      's3 copies ./P/I/L over ./P/J/R (Replace on R)',
      (t) => t.copy('./P/I/L', './P/J/R', { serverId: 's3' }),
      200,
    ],
  ]);
});

describe('scrubbing a ServerID through the device API', () => {
  test('removes the id everywhere; emptied commands disappear; on the root they revert to *', () => {
    const t = fixture();
    assert.equal(t.local.scrubServerId('s2'), 2); // ./P/J and ./Q
    assert.equal(aclOf(t, './P/J'), '', 'J now inherits P');
    assert.equal(aclOf(t, './Q'), 'Get=*');
    assert.equal(t.get('./P/J/K', { serverId: 's1' }).status, 200, 's1 reads K through P now');
    assert.equal(t.local.scrubServerId('admin'), 1);
    assert.equal(aclOf(t, '.'), 'Add=*&Get=*&Replace=*');
    assert.equal(t.local.scrubServerId('unknown'), 0);
  });
});
