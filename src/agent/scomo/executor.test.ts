import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildPackage, generateSigningKey } from '../../../test/support/packages.ts';
import { DD_CONTENT_TYPE } from '../download/index.ts';
import {
  device,
  downloadInstall,
  DL,
  DP,
  DV,
  executorFixture,
  publish,
  resultsFor,
} from './testing/executor-fixture.ts';

const f = executorFixture();

describe('SCOMO executor: the operations of reference §1.4 with real packages', () => {
  test('DownloadInstall: download, verify, install active, one 1200 alert, Deployed node', async (t) => {
    const d = await device(f, t);
    const { url } = await publish(f, { components: [{ id: 'com.example.app', version: '1.0.0' }] });
    const { correlator, status, node } = await downloadInstall(f, d, url);
    assert.equal(status, 202);
    assert.deepEqual(
      resultsFor(d, correlator).map((r) => [r.code, r.identifier]),
      [[1200, 'com.example.app']],
    );
    assert.deepEqual(
      (await d.installer.list()).map((c) => [c.id, c.version, c.state]),
      [['com.example.app', '1.0.0', 'active']],
    );
    assert.equal(d.leaf(`${DP}/com.example.app/Version`), '1.0.0');
    assert.equal(d.leaf(`${DP}/com.example.app/State`), '20');
    assert.equal(d.leaf(`${DL}/${node}/Status`), '10');
  });

  test('Download, then Install of the delivered package', async (t) => {
    const d = await device(f, t);
    const { url } = await publish(f, { components: [{ id: 'lib', version: '2.0.0' }] });
    const { node, correlator } = await downloadInstall(f, d, url, 'Download');
    assert.equal(resultsFor(d, correlator)[0]?.code, 1200);
    assert.equal(d.leaf(`${DV}/${node}/State`), '10');
    assert.equal(await d.executor.packages.has(node), true);
    assert.equal(await d.run(`${DV}/${node}/Operations/InstallInactive`, 'corr-install'), 202);
    assert.equal(resultsFor(d, 'corr-install')[0]?.code, 1200);
    assert.equal(d.leaf(`${DP}/lib/State`), '10');
  });

  test('Activate, Deactivate and Remove of a deployed component', async (t) => {
    const d = await device(f, t);
    const { url } = await publish(f, {
      components: [{ id: 'svc', version: '1.0.0' }],
      hooks: { activate: 'exit 0', deactivate: 'exit 0' },
    });
    await downloadInstall(f, d, url, 'DownloadInstallInactive');
    assert.equal(await d.run(`${DP}/svc/Operations/Activate`, 'c-act'), 202);
    assert.equal(resultsFor(d, 'c-act')[0]?.code, 1200);
    assert.equal((await d.installer.get('svc'))?.state, 'active');
    assert.equal(await d.run(`${DP}/svc/Operations/Deactivate`, 'c-deact'), 202);
    assert.equal(resultsFor(d, 'c-deact')[0]?.code, 1200);
    assert.equal(d.leaf(`${DP}/svc/State`), '10');
    assert.equal(await d.run(`${DP}/svc/Operations/Remove`, 'c-rm'), 202);
    assert.equal(resultsFor(d, 'c-rm')[0]?.code, 1200);
    assert.equal(await d.installer.get('svc'), undefined);
    assert.equal(d.leaf(`${DP}/svc/ID`), undefined);
  });

  test('Update: a newer package of a deployed component upgrades it in place', async (t) => {
    const d = await device(f, t);
    await downloadInstall(f, d, (await publish(f, { components: [{ id: 'app', version: '1.0.0' }] })).url);
    const { correlator } = await downloadInstall(
      f,
      d,
      (await publish(f, { components: [{ id: 'app', version: '1.1.0' }] })).url,
    );
    assert.equal(resultsFor(d, correlator)[0]?.code, 1200);
    assert.equal(d.leaf(`${DP}/app/Version`), '1.1.0');
    assert.deepEqual(
      (await d.installer.list()).map((c) => c.version),
      ['1.1.0'],
    );
  });

  test('a download descriptor is followed and 900 is posted to installNotifyURI', async (t) => {
    const d = await device(f, t);
    const { url } = await publish(f, { components: [{ id: 'dd-app', version: '1.0.0' }] });
    const size = (await readFile(join(f.dir, url.split('/').at(-1) ?? ''))).length;
    const id = f.next();
    const ddPath = `/dd/${id}.dd`;
    const notify = `/notify/${id}`;
    f.server.serve(ddPath, {
      contentType: DD_CONTENT_TYPE,
      body: Buffer.from(
        `<media xmlns="http://www.openmobilealliance.org/xmlns/dd"><type>application/gzip</type><size>${size}</size><objectURI>${url}</objectURI><installNotifyURI>${notify}</installNotifyURI></media>`,
      ),
    });
    const { correlator } = await downloadInstall(f, d, f.server.url(ddPath));
    assert.equal(resultsFor(d, correlator)[0]?.code, 1200);
    assert.deepEqual(
      f.server.requestsFor(notify).map((r) => r.body),
      ['900 Success'],
    );
  });

  test('direct delivery over DM: streamed to disk, registered, installed', async (t) => {
    const d = await device(f, t);
    const built = await buildPackage(f.dir, `dm-${f.next()}.zip`, {
      format: 'zip',
      components: [{ id: 'dm-app', version: '3.0.0' }],
    });
    const sink = await d.executor.receivePackage('dm1');
    const text = Buffer.from(built.bytes).toString('base64');
    for (let at = 0; at < text.length; at += 1000) await sink.writeBase64(text.slice(at, at + 1000));
    await sink.commit({ bytes: built.size });
    assert.equal(d.leaf(`${DV}/dm1/State`), '10');
    assert.equal(await d.run(`${DV}/dm1/Operations/Install`, 'corr-dm'), 202);
    assert.equal(resultsFor(d, 'corr-dm')[0]?.code, 1200);
    assert.equal((await d.installer.get('dm-app'))?.version, '3.0.0');
  });

  test('a signed package verifies against the trusted key (signature required)', async (t) => {
    const key = generateSigningKey();
    const d = await device(f, t, { trustedKeys: [key.publicPem], signaturePolicy: 'required' });
    const { url } = await publish(f, {
      components: [{ id: 'signed', version: '1.0.0' }],
      signWith: key.privateKey,
    });
    const { correlator } = await downloadInstall(f, d, url);
    assert.equal(resultsFor(d, correlator)[0]?.code, 1200);
  });
});
