import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { DmTree } from './tree.ts';

const ctx = { serverId: 'srv', now: 5000 };

function fixture(): DmTree {
  const t = new DmTree({ clock: { now: () => 1000 } });
  t.local.setProperties('.', { acl: 'Add=*&Delete=*&Get=*&Replace=*' });
  t.local.add('./A/One', { data: '1' });
  t.local.add('./A/Two', { format: 'bin', data: new Uint8Array([2]) });
  t.local.add('./A/Three', { data: '3' });
  return t;
}

describe('transactions (Atomic)', () => {
  test('rollback restores the exact tree: values, properties, child order, usage', () => {
    const t = fixture();
    const before = JSON.stringify(t.snapshot());
    const usage = t.usage;
    const tx = t.begin();
    assert.equal(t.replace('./A/One', { data: 'uno' }, ctx), 200);
    assert.equal(t.delete('./A/Two', ctx), 200);
    assert.equal(t.add('./A/Four/Deep', { data: '4' }, ctx), 200);
    assert.equal(t.replace('./A/Three?prop=Name', { data: 'Drei' }, ctx), 200);
    assert.equal(t.replace('./A/One?prop=Title', { data: 'T' }, ctx), 200);
    assert.equal(t.replace('./A?prop=ACL', { data: 'Get=*' }, ctx), 200);
    tx.rollback();
    assert.equal(tx.state, 'rolled-back');
    assert.equal(JSON.stringify(t.snapshot()), before);
    assert.deepEqual(t.usage, usage);
  });

  test('commit keeps the changes and raises the change marker once', () => {
    const t = fixture();
    const revisions: number[] = [];
    t.subscribe((r) => revisions.push(r));
    const start = t.revision;
    const tx = t.begin();
    t.replace('./A/One', { data: 'a' }, ctx);
    t.replace('./A/Three', { data: 'c' }, ctx);
    assert.deepEqual(revisions, [], 'nothing is announced before commit');
    tx.commit();
    assert.equal(tx.state, 'committed');
    assert.deepEqual(revisions, [start + 1]);
    assert.equal(t.local.read('./A/One'), 'a');
    assert.equal(t.local.read('./A/Three'), 'c');
  });

  test('a failing command inside a transaction changes nothing; the others stay until the end', () => {
    const t = fixture();
    const tx = t.begin();
    assert.equal(t.replace('./A/One', { data: 'x' }, ctx), 200);
    assert.equal(t.add('./B/C', { format: 'int', data: 'bad' }, ctx), 400);
    assert.equal(t.local.exists('./B'), false);
    assert.equal(t.local.read('./A/One'), 'x');
    tx.rollback();
    assert.equal(t.local.read('./A/One'), '1');
  });

  test('nested transactions are savepoints', () => {
    const t = fixture();
    const outer = t.begin();
    t.replace('./A/One', { data: 'outer' }, ctx);
    const inner = t.begin();
    t.replace('./A/Three', { data: 'inner' }, ctx);
    inner.rollback();
    assert.equal(t.local.read('./A/Three'), '3');
    const inner2 = t.begin();
    t.replace('./A/Three', { data: 'inner2' }, ctx);
    inner2.commit();
    outer.commit();
    assert.equal(t.local.read('./A/One'), 'outer');
    assert.equal(t.local.read('./A/Three'), 'inner2');
  });

  test('misuse throws typed errors', () => {
    const t = fixture();
    const outer = t.begin();
    const inner = t.begin();
    assert.throws(
      () => outer.commit(),
      (e: unknown) => isScomoError(e, 'SCOMO_TREE_TX_ORDER'),
    );
    inner.commit();
    assert.throws(
      () => inner.rollback(),
      (e: unknown) => isScomoError(e, 'SCOMO_TREE_TX_CLOSED'),
    );
    assert.throws(
      () => t.restore(t.snapshot()),
      (e: unknown) => isScomoError(e, 'SCOMO_TREE_TX_ACTIVE'),
    );
    outer.rollback();
    assert.doesNotThrow(() => t.restore(t.snapshot()));
  });
});

describe('the change marker outside transactions', () => {
  test('each successful change commits and is announced; reads and failures are not', () => {
    const t = fixture();
    const revisions: number[] = [];
    const stop = t.subscribe((r) => revisions.push(r));
    const r0 = t.revision;
    t.get('./A/One', ctx);
    t.get('./A?list=StructData', ctx);
    assert.equal(t.add('./A/One', { data: 'dup' }, ctx), 418);
    assert.equal(t.replace('./A/One', { format: 'int', data: 'x' }, ctx), 400);
    assert.deepEqual(revisions, []);
    assert.equal(t.replace('./A/One', { data: '2' }, ctx), 200);
    assert.equal(t.local.add('./A/Local', { data: 'l' }), 200);
    assert.deepEqual(revisions, [r0 + 1, r0 + 2]);
    stop();
    t.replace('./A/One', { data: '3' }, ctx);
    assert.deepEqual(revisions, [r0 + 1, r0 + 2]);
    assert.equal(t.revision, r0 + 3);
  });

  test('a no-op success (same name, same ACL) is not a change', () => {
    const t = fixture();
    const r0 = t.revision;
    assert.equal(t.replace('./A/One?prop=Name', { data: 'One' }, ctx), 200);
    assert.equal(t.revision, r0);
  });
});
