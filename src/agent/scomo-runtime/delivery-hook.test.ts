import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mountScomoMo, scomoPaths } from '../../scomo/index.ts';
import type { InboundObjectTarget } from '../../session/index.ts';
import { DmTree } from '../../tree/index.ts';
import { silentLogger } from '../logger.ts';
import { createPackageStore } from '../scomo/index.ts';
import { createDeliveryHook, deliveredDataNode } from './delivery-hook.ts';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-delivery-hook-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DV = './SCOMO/Inventory/Delivered';
const CTX = { serverId: 'srv', now: 1_700_000_000_000 };

/** A tree with the SCOMO MO (ACL as given) and the hook over a real package store. */
function setUp(acl?: string) {
  const tree = new DmTree({ clock: { now: () => CTX.now } });
  const mo = mountScomoMo({ tree, ...(acl === undefined ? {} : { acl }) });
  const store = createPackageStore(join(dir, `p${++n}`));
  const delivery = createDeliveryHook({
    tree,
    paths: mo.paths,
    clock: () => CTX.now,
    store,
    registerPackage: (node, bytes) => mo.registerPackage(node, bytes),
    awaitPackage: () => {},
    logger: silentLogger,
  });
  return { tree, mo, store, delivery };
}

const target = (uri: string, serverId = 'srv', kind: 'Add' | 'Replace' = 'Replace'): InboundObjectTarget => ({
  kind,
  uri,
  serverId,
  format: 'bin',
  type: 'application/octet-stream',
  declaredSize: 3,
});

describe('deliveredDataNode', () => {
  test('only <root>/Inventory/Delivered/<x>/Data, spelled any canonical way', () => {
    const paths = scomoPaths('./Vendor/SCOMO');
    assert.equal(deliveredDataNode('./Vendor/SCOMO/Inventory/Delivered/p1/Data', paths), 'p1');
    assert.equal(deliveredDataNode('Vendor/SCOMO/Inventory/Delivered/p1/Data', paths), 'p1');
    for (const other of [
      './SCOMO/Inventory/Delivered/p1/Data',
      './Vendor/SCOMO/Inventory/Delivered/p1',
      './Vendor/SCOMO/Inventory/Delivered/p1/Name',
      './Vendor/SCOMO/Inventory/Deployed/p1/Data',
      './Vendor/SCOMO/Inventory/Delivered/p1/Data/x',
      '../Vendor',
    ]) {
      assert.equal(deliveredDataNode(other, paths), undefined, other);
    }
  });
});

describe('createDeliveryHook', () => {
  test('takes Delivered/<x>/Data when the tree would allow the write, and nothing else', async () => {
    const { tree, delivery } = setUp();
    assert.equal(tree.add(`${DV}/d1`, { format: 'node' }, CTX), 200);
    const sink = delivery.hook(target(`${DV}/d1/Data`));
    assert.equal(typeof sink, 'object', 'a sink for the Data leaf');
    if (typeof sink === 'object') sink.abort();
    assert.equal(delivery.hook(target('./Vendor/Blob')), undefined, 'other objects stay with the engine');
    await delivery.endSession();
  });

  test('answers what the tree would: 404 without the Delivered node, 425 for a server the ACL leaves out', () => {
    const open = setUp();
    assert.equal(open.delivery.hook(target(`${DV}/missing/Data`)), 404);
    const restricted = setUp('Add=*&Delete=*&Exec=*&Get=*&Replace=boss');
    assert.equal(restricted.tree.add(`${DV}/d1`, { format: 'node' }, { ...CTX, serverId: 'boss' }), 200);
    assert.equal(restricted.delivery.hook(target(`${DV}/d1/Data`, 'srv')), 425);
    const allowed = restricted.delivery.hook(target(`${DV}/d1/Data`, 'boss'));
    assert.equal(typeof allowed, 'object');
    if (typeof allowed === 'object') allowed.abort();
  });

  test('503 while an operation runs on the package; the probe leaves no trace in the tree or the effects', () => {
    const { tree, mo, delivery } = setUp();
    assert.equal(tree.add(`${DV}/d1`, { format: 'node' }, CTX), 200);
    mo.registerPackage('d1', 3);
    const revision = tree.revision;
    const journal = JSON.stringify(mo.journal());
    mo.drainEffects();
    // A probe on an idle package succeeds and withdraws the "discard the old package" it implies.
    const sink = delivery.hook(target(`${DV}/d1/Data`));
    assert.equal(typeof sink, 'object');
    if (typeof sink === 'object') sink.abort();
    assert.deepEqual(mo.drainEffects(), [], 'no effect survives the rolled-back probe');
    assert.equal(JSON.stringify(mo.journal()), journal, 'the journal is as it was');
    assert.equal(tree.revision, revision, 'nothing committed');
    assert.equal(tree.exec(`${DV}/d1/Operations/Install`, { correlator: 'c' }, CTX).status, 202);
    assert.equal(delivery.hook(target(`${DV}/d1/Data`)), 503);
  });

  test('endSession() drops a stream that never got its last chunk', async () => {
    const { tree, store, delivery } = setUp();
    assert.equal(tree.add(`${DV}/d1`, { format: 'node' }, CTX), 200);
    const sink = delivery.hook(target(`${DV}/d1/Data`));
    assert.ok(typeof sink === 'object');
    assert.equal(sink.write(new Uint8Array([1, 2, 3])), undefined);
    await delivery.settle();
    await delivery.endSession();
    assert.equal(await store.has('d1'), false);
    assert.equal(sink.write(new Uint8Array([4])), 500, 'the stream is closed');
  });
});
