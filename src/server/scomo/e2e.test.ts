/**
 * Server-only end to end: the DM server core and the SCOMO service on a MemoryStore, a scripted DM
 * client in XML and WBXML playing a SCOMO device. A deployment goes through discovery, delivery, the
 * Exec (202), the OperationComplete alert, and the inventory re-read that follows it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandsOf } from '../testing/scripted-client.ts';
import { defined } from '../testing/fixtures.ts';
import { runSession } from './testing/fake-device.ts';
import { DEV, packageBytes, REPO, scomoHarness } from './testing/harness.ts';

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`SCOMO end to end (${encoding})`, () => {
    test('deploy by URL: discover, Add Download/<x>, Exec DownloadInstall, OperationComplete, inventory re-read', async () => {
      const { scomo, client, device, store } = await scomoHarness({ encoding });
      await scomo.packages.add(packageBytes({ version: '1.0.0' }));
      let job = await scomo.deploy(DEV, { package: 'com.example.app' });
      assert.equal(job.state, 'queued');
      assert.deepEqual(
        job.body.steps.map((s) => s.kind),
        ['discover'],
      );

      // Session 1: the Type probes; the root is found and cached. The follow-up commands are queued
      // when the probes resolve, before the reply's claim, so they go out in this same session:
      // Delete (404), Add with the leaves, Exec with the correlator → 202.
      const exchanges = await runSession(client, device);
      assert.deepEqual(device.log, [
        'Get ./SCOMO?prop=Type',
        'Get ./SCM?prop=Type',
        'Delete ./SCOMO/Download/com.example.app',
        'Add ./SCOMO/Download/com.example.app',
        'Exec ./SCOMO/Download/com.example.app/Operations/DownloadInstall',
      ]);
      const sent = exchanges.flatMap((e) => commandsOf(e.reply)).map((c) => c.kind);
      assert.deepEqual(sent, ['Get', 'Get', 'Delete', 'Add', 'Exec']);
      assert.equal(job.body.root, null, 'not discovered before the session');
      job = defined(await scomo.getJob(job.id));
      assert.equal(job.body.root, './SCOMO');
      assert.equal((await store.getScomoRoot(DEV))?.root, './SCOMO');
      assert.deepEqual(
        job.body.steps.map((s) => [s.kind, s.state]),
        [
          ['discover', 'succeeded'],
          ['deliver', 'succeeded'],
          ['exec', 'accepted'],
        ],
      );
      const pkgUrl = defined(device.written.get('./SCOMO/Download/com.example.app/PkgURL'));
      assert.ok(pkgUrl.startsWith(`${REPO}/dl/`), pkgUrl);
      assert.match(pkgUrl, /#sha256=[0-9a-f]{64}$/);
      assert.equal(device.written.get('./SCOMO/Download/com.example.app/PkgID'), 'com.example.app');
      assert.equal(device.written.get('./SCOMO/Download/com.example.app/PkgType'), 'application/gzip');
      const exec = defined(device.execs[0]);
      assert.equal(exec.uri, './SCOMO/Download/com.example.app/Operations/DownloadInstall');
      job = defined(await scomo.getJob(job.id));
      assert.equal(job.state, 'accepted');
      const execStep = defined(job.body.steps[2]);
      assert.equal(execStep.correlator, exec.correlator);
      assert.equal(execStep.status, 202);
      assert.notEqual(execStep.sentAt, null);

      // The device installs; session 2 carries the OperationComplete, and the inventory Get it
      // queues goes out in the same session (root cached: no discovery again).
      device.deployed.push({ node: 'app', id: 'app', version: '1.0.0', state: 20 });
      await runSession(client, device, [
        device.operationComplete(exec, 1200, 'app', { target: './SCOMO/Inventory/Deployed/app' }),
      ]);
      job = defined(await scomo.getJob(job.id));
      assert.equal(job.state, 'succeeded');
      assert.deepEqual(job.body.result, { code: 1200, meaning: 'Successful' });
      assert.equal(defined(job.body.steps[2]).resultCode, 1200);
      const refresh = defined(await scomo.getJob(defined(job.body.inventoryJobId)));
      assert.equal(refresh.body.request.operation, 'inventory');
      assert.deepEqual(refresh.body.origin, { kind: 'job', ref: job.id });
      assert.equal(device.log.at(-1), 'Get ./SCOMO/Inventory?list=StructData');
      const done = defined(await scomo.getJob(refresh.id));
      assert.equal(done.state, 'succeeded');
      const [snapshot] = await scomo.inventoryHistory(DEV);
      assert.equal(defined(snapshot).method, 'structdata');
      assert.equal(defined(snapshot).jobId, refresh.id);
      assert.deepEqual(
        (
          defined(snapshot).inventory as { deployed: { id: string; version: string; state: string }[] }
        ).deployed.map((c) => [c.id, c.version, c.state]),
        [['app', '1.0.0', 'active']],
      );
      assert.equal(defined(snapshot).changes, null, 'the first snapshot of a device has no changes');
      const results = await scomo.results({ jobId: job.id });
      assert.equal(results.length, 1);
      assert.equal(defined(results[0]).step, 2);
    });
  });
}
