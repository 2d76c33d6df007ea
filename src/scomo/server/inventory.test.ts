import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeMessage } from '../../syncml/index.ts';
import type { Results } from '../../syncml/index.ts';
import { device, run, SERVER } from '../test-support.ts';
import { buildDeliverByUrl, buildDeliverOverDm, buildGets, buildInventoryGet } from './builders.ts';
import { parseInventory, inventoryEntries, findComponent } from './inventory.ts';
import type { Inventory, InventoryEntry } from './inventory.ts';
import { diffInventory, isEmptyDiff } from './inventory-diff.ts';
import { advanceInventoryWalk, startInventoryWalk } from './inventory-walk.ts';
import type { WalkReply } from './inventory-walk.ts';
import { scomoObjectOf, scomoOperationOf } from './scomo-uri.ts';

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url);

/** A device with a delivered-only package and two deployed components, built by the real MO. */
function populatedDevice() {
  const d = device();
  run(
    d.tree,
    buildDeliverByUrl({
      node: 'p1',
      pkgId: 'pkg-1',
      name: 'Suite',
      pkgUrl: 'https://r/1',
      operation: 'DownloadInstall',
    }),
  );
  d.mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
  d.mo.dispatch({
    type: 'installDone',
    opId: 'op-1',
    components: [
      { id: 'com.x.a', name: 'A', version: '1.0', description: 'first' },
      { id: 'com.x.b', version: '3', envType: 'linux' },
    ],
  });
  run(
    d.tree,
    buildDeliverOverDm({
      node: 'd2',
      pkgId: 'pkg-2',
      pkgType: 'application/zip',
      data: new Uint8Array([1, 2]),
    }),
  );
  return d;
}

function inventoryOf(d: ReturnType<typeof device>): Inventory {
  const [reply] = run(d.tree, buildInventoryGet());
  assert.equal(reply?.status, 200);
  return parseInventory(inventoryEntries(reply?.results ?? []), { root: './SCOMO' });
}

describe('inventory parsing', () => {
  test('corpus message 03: 40 deployed components from StructData Results', () => {
    const decoded = decodeMessage(
      readFileSync(new URL('03-pkg3-inventory-results.xml', CORPUS)),
      'application/vnd.syncml.dm+xml',
    );
    const results = decoded.message.body.filter((c): c is Results => c.kind === 'Results');
    const inventory = parseInventory(inventoryEntries(results));
    assert.equal(inventory.deployed.length, 40);
    assert.deepEqual(inventory.delivered, []);
    assert.deepEqual(inventory.problems, []);
    assert.deepEqual(inventory.deployed[0], {
      nodeName: 'c00',
      id: 'com.example.media-0',
      pkgIdRef: 'com.example.media-0-3.15.38',
      name: 'Media-0',
      version: '8.8.69',
      state: 'inactive',
      status: 10,
      statusName: 'idle',
    });
    assert.equal(new Set(inventory.deployed.map((c) => c.id)).size, 40);
    assert.equal(findComponent(inventory, 'com.example.camera-1')?.nodeName, 'c01');
  });

  test('a real device MO answers the builder’s Get with everything the inventory needs', () => {
    const inventory = inventoryOf(populatedDevice());
    assert.deepEqual(inventory, {
      delivered: [
        { nodeName: 'p1', pkgId: 'pkg-1', name: 'Suite', state: 'installed', status: 10, statusName: 'idle' },
        {
          nodeName: 'd2',
          pkgId: 'pkg-2',
          pkgType: 'application/zip',
          state: 'delivered',
          status: 10,
          statusName: 'idle',
        },
      ],
      deployed: [
        {
          nodeName: 'com.x.a',
          id: 'com.x.a',
          pkgIdRef: 'pkg-1',
          name: 'A',
          description: 'first',
          version: '1.0',
          state: 'active',
          status: 10,
          statusName: 'idle',
        },
        {
          nodeName: 'com.x.b',
          id: 'com.x.b',
          pkgIdRef: 'pkg-1',
          version: '3',
          envType: 'linux',
          state: 'active',
          status: 10,
          statusName: 'idle',
        },
      ],
      problems: [],
    });
  });

  test('vendor variants: lower-case names, Delivered Status 70, PkgIDRef -1, missing ID or PkgID', () => {
    const entries: InventoryEntry[] = [
      { uri: './SCM/inventory/delivered/x', format: 'node', data: 'pkgid/status/state' },
      { uri: './SCM/inventory/delivered/x/pkgid', data: 'p-x' },
      { uri: './SCM/inventory/delivered/x/status', data: '70' },
      { uri: './SCM/inventory/delivered/x/state', data: '10' },
      { uri: './SCM/inventory/delivered/y/State', data: '99' },
      { uri: './SCM/inventory/deployed/c/ID', data: 'comp' },
      { uri: './SCM/inventory/deployed/c/PkgIDRef', data: '-1' },
      { uri: './SCM/inventory/deployed/c/State', data: '20' },
      { uri: './SCM/inventory/deployed/c/Status', data: new TextEncoder().encode('50') },
      { uri: './SCM/inventory/deployed/nameless/State', data: '20' },
      { uri: './Other/Inventory/Deployed/z/ID', data: 'elsewhere' },
    ];
    const inventory = parseInventory(entries, { root: 'SCM' });
    assert.deepEqual(inventory.delivered, [
      { nodeName: 'x', pkgId: 'p-x', state: 'delivered', status: 70, statusName: 'installFailedDeleted' },
      { nodeName: 'y', pkgId: 'y', state: 'unknown' },
    ]);
    assert.deepEqual(inventory.deployed, [
      { nodeName: 'c', id: 'comp', state: 'active', status: 50, statusName: 'activating' },
    ]);
    assert.deepEqual(inventory.problems, [
      'Delivered/y has no PkgID; listed by its node name',
      'Deployed/nameless has no ID; left out',
    ]);
    assert.equal(parseInventory(entries).deployed.length, 2, 'without a root every SCOMO-shaped URI counts');
  });
});

describe('inventory diff', () => {
  test('added, removed and changed components; identical inventories differ in nothing', () => {
    const d = populatedDevice();
    const before = inventoryOf(d);
    assert.equal(isEmptyDiff(diffInventory(before, inventoryOf(d))), true);
    d.mo.dispatch({ type: 'alertQueued', opId: 'op-1' });
    // Update a in place to 2.0, deactivate nothing, remove b, install c.
    run(
      d.tree,
      buildDeliverByUrl({
        node: 'p3',
        pkgId: 'pkg-3',
        pkgUrl: 'https://r/3',
        operation: 'DownloadInstallInactive',
      }),
    );
    d.mo.dispatch({ type: 'downloadDone', opId: 'op-2' });
    d.mo.dispatch({
      type: 'installDone',
      opId: 'op-2',
      components: [{ id: 'com.x.a', version: '2.0', name: 'A' }, { id: 'com.x.c' }],
    });
    d.tree.exec('./SCOMO/Inventory/Deployed/com.x.b/Operations/Remove', {}, SERVER);
    d.mo.dispatch({ type: 'removeDone', opId: 'op-3' });
    d.tree.delete('./SCOMO/Inventory/Delivered/d2', SERVER);
    const diff = diffInventory(before, inventoryOf(d));
    assert.deepEqual(
      diff.added.map((c) => c.id),
      ['com.x.c'],
    );
    assert.deepEqual(
      diff.removed.map((c) => c.id),
      ['com.x.b'],
    );
    assert.deepEqual(
      diff.changed.map((c) => [c.id, c.fields, c.before.version, c.after.version, c.after.state]),
      [['com.x.a', ['version', 'state', 'description', 'pkgIdRef'], '1.0', '2.0', 'inactive']],
    );
    assert.deepEqual(
      diff.deliveredAdded.map((p) => p.pkgId),
      ['pkg-3'],
    );
    assert.deepEqual(
      diff.deliveredRemoved.map((p) => p.pkgId),
      ['pkg-2'],
    );
    assert.equal(isEmptyDiff(diff), false);
  });
});

describe('inventory walk (a device answering 406 to ?list)', () => {
  function answer(d: ReturnType<typeof device>, uris: readonly string[]): WalkReply[] {
    return run(d.tree, buildGets(uris)).map((r) => {
      const item = r.results?.[0];
      const data = item?.data;
      return {
        uri: r.target ?? '',
        status: r.status,
        ...(item?.meta?.format === undefined ? {} : { format: item.meta.format }),
        ...(typeof data === 'string' || data instanceof Uint8Array ? { data } : {}),
      };
    });
  }

  test('plain Gets, three rounds, give the same inventory as StructData', () => {
    const d = populatedDevice();
    let walk = startInventoryWalk('./SCOMO');
    assert.deepEqual(walk.pending, ['./SCOMO/Inventory/Delivered', './SCOMO/Inventory/Deployed']);
    let rounds = 0;
    while (!walk.done) {
      walk = advanceInventoryWalk(walk, answer(d, walk.pending));
      rounds++;
      assert.ok(rounds < 10, 'the walk ends');
    }
    assert.equal(rounds, 3);
    assert.deepEqual(walk.problems, []);
    assert.equal(
      walk.entries.some((e) => e.uri.endsWith('/Data') || e.uri.includes('/Operations')),
      false,
      'never asks for Data or Operations',
    );
    assert.deepEqual(parseInventory(walk.entries, { root: './SCOMO' }), inventoryOf(d));
  });

  test('failed Gets and missing answers are problems, not errors', () => {
    const walk = startInventoryWalk('./SCOMO');
    const next = advanceInventoryWalk(walk, [
      { uri: './SCOMO/Inventory/Delivered', status: 404 },
      { uri: './not/asked', status: 200, data: 'x' },
    ]);
    assert.equal(next.done, true);
    assert.deepEqual(next.problems, [
      'Get ./SCOMO/Inventory/Delivered answered 404',
      'no answer to Get ./SCOMO/Inventory/Deployed',
    ]);
  });
});

describe('SCOMO URIs without knowing the root', () => {
  test('objects and operations are found under any root, case-insensitively', () => {
    assert.deepEqual(scomoObjectOf('./SCOMO/Inventory/Deployed/c1/State'), {
      kind: 'deployed',
      node: 'c1',
      root: './SCOMO',
      rest: ['State'],
    });
    assert.deepEqual(scomoObjectOf('./SCM/download/p1'), {
      kind: 'download',
      node: 'p1',
      root: './SCM',
      rest: [],
    });
    assert.equal(scomoObjectOf('./SCOMO/Inventory'), undefined);
    assert.equal(scomoObjectOf('./DevInfo/DevId'), undefined);
    assert.deepEqual(scomoOperationOf('./A/B/Download/x/Operations/Download'), {
      kind: 'download',
      node: 'x',
      root: './A/B',
      operation: 'Download',
    });
    assert.equal(scomoOperationOf('./SCOMO/Inventory/Deployed/c/Operations/Install'), undefined);
    assert.equal(scomoOperationOf('./SCOMO/Download/p/Status'), undefined);
  });
});
