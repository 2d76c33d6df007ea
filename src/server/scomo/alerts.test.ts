/**
 * Alert handling: OperationComplete matched to its job step by correlator (both Types, Formats xml,
 * chr and text/plain), results stored with their meaning, orphans and unreadable items stored
 * without a crash, and device request alerts served under each policy.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../syncml/index.ts';
import { defined } from '../testing/fixtures.ts';
import { ScriptedClient } from '../testing/scripted-client.ts';
import type { ScomoJob, ScomoService } from './service.ts';
import { runSession } from './testing/fake-device.ts';
import type { ExecRecord, FakeScomoDevice } from './testing/fake-device.ts';
import { DEV, packageBytes, scomoHarness } from './testing/harness.ts';
import { DEVICE_REQUEST_ALERT_TYPE } from './vocabulary.ts';

type Harness = Awaited<ReturnType<typeof scomoHarness>>;

/** A deployment whose Exec the device accepted (202). */
async function accepted(h: Harness): Promise<{ job: ScomoJob; exec: ExecRecord }> {
  await h.scomo.packages.add(
    packageBytes({
      components: [
        { id: 'app', version: '1.0.0' },
        { id: 'lib', version: '3' },
      ],
    }),
  );
  const job = await h.scomo.deploy(DEV, { package: 'com.example.app' });
  await runSession(h.client, h.device);
  await runSession(h.client, h.device);
  const current = defined(await h.scomo.getJob(job.id));
  assert.equal(current.state, 'accepted');
  return { job: current, exec: defined(h.device.execs.at(-1)) };
}

async function job(scomo: ScomoService, id: string): Promise<ScomoJob> {
  return defined(await scomo.getJob(id));
}

function alertWith(device: FakeScomoDevice, exec: ExecRecord, patch: (alert: Alert) => Alert): Alert {
  return patch(device.operationComplete(exec, 1200, 'app'));
}

describe('OperationComplete handling', () => {
  test('the legacy Type with Format text/plain completes the step its correlator names', async () => {
    const h = await scomoHarness();
    const { job: deploy, exec } = await accepted(h);
    const alert = h.device.operationComplete(exec, 1200, 'app', {
      type: 'org.openmobilealliance.dm.softwarecomponent.OperationComplete',
      format: 'text/plain',
    });
    await runSession(h.client, h.device, [alert]);
    const done = await job(h.scomo, deploy.id);
    assert.equal(done.state, 'succeeded');
    const [result] = await h.scomo.results({ jobId: deploy.id });
    assert.equal(defined(result).resultCode, 1200);
    assert.equal(defined(result).meaning, 'Successful');
    assert.equal(defined(result).identifier, 'app');
    assert.equal(defined(result).correlator, exec.correlator);
  });

  for (const format of ['chr', 'xml'] as const) {
    test(`Format ${format} is read; a failure code fails the job with its meaning`, async () => {
      const h = await scomoHarness({ encoding: 'wbxml' });
      const { job: deploy, exec } = await accepted(h);
      await runSession(h.client, h.device, [h.device.operationComplete(exec, 1405, 'app', { format })]);
      const failed = await job(h.scomo, deploy.id);
      assert.equal(failed.state, 'failed');
      assert.deepEqual(failed.body.result, { code: 1405, meaning: 'Install failed' });
      assert.equal(failed.body.error?.code, 'SCOMO_SERVER_RESULT');
      assert.match(failed.body.error?.message ?? '', /1405 \(Install failed\) for app/);
      assert.notEqual(failed.body.inventoryJobId, null, 'a failed operation changed the device too: re-read');
    });
  }

  test('one item per component: a failing item fails the step even after a successful one', async () => {
    const h = await scomoHarness();
    const { job: deploy, exec } = await accepted(h);
    const alert = h.device.operationComplete(exec, 1200, 'app');
    const second = defined(h.device.operationComplete(exec, 1405, 'lib').items[0]);
    await runSession(h.client, h.device, [{ ...alert, items: [...alert.items, second] }]);
    const done = await job(h.scomo, deploy.id);
    assert.equal(done.state, 'failed');
    assert.deepEqual(
      defined(done.body.steps.at(-1)).results.map((r) => [r.code, r.identifier]),
      [
        [1200, 'app'],
        [1405, 'lib'],
      ],
    );
  });

  test('an unknown correlator is stored as an orphan, the session goes on, the inventory is re-read', async () => {
    const h = await scomoHarness();
    const { job: deploy, exec } = await accepted(h);
    const exchanges = await runSession(h.client, h.device, [
      alertWith(h.device, exec, (a) => ({ ...a, correlator: 'not-ours-1' })),
    ]);
    assert.equal(defined(exchanges.at(-1)).response.ended, true);
    const [orphan] = await h.scomo.results({ orphans: true });
    assert.equal(defined(orphan).jobId, null);
    assert.equal(defined(orphan).correlator, 'not-ours-1');
    assert.equal(defined(orphan).resultCode, 1200);
    assert.equal((await job(h.scomo, deploy.id)).state, 'accepted', 'the job is untouched');
    const refresh = (await h.scomo.listJobs({ operation: 'inventory' }))[0];
    assert.equal(defined(refresh).body.origin.kind, 'device');
  });

  test('a correlator of another device’s job, or one that looks like ours but names no Exec step, is an orphan', async () => {
    const h = await scomoHarness();
    const { job: deploy, exec } = await accepted(h);
    await h.server.devices.provision({ devId: 'IMEI:other' }, h.clock.now());
    const other = new ScriptedClient(h.server, { devId: 'IMEI:other', encoding: 'xml' });
    await runSession(other, h.device, [h.device.operationComplete(exec, 1200, 'app')]);
    await runSession(h.client, h.device, [
      alertWith(h.device, exec, (a) => ({ ...a, correlator: `${deploy.id}.0` })),
    ]);
    assert.equal((await job(h.scomo, deploy.id)).state, 'accepted');
    const orphans = await h.scomo.results({ orphans: true });
    assert.deepEqual(
      orphans.map((r) => [r.devId, r.correlator]),
      [
        ['IMEI:other', exec.correlator],
        [DEV, `${deploy.id}.0`],
      ],
    );
  });

  test('an alert without correlator is an orphan (a device-initiated operation)', async () => {
    const h = await scomoHarness();
    const exec = { uri: './SCOMO/Inventory/Deployed/app/Operations/Deactivate', correlator: undefined };
    await runSession(h.client, h.device, [h.device.operationComplete(exec, 1200, 'app')]);
    const [orphan] = await h.scomo.results({ devId: DEV });
    assert.equal(defined(orphan).jobId, null);
    assert.equal(defined(orphan).source, exec.uri);
  });

  test('unreadable Data is stored as an orphan with its problem and queues nothing', async () => {
    const h = await scomoHarness();
    const { exec } = await accepted(h);
    const bad = alertWith(h.device, exec, (a) => ({
      ...a,
      items: a.items.map((i) => ({ ...i, data: 'all good!' })),
    }));
    await runSession(h.client, h.device, [bad]);
    const [orphan] = await h.scomo.results({ orphans: true });
    assert.equal(defined(orphan).resultCode, null);
    assert.match(defined(orphan).problem ?? '', /no ResultCode.*SCOMO_ALERT_DATA/);
    assert.deepEqual(await h.scomo.listJobs({ operation: 'inventory' }), []);
  });

  test('a result reported again in a new session (a lost ack) is recorded but applied once', async () => {
    const h = await scomoHarness();
    const { job: deploy, exec } = await accepted(h);
    await runSession(h.client, h.device, [h.device.operationComplete(exec, 1200, 'app')]);
    assert.equal((await h.scomo.results({ jobId: deploy.id })).length, 1);
    await runSession(h.client, h.device, [h.device.operationComplete(exec, 1200, 'app')]);
    assert.equal((await h.scomo.results({ jobId: deploy.id })).length, 2);
    const done = await job(h.scomo, deploy.id);
    assert.equal(done.state, 'succeeded');
    assert.equal(defined(done.body.steps.at(-1)).results.length, 1);
  });
});

function request(data: string, format = 'xml'): Alert {
  return {
    kind: 'Alert',
    cmdID: '1',
    data: '1226',
    items: [{ meta: { type: DEVICE_REQUEST_ALERT_TYPE, format }, data }],
  };
}

describe('device requests (alternative flows 1)', () => {
  test('allow-known-packages: a known package becomes a deploy job served in the same session', async () => {
    const h = await scomoHarness();
    await h.scomo.packages.add(packageBytes({ version: '2.0' }));
    await runSession(h.client, h.device, [
      request('<Operation>DownloadInstallActivate</Operation><PkgID>com.example.app</PkgID>'),
    ]);
    const [asked] = await h.scomo.listJobs({ devId: DEV });
    const deploy = defined(asked);
    assert.equal(deploy.operation, 'deploy');
    assert.equal(deploy.body.origin.kind, 'device');
    assert.deepEqual(deploy.body.request, {
      operation: 'deploy',
      packageId: 'com.example.app',
      version: null,
      via: 'url',
      install: 'activate',
      inventoryFirst: false,
      envTypes: [],
    });
    // The request alert is handled before the reply's claim: discovery, delivery and the Exec all
    // go out in the session that carried the request.
    assert.deepEqual(h.device.log.slice(0, 2), ['Get ./SCOMO?prop=Type', 'Get ./SCM?prop=Type']);
    assert.equal(
      defined(h.device.execs[0]).uri,
      './SCOMO/Download/com.example.app/Operations/DownloadInstallActivate',
    );
  });

  test('allow-known-packages refuses an unknown package; the refusal is a failed job', async () => {
    const h = await scomoHarness();
    await runSession(h.client, h.device, [
      request('<Operation>DownloadInstall</Operation><PkgID>evil</PkgID>'),
    ]);
    const [refused] = await h.scomo.listJobs({ devId: DEV });
    assert.equal(defined(refused).state, 'failed');
    assert.equal(defined(refused).body.error?.code, 'SCOMO_SERVER_REQUEST_DENIED');
    assert.match(defined(refused).body.error?.message ?? '', /no package evil/);
    assert.equal(defined(refused).finishedAt, h.clock.now());
  });

  test('allow-known-packages: component operations only on components some package provides', async () => {
    const h = await scomoHarness();
    await h.scomo.packages.add(packageBytes());
    await runSession(h.client, h.device, [
      request('<Operation>Deactivate</Operation><ID>app</ID>'),
      request('<Operation>Remove</Operation><ID>stranger</ID>'),
    ]);
    const jobs = await h.scomo.listJobs({ devId: DEV });
    // The policy admits Deactivate of "app" (a package provides it) and the job is served in the
    // same session: discovery, then the inventory read, where this fake device has no "app". The
    // Remove of "stranger" is refused by the policy and never reaches the device.
    assert.deepEqual(h.device.log, [
      'Get ./SCOMO?prop=Type',
      'Get ./SCM?prop=Type',
      'Get ./SCOMO/Inventory?list=StructData',
    ]);
    assert.deepEqual(
      jobs.map((j) => [j.operation, j.state, j.body.error?.code]),
      [
        ['deactivate', 'failed', 'SCOMO_SERVER_NOT_ON_DEVICE'],
        ['removeComponent', 'failed', 'SCOMO_SERVER_REQUEST_DENIED'],
      ],
    );
  });

  test('deny refuses everything; allow takes anything well-formed', async () => {
    const denying = await scomoHarness({ scomo: { deviceRequests: 'deny' } });
    await denying.scomo.packages.add(packageBytes());
    await runSession(denying.client, denying.device, [request('<Operation>Inventory</Operation>')]);
    assert.equal(
      defined((await denying.scomo.listJobs())[0]).body.error?.code,
      'SCOMO_SERVER_REQUEST_DENIED',
    );

    const allowing = await scomoHarness({ scomo: { deviceRequests: 'allow' } });
    await runSession(allowing.client, allowing.device, [
      request('&lt;Operation&gt;Activate&lt;/Operation&gt;&lt;ID&gt;x&lt;/ID&gt;', 'chr'),
    ]);
    const [activate] = await allowing.scomo.listJobs();
    assert.deepEqual(defined(activate).body.request, { operation: 'activate', target: 'x' });
  });

  test('a malformed request is recorded as a failed job, not a crash', async () => {
    const h = await scomoHarness({ scomo: { deviceRequests: 'allow' } });
    await runSession(h.client, h.device, [
      request('<Operation>Fly</Operation>'),
      request('<Operation>DownloadInstall</Operation>'),
    ]);
    const jobs = await h.scomo.listJobs();
    assert.deepEqual(
      jobs.map((j) => [j.state, j.body.error?.code]),
      [
        ['failed', 'SCOMO_SERVER_BAD_REQUEST'],
        ['failed', 'SCOMO_SERVER_BAD_REQUEST'],
      ],
    );
    assert.match(defined(jobs[0]).body.error?.message ?? '', /operation "Fly"/);
    assert.match(defined(jobs[1]).body.error?.message ?? '', /names no <PkgID>/);
  });
});
