import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import type { DmTree } from '../../tree/index.ts';
import { device, leaf, SERVER } from '../test-support.ts';
import type { ScomoEffect, ScomoEvent } from './types.ts';

const R = './SCOMO';
const DL = `${R}/Download`;
const DV = `${R}/Inventory/Delivered`;
const DP = `${R}/Inventory/Deployed`;

function addDownload(tree: DmTree, node: string, leaves: Record<string, string>): void {
  assert.equal(tree.add(`${DL}/${node}`, { format: 'node' }, SERVER), 200);
  for (const [name, data] of Object.entries(leaves))
    assert.equal(tree.add(`${DL}/${node}/${name}`, { data }, SERVER), 200);
}

function kinds(effects: readonly ScomoEffect[]): string[] {
  return effects.map((e) => e.kind);
}

describe('direct delivery over DM (reference §1.10, seed flow 5.4.1)', () => {
  test('Data written by a server goes to the agent, not into the tree; then Install', () => {
    const { tree, mo } = device();
    const bytes = new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]);
    assert.equal(tree.add(`${DV}/d1`, { format: 'node' }, SERVER), 200);
    assert.equal(tree.add(`${DV}/d1/PkgID`, { data: 'pkg-d1' }, SERVER), 200);
    assert.equal(
      tree.replace(`${DV}/d1/Data`, { format: 'bin', type: 'application/gzip', data: bytes }, SERVER),
      200,
    );
    assert.deepEqual(mo.drainEffects(), [{ kind: 'storeData', deliveredNode: 'd1', data: bytes }]);
    assert.equal(tree.get(`${DV}/d1/Data`, SERVER).status, 405, 'write-only');
    assert.deepEqual(tree.local.read(`${DV}/d1/Data`), new Uint8Array(0), 'the tree holds no package bytes');
    assert.deepEqual(mo.journal().packages, { d1: { origin: 'dm', bytes: 7 } });
    assert.equal(tree.exec(`${DV}/d1/Operations/Install`, { correlator: 'i' }, SERVER).status, 202);
    mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'k' }] });
    assert.deepEqual([leaf(tree, `${DV}/d1/State`), leaf(tree, `${DP}/k/State`)], ['20', '20']);
  });

  test('Add of Data (with implicit parents) and b64 text both store the bytes; bad b64 is 400', () => {
    const { tree, mo } = device();
    assert.equal(tree.add(`${DV}/d2/Data`, { format: 'b64', data: 'AQID' }, SERVER), 200);
    assert.deepEqual(mo.drainEffects(), [
      { kind: 'storeData', deliveredNode: 'd2', data: new Uint8Array([1, 2, 3]) },
    ]);
    assert.equal(leaf(tree, `${DV}/d2/State`), '10');
    assert.equal(tree.replace(`${DV}/d2/Data`, { format: 'b64', data: '***' }, SERVER), 400);
    assert.equal(tree.replace(`${DV}/none/Data`, { format: 'bin', data: new Uint8Array([1]) }, SERVER), 404);
    assert.deepEqual(mo.drainEffects(), []);
  });

  test('an Atomic rolled back takes its Data effect with it', () => {
    const { tree, mo } = device();
    const tx = tree.begin();
    assert.equal(tree.add(`${DV}/d3/Data`, { format: 'bin', data: new Uint8Array([9]) }, SERVER), 200);
    tx.rollback();
    assert.deepEqual(mo.drainEffects(), []);
    assert.equal(tree.get(`${DV}/d3`, SERVER).status, 404);
    assert.deepEqual(mo.journal().packages, {});
  });

  test('empty Data means no package; a server deleting Delivered/<x> discards the bytes', () => {
    const { tree, mo } = device();
    tree.add(`${DV}/d4/Data`, { format: 'bin', data: new Uint8Array([1]) }, SERVER);
    tree.replace(`${DV}/d4/Data`, { format: 'bin', data: new Uint8Array(0) }, SERVER);
    assert.deepEqual(kinds(mo.drainEffects()), ['storeData', 'discardPackage']);
    assert.equal(tree.exec(`${DV}/d4/Operations/Install`, {}, SERVER).status, 403);
    tree.replace(`${DV}/d4/Data`, { format: 'bin', data: new Uint8Array([2]) }, SERVER);
    assert.equal(tree.delete(`${DV}/d4`, SERVER), 200);
    assert.deepEqual(mo.drainEffects().slice(1), [{ kind: 'discardPackage', deliveredNode: 'd4' }]);
  });

  test('registerPackage: the agent streamed the bytes itself', () => {
    const { tree, mo } = device();
    mo.registerPackage('big', 200 * 1024 * 1024);
    assert.deepEqual(mo.drainEffects(), []);
    assert.equal(leaf(tree, `${DV}/big/Status`), '10');
    assert.equal(tree.exec(`${DV}/big/Operations/Install`, {}, SERVER).status, 202);
    assert.throws(
      () => mo.registerPackage('big', 1),
      (e) => isScomoError(e, 'SCOMO_MO_BUSY'),
    );
  });
});

describe('agent events', () => {
  test('unknown operations and events out of place are not applied and change nothing', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/Download`, {}, SERVER);
    mo.drainEffects();
    const revision = tree.revision;
    assert.deepEqual(mo.dispatch({ type: 'installDone', opId: 'op-1', components: [] }), {
      applied: false,
      reason: 'op-1: installDone does not apply in state downloading',
    });
    assert.equal(mo.dispatch({ type: 'downloadDone', opId: 'op-9' }).applied, false);
    assert.equal(mo.dispatch({ type: 'alertQueued', opId: 'op-1' }).applied, false, 'not completed yet');
    assert.equal(tree.revision, revision);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    assert.equal(
      mo.dispatch({ type: 'downloadFailed', opId: 'op-1', resultCode: 1402 }).applied,
      false,
      'already completed',
    );
    assert.equal(mo.drainEffects().filter((e) => e.kind === 'alert').length, 1, 'exactly one result');
  });

  test('malformed events are ScomoErrors (SCOMO_EVENT_INVALID)', () => {
    const { mo } = device();
    const bad: unknown[] = [
      { type: 'nope', opId: 'op-1' },
      { type: 'downloadDone' },
      { type: 'downloadFailed', opId: 'op-1', resultCode: 1200 },
      { type: 'installFailed', opId: 'op-1', resultCode: 404 },
      { type: 'installFailed', opId: 'op-1', resultCode: 1405, packageKept: 'yes' },
      { type: 'installDone', opId: 'op-1', components: [{ name: 'no id' }] },
      { type: 'installDone', opId: 'op-1', components: 'c1' },
      { type: 'downloadProgress', opId: 'op-1', bytes: -1 },
      null,
    ];
    for (const event of bad) {
      assert.throws(
        () => mo.dispatch(event as ScomoEvent),
        (e) => isScomoError(e, 'SCOMO_EVENT_INVALID'),
        JSON.stringify(event),
      );
    }
  });

  test('onEffects is called when effects are queued', () => {
    let calls = 0;
    const { tree } = device({ onEffects: () => calls++ });
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/Download`, {}, SERVER);
    assert.equal(calls, 1);
  });
});
