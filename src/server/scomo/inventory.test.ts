/**
 * The inventory check (change request flow 5.4.5): StructData or, on 406, the plain-Get walk; each
 * read stored per device with its time, and the changes against the previous one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Inventory, InventoryDiff } from '../../scomo/index.ts';
import { defined } from '../testing/fixtures.ts';
import { runSession } from './testing/fake-device.ts';
import { DEV, scomoHarness } from './testing/harness.ts';

type Harness = Awaited<ReturnType<typeof scomoHarness>>;

async function check(h: Harness): Promise<void> {
  const job = await h.scomo.refreshInventory(DEV);
  for (let i = 0; i < 4 && defined(await h.scomo.getJob(job.id)).state !== 'succeeded'; i += 1) {
    await runSession(h.client, h.device);
  }
  assert.equal(defined(await h.scomo.getJob(job.id)).state, 'succeeded');
}

describe('inventory history', () => {
  test('each read is a snapshot with its time; changes are recorded against the previous one', async () => {
    const h = await scomoHarness();
    h.device.deployed.push(
      { node: 'a', id: 'app', version: '1.0', state: 20 },
      { node: 'b', id: 'old', version: '7', state: 10 },
    );
    h.device.delivered.push({ node: 'p', pkgId: 'pkg.one', state: 20 });
    await check(h);
    const t1 = h.clock.now();
    h.clock.advance(60_000);
    // Update in place (same node, new Version), one removed, one added, the package gone.
    defined(h.device.deployed[0]).version = '1.1';
    h.device.deployed.splice(1, 1, { node: 'c', id: 'new', version: '1', state: 20, envType: 'linux' });
    h.device.delivered.length = 0;
    await check(h);

    const [latest, first] = await h.scomo.inventoryHistory(DEV);
    assert.equal(defined(first).takenAt, t1);
    assert.equal(defined(latest).takenAt, t1 + 60_000);
    assert.equal(defined(first).changes, null);
    const inventory = defined(latest).inventory as unknown as Inventory;
    assert.deepEqual(
      inventory.deployed.map((c) => [c.nodeName, c.id, c.version, c.state, c.envType]),
      [
        ['a', 'app', '1.1', 'active', undefined],
        ['c', 'new', '1', 'active', 'linux'],
      ],
    );
    const changes = defined(latest).changes as unknown as InventoryDiff;
    assert.deepEqual(
      changes.added.map((c) => c.id),
      ['new'],
    );
    assert.deepEqual(
      changes.removed.map((c) => c.id),
      ['old'],
    );
    assert.deepEqual(
      changes.changed.map((c) => [c.id, c.fields]),
      [['app', ['version']]],
    );
    assert.deepEqual(
      changes.deliveredRemoved.map((p) => p.pkgId),
      ['pkg.one'],
    );
    assert.deepEqual(
      (await h.scomo.inventoryHistory(DEV, { limit: 1 })).map((s) => s.id),
      [defined(latest).id],
    );
    const job = defined(await h.scomo.getJob(defined(latest).jobId ?? ''));
    assert.match(defined(job.body.steps.at(-1)).detail ?? '', /\+1 −1 ~1 components/);
  });

  for (const encoding of ['xml', 'wbxml'] as const) {
    test(`${encoding}: a device answering 406 to ?list=StructData is walked with plain Gets`, async () => {
      const h = await scomoHarness({ encoding });
      h.device.structData = false;
      h.device.deployed.push({ node: 'a', id: 'app', version: '2', state: 10 });
      h.device.delivered.push({ node: 'p', pkgId: 'pkg.one', state: 10 });
      await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
      await check(h);
      const [snapshot] = await h.scomo.inventoryHistory(DEV);
      assert.equal(defined(snapshot).method, 'walk');
      const inventory = defined(snapshot).inventory as unknown as Inventory;
      assert.deepEqual(
        inventory.deployed.map((c) => [c.id, c.version, c.state]),
        [['app', '2', 'inactive']],
      );
      assert.deepEqual(
        inventory.delivered.map((p) => [p.pkgId, p.state]),
        [['pkg.one', 'delivered']],
      );
      assert.ok(h.device.log.includes('Get ./SCOMO/Inventory/Deployed/a/Version'), h.device.log.join('\n'));
      assert.ok(!h.device.log.some((l) => l.endsWith('/Data')), 'Data is never read');
    });
  }

  test('a cached root that answers 404 is forgotten and the job fails', async () => {
    const h = await scomoHarness();
    await h.store.putScomoRoot({ devId: DEV, root: './Moved', moVersion: '1.0', discoveredAt: 0 });
    const job = await h.scomo.refreshInventory(DEV);
    await runSession(h.client, h.device);
    const failed = defined(await h.scomo.getJob(job.id));
    assert.equal(failed.state, 'failed');
    assert.match(failed.body.error?.message ?? '', /Get \.\/Moved\/Inventory\?list=StructData answered 404/);
    assert.equal(await h.store.getScomoRoot(DEV), null, 'the next job discovers again');
  });
});
