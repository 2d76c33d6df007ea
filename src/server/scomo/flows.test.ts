/**
 * The SCOMO service's operations against a scripted device (seed flows 5.4.1–5.4.4): delivery over
 * DM as a large object, the install modes by URL, variant selection with DevDetail, the inventory
 * first, operations on deployed components, and the ways a job ends other than success.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { defined } from '../testing/fixtures.ts';
import { commandsOf } from '../testing/scripted-client.ts';
import { runSession } from './testing/fake-device.ts';
import { DEV, packageBytes, scomoHarness } from './testing/harness.ts';

function rejectsWith(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isScomoError(error), String(error));
    assert.equal(error.code, code, error.message);
    return true;
  };
}

describe('deploy over DM (5.4.1)', () => {
  for (const encoding of ['xml', 'wbxml'] as const) {
    test(`${encoding}: Add Delivered/<x>, the package as a large object, Exec Install`, async () => {
      const h = await scomoHarness({ encoding, maxMsgSize: 4000 });
      const bytes = packageBytes({ payloadBytes: 20_000 });
      await h.scomo.packages.add(bytes);
      await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
      const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app', via: 'dm' });
      assert.deepEqual(
        deploy.body.steps.map((s) => s.kind),
        ['deliver', 'exec'],
        'a cached root needs no discovery',
      );
      const exchanges = await runSession(h.client, h.device);
      // The chunks of the Replace, joined, are the package byte for byte (XML carries them as b64).
      const chunks = exchanges
        .flatMap((e) => commandsOf(e.reply))
        .filter((c) => c.kind === 'Replace')
        .map((c) => ('items' in c ? c.items[0]?.data : undefined));
      assert.ok(chunks.length > 3, `${chunks.length} chunks`);
      // A b64 chunk need not end on a 4-character boundary: join the text, then decode.
      const joined = chunks.every((d) => typeof d === 'string')
        ? Buffer.from(chunks.join(''), 'base64')
        : Buffer.concat(chunks.map((d) => (d instanceof Uint8Array ? d : new Uint8Array(0))));
      assert.equal(joined.length, bytes.length);
      assert.ok(joined.equals(Buffer.from(bytes)), 'the delivered bytes are the package');
      assert.equal(
        h.device.written.get('./SCOMO/Inventory/Delivered/com.example.app/PkgID'),
        'com.example.app',
      );
      assert.equal(
        defined(h.device.execs[0]).uri,
        './SCOMO/Inventory/Delivered/com.example.app/Operations/Install',
      );
      assert.equal(defined(await h.scomo.getJob(deploy.id)).state, 'accepted');
    });
  }

  test('without install the job ends when the device acknowledges the Data', async () => {
    const h = await scomoHarness();
    await h.scomo.packages.add(packageBytes());
    await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app', via: 'dm', install: 'none' });
    await runSession(h.client, h.device);
    const done = defined(await h.scomo.getJob(deploy.id));
    assert.equal(done.state, 'succeeded');
    assert.deepEqual(h.device.execs, []);
    assert.equal(done.body.inventoryJobId, null, 'nothing was executed: no re-read');
  });
});

describe('deploy by URL (5.4.2, 5.4.4)', () => {
  const cases = [
    ['none', 'Download'],
    ['active', 'DownloadInstall'],
    ['inactive', 'DownloadInstallInactive'],
    ['activate', 'DownloadInstallActivate'],
  ] as const;
  for (const [install, operation] of cases) {
    test(`install ${install} → Exec ${operation}`, async () => {
      const h = await scomoHarness({ scomo: { useDownloadDescriptor: install === 'activate' } });
      await h.scomo.packages.add(packageBytes());
      await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
      await h.scomo.deploy(DEV, { package: 'com.example.app', install });
      await runSession(h.client, h.device);
      assert.equal(
        defined(h.device.execs[0]).uri,
        `./SCOMO/Download/com.example.app/Operations/${operation}`,
      );
      const pkgUrl = defined(h.device.written.get('./SCOMO/Download/com.example.app/PkgURL'));
      if (install === 'activate')
        assert.match(pkgUrl, /\/dl\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\/dd$/, 'the descriptor URL');
      else assert.match(pkgUrl, /\/dl\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+#sha256=/);
    });
  }

  test('the root is found by Type where the device keeps it (./SCM)', async () => {
    const h = await scomoHarness();
    h.device.root = './SCM';
    await h.scomo.packages.add(packageBytes());
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app' });
    await runSession(h.client, h.device);
    await runSession(h.client, h.device);
    assert.equal(defined(await h.scomo.getJob(deploy.id)).body.root, './SCM');
    assert.equal(defined(h.device.execs[0]).uri, './SCM/Download/com.example.app/Operations/DownloadInstall');
  });

  test('no SCOMO root anywhere: the job fails after the probes, the tree listing and its children', async () => {
    const h = await scomoHarness();
    h.device.root = './Nowhere';
    await h.scomo.packages.add(packageBytes());
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app' });
    for (let i = 0; i < 3; i += 1) await runSession(h.client, h.device);
    const failed = defined(await h.scomo.getJob(deploy.id));
    assert.equal(failed.state, 'failed');
    assert.equal(failed.body.error?.code, 'SCOMO_SERVER_NO_SCOMO_ROOT');
    assert.deepEqual(h.device.log, [
      'Get ./SCOMO?prop=Type',
      'Get ./SCM?prop=Type',
      'Get .?list=Struct',
      'Get .',
    ]);
  });
});

describe('choosing the variant', () => {
  test('a variant with an FwV matcher makes the server read DevDetail first (5.4.1 alt 2)', async () => {
    const h = await scomoHarness();
    await h.scomo.packages.add(packageBytes({ version: '2.0', match: { fwV: '>=3' }, salt: 'new-fw' }));
    await h.scomo.packages.add(
      packageBytes({ version: '1.5', match: { man: 'Acme', fwV: '2.5.*' }, salt: 'old-fw' }),
    );
    await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app' });
    assert.deepEqual(
      deploy.body.steps.map((s) => s.kind),
      ['devdetail'],
    );
    // One session: the DevDetail read resolves before the reply's claim, so the chosen variant's
    // commands follow in the same session.
    await runSession(h.client, h.device);
    assert.deepEqual(h.device.log, [
      'Get ./DevInfo/Man',
      'Get ./DevDetail/FwV',
      'Delete ./SCOMO/Download/com.example.app',
      'Add ./SCOMO/Download/com.example.app',
      'Exec ./SCOMO/Download/com.example.app/Operations/DownloadInstall',
    ]);
    const chosen = defined(await h.scomo.getJob(deploy.id));
    assert.equal(chosen.body.selected?.version, '1.5');
    assert.equal(chosen.body.devDetail['./DevDetail/FwV'], '2.5.1');
    assert.match(chosen.body.selected?.reason ?? '', /Man=Acme FwV=2\.5\.\*/);
    assert.equal(chosen.state, 'accepted');
  });

  test('no variant for this device: the job fails with the reason', async () => {
    const h = await scomoHarness();
    await h.scomo.packages.add(packageBytes({ match: { mod: 'Sled' } }));
    await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
    const queued = await h.scomo.deploy(DEV, { package: 'com.example.app' });
    // Never connected: no DevInfo yet, so the Mod matcher needs ./DevInfo/Mod read first.
    assert.deepEqual(
      queued.body.steps.map((s) => s.title),
      ['read ./DevInfo/Mod to choose a variant of com.example.app'],
    );
    await runSession(h.client, h.device);
    const deploy = defined(await h.scomo.getJob(queued.id));
    assert.equal(deploy.state, 'failed');
    assert.equal(deploy.body.error?.code, 'SCOMO_SERVER_NO_VARIANT');
    assert.match(deploy.body.error?.message ?? '', /Mod=Rocket/);
    assert.deepEqual(h.device.log, ['Get ./DevInfo/Mod']);
    assert.deepEqual(h.device.execs, []);
  });

  test('inventory first (5.4.2 alt 2): a package already deployed is not sent again', async () => {
    const h = await scomoHarness();
    await h.scomo.packages.add(packageBytes({ version: '1.0.0' }));
    h.device.deployed.push({ node: 'app', id: 'app', version: '1.0.0', state: 20 });
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app', inventoryFirst: true });
    await runSession(h.client, h.device);
    await runSession(h.client, h.device);
    const done = defined(await h.scomo.getJob(deploy.id));
    assert.equal(done.state, 'succeeded');
    assert.match(done.body.note ?? '', /already deployed/);
    assert.deepEqual(h.device.execs, []);
    assert.equal((await h.scomo.inventoryHistory(DEV)).length, 1);
  });
});

describe('operations on what is on the device (5.4.3)', () => {
  test('activate reads the inventory to find the component’s node, then executes on it', async () => {
    const h = await scomoHarness();
    h.device.deployed.push({ node: 'n-7', id: 'com.example.svc', version: '1', state: 10 });
    const activate = await h.scomo.operate(DEV, 'activate', 'com.example.svc');
    for (let i = 0; i < 3; i += 1) await runSession(h.client, h.device);
    assert.equal(defined(h.device.execs[0]).uri, './SCOMO/Inventory/Deployed/n-7/Operations/Activate');
    const job = defined(await h.scomo.getJob(activate.id));
    assert.deepEqual(job.body.target, { kind: 'deployed', node: 'n-7', id: 'com.example.svc' });
    assert.deepEqual(
      job.body.steps.map((s) => s.kind),
      ['discover', 'inventory', 'exec'],
    );
  });

  test('install of a delivered package and remove of a component use the latest stored inventory', async () => {
    const h = await scomoHarness();
    h.device.deployed.push({ node: 'c1', id: 'comp', version: '1', state: 20 });
    h.device.delivered.push({ node: 'p1', pkgId: 'pkg.one', state: 10 });
    await h.scomo.refreshInventory(DEV);
    await runSession(h.client, h.device);
    await runSession(h.client, h.device);
    const install = await h.scomo.operate(DEV, 'installInactive', 'pkg.one');
    const remove = await h.scomo.operate(DEV, 'removeComponent', 'comp');
    assert.deepEqual(
      install.body.steps.map((s) => s.kind),
      ['exec'],
    );
    await runSession(h.client, h.device);
    assert.deepEqual(
      h.device.execs.map((e) => e.uri),
      [
        './SCOMO/Inventory/Delivered/p1/Operations/InstallInactive',
        './SCOMO/Inventory/Deployed/c1/Operations/Remove',
      ],
    );
    assert.equal(defined(await h.scomo.getJob(remove.id)).state, 'accepted');
  });

  test('a component the device does not have fails the job after a fresh inventory', async () => {
    const h = await scomoHarness();
    h.device.deployed.push({ node: 'a', id: 'a', version: '1', state: 20 });
    const job = await h.scomo.operate(DEV, 'deactivate', 'ghost');
    for (let i = 0; i < 2; i += 1) await runSession(h.client, h.device);
    const failed = defined(await h.scomo.getJob(job.id));
    assert.equal(failed.state, 'failed');
    assert.equal(failed.body.error?.code, 'SCOMO_SERVER_NOT_ON_DEVICE');
    assert.match(failed.body.error?.message ?? '', /no deployed component "ghost" \(it has: a\)/);
  });
});

describe('jobs that do not succeed', () => {
  test('an Exec answered with an error Status fails the job; nothing to re-read', async () => {
    const h = await scomoHarness();
    h.device.execStatus = 405;
    await h.scomo.packages.add(packageBytes());
    await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app' });
    await runSession(h.client, h.device);
    const failed = defined(await h.scomo.getJob(deploy.id));
    assert.equal(failed.state, 'failed');
    assert.equal(failed.body.error?.code, 'SCOMO_SERVER_DEVICE_STATUS');
    assert.match(failed.body.error?.message ?? '', /Exec .*DownloadInstall answered 405/);
    assert.equal(failed.body.inventoryJobId, null);
  });

  test('a refused Add fails the delivery and closes the Exec step', async () => {
    const h = await scomoHarness();
    h.device.addStatus = 418;
    await h.scomo.packages.add(packageBytes());
    await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app' });
    await runSession(h.client, h.device);
    const failed = defined(await h.scomo.getJob(deploy.id));
    assert.equal(failed.state, 'failed');
    assert.deepEqual(
      failed.body.steps.map((s) => s.state),
      ['failed', 'cancelled'],
    );
    assert.match(failed.body.error?.message ?? '', /Add .* answered 418/);
  });

  test('cancel before the device comes: its commands are never sent', async () => {
    const h = await scomoHarness();
    await h.scomo.packages.add(packageBytes());
    await h.store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: 0 });
    const deploy = await h.scomo.deploy(DEV, { package: 'com.example.app' });
    const cancelled = defined(await h.scomo.cancelJob(deploy.id, 'wrong package'));
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.body.error?.message, 'Cancelled: wrong package');
    const exchanges = await runSession(h.client, h.device);
    assert.deepEqual(
      exchanges.flatMap((e) => commandsOf(e.reply)),
      [],
    );
    assert.equal(
      defined(await h.scomo.cancelJob(deploy.id)).state,
      'cancelled',
      'cancelling again changes nothing',
    );
  });

  test('a job past its deadline expires at the next sweep', async () => {
    const h = await scomoHarness({ scomo: { jobTtlMs: 60_000 } });
    const inventory = await h.scomo.refreshInventory(DEV);
    h.clock.advance(61_000);
    assert.deepEqual(await h.scomo.sweep(), { reconciled: 1 });
    const expired = defined(await h.scomo.getJob(inventory.id));
    assert.equal(expired.state, 'expired');
    assert.equal(expired.body.error?.code, 'SCOMO_SERVER_EXPIRED');
    assert.deepEqual(await h.scomo.sweep(), { reconciled: 0 });
  });

  test('bad requests are refused at once', async () => {
    const h = await scomoHarness();
    await assert.rejects(
      h.scomo.deploy(DEV, { package: 'nothing' }),
      rejectsWith('SCOMO_SERVER_PACKAGE_NOT_FOUND'),
    );
    await h.scomo.packages.add(packageBytes());
    await assert.rejects(
      h.scomo.deploy('IMEI:unknown', { package: 'com.example.app' }),
      rejectsWith('SCOMO_SERVER_UNKNOWN_DEVICE'),
    );
    await assert.rejects(h.scomo.operate(DEV, 'activate', ' '), rejectsWith('SCOMO_SERVER_BAD_REQUEST'));
    await assert.rejects(
      // @ts-expect-error -- an operation name from outside the type system
      h.scomo.operate(DEV, 'explode', 'x'),
      rejectsWith('SCOMO_SERVER_BAD_REQUEST'),
    );
  });

  test('creating a job twice with the same id creates it once', async () => {
    const h = await scomoHarness();
    const a = await h.scomo.refreshInventory(DEV, { id: 'same' });
    const b = await h.scomo.refreshInventory(DEV, { id: 'same' });
    assert.equal(a.id, b.id);
    assert.equal((await h.scomo.listJobs()).length, 1);
    assert.equal((await h.store.listCommands({ devId: DEV })).length, 2, 'the two Type probes, once');
  });
});
