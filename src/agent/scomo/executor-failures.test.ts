import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildPackage, generateSigningKey, signPackageBytes } from '../../../test/support/packages.ts';
import { DD_CONTENT_TYPE } from '../download/index.ts';
import type { DeviceOptions, TestDevice } from './testing/device.ts';
import {
  device,
  downloadInstall,
  DP,
  executorFixture,
  publish,
  resultsFor,
} from './testing/executor-fixture.ts';

const f = executorFixture();

describe('SCOMO executor: every failure result from a real fault (reference §1.9)', () => {
  const expectDownloadFailure = async (
    t: Parameters<typeof device>[1],
    url: string,
    code: number,
    options: DeviceOptions = {},
  ): Promise<TestDevice> => {
    const d = await device(f, t, options);
    const { correlator, node } = await downloadInstall(f, d, url);
    assert.deepEqual(
      resultsFor(d, correlator).map((r) => r.code),
      [code],
    );
    assert.deepEqual(await d.installer.list(), []);
    assert.equal(await d.executor.packages.has(node), false);
    return d;
  };

  test('1402: the package URL answers 404', async (t) => {
    await expectDownloadFailure(t, f.server.url(`/missing/${f.next()}.tar.gz`), 1402);
  });

  test('1403: the repository refuses the credentials', async (t) => {
    const path = `/private/${f.next()}.tar.gz`;
    f.server.serve(path, { body: randomBytes(100), basicAuth: 'dev:right' });
    await expectDownloadFailure(t, f.server.url(path).replace('http://', 'http://dev:wrong@'), 1403);
  });

  test('1404: the disk is full (small quota) during the download', async (t) => {
    const { url } = await publish(f, { files: [{ path: 'noise.bin', content: randomBytes(200_000) }] });
    await expectDownloadFailure(t, url, 1404, { storage: { quotaBytes: 100_000 } });
  });

  test('1406: the disk is full (small quota) while unpacking', async (t) => {
    // 2 MB of zeros compress to a few kB: the download fits, the extracted files do not.
    const { url } = await publish(f, { files: [{ path: 'zeros.bin', content: new Uint8Array(2_000_000) }] });
    const d = await device(f, t, { storage: { quotaBytes: 500_000 } });
    const { correlator } = await downloadInstall(f, d, url);
    assert.deepEqual(
      resultsFor(d, correlator).map((r) => r.code),
      [1406],
    );
    assert.deepEqual(await d.installer.list(), []);
  });

  test('1407: a corrupted package (digest pinned in the URL)', async (t) => {
    const { url, built } = await publish(f);
    const wrong = built.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await expectDownloadFailure(t, `${url}#sha256=${wrong}`, 1407);
  });

  test('1407: a damaged archive', async (t) => {
    const path = `/dl/garbage-${f.next()}.tar.gz`;
    f.server.serve(path, { body: Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(5000)]) });
    await expectDownloadFailure(t, f.server.url(path), 1407);
  });

  test('1407: a bad signature', async (t) => {
    const trusted = generateSigningKey();
    const stranger = generateSigningKey();
    const { url } = await publish(f, { signWith: stranger.privateKey });
    await expectDownloadFailure(t, url, 1407, { trustedKeys: [trusted.publicRaw] });
  });

  test('1407: an unsigned package when signatures are required', async (t) => {
    const trusted = generateSigningKey();
    const { url } = await publish(f);
    await expectDownloadFailure(t, url, 1407, {
      trustedKeys: [trusted.publicPem],
      signaturePolicy: 'required',
    });
  });

  test('1407: a signature that is not a signature', async (t) => {
    const trusted = generateSigningKey();
    const { url } = await publish(f, {}, { signature: Buffer.from('not a signature') });
    await expectDownloadFailure(t, url, 1407, { trustedKeys: [trusted.publicPem] });
  });

  test('1407: an archive whose paths escape the install directory', async (t) => {
    const { url } = await publish(f, { files: [{ path: '../../../../tmp/escape.txt', content: 'x' }] });
    await expectDownloadFailure(t, url, 1407);
  });

  test('1407: a zip bomb', async (t) => {
    const { url } = await publish(f, {
      format: 'zip',
      files: [{ path: 'bomb.bin', content: new Uint8Array(1024 * 1024), declaredSize: 1000 }],
    });
    const d = await device(f, t);
    const { correlator } = await downloadInstall(f, d, url);
    assert.deepEqual(
      resultsFor(d, correlator).map((r) => r.code),
      [1407],
    );
  });

  test('1413: a package for an environment the device does not run', async (t) => {
    const { url } = await publish(f, { envType: 'windows-x64' });
    await expectDownloadFailure(t, url, 1413, { envTypes: ['linux-x64'] });
  });

  test('1500: the repository keeps failing', async (t) => {
    const path = `/broken/${f.next()}.tar.gz`;
    f.server.serve(path, { body: randomBytes(10), status: 500 });
    await expectDownloadFailure(t, f.server.url(path), 1500);
  });

  test('1501: the repository cannot be reached', async (t) => {
    await expectDownloadFailure(t, 'http://127.0.0.1:9/pkg.tar.gz', 1501);
  });

  test('1405: a failing install hook; the previous version stays', async (t) => {
    const d = await device(f, t);
    await downloadInstall(f, d, (await publish(f, { components: [{ id: 'app', version: '1.0.0' }] })).url);
    const { url } = await publish(f, {
      components: [{ id: 'app', version: '2.0.0' }],
      hooks: { install: 'echo broken >&2; exit 7' },
    });
    const { correlator } = await downloadInstall(f, d, url);
    assert.deepEqual(
      resultsFor(d, correlator).map((r) => r.code),
      [1405],
    );
    assert.equal(d.leaf(`${DP}/app/Version`), '1.0.0');
    assert.deepEqual(
      (await d.installer.list()).map((c) => [c.version, c.state]),
      [['1.0.0', 'active']],
    );
  });

  test('1405: a dependency that is not deployed', async (t) => {
    const d = await device(f, t);
    const { url } = await publish(f, {
      components: [{ id: 'app', version: '1.0.0', dependsOn: [{ id: 'runtime', version: '^2' }] }],
    });
    const { correlator } = await downloadInstall(f, d, url);
    assert.deepEqual(
      resultsFor(d, correlator).map((r) => r.code),
      [1405],
    );
  });

  test('1409, 1410, 1408: failing activate, deactivate and remove hooks', async (t) => {
    const d = await device(f, t);
    const failing = { activate: 'exit 1', deactivate: 'exit 0', remove: 'exit 3' };
    await downloadInstall(
      f,
      d,
      (await publish(f, { components: [{ id: 'a', version: '1' }], hooks: failing })).url,
      'DownloadInstallInactive',
    );
    await d.run(`${DP}/a/Operations/Activate`, 'c-a');
    assert.equal(resultsFor(d, 'c-a')[0]?.code, 1409);
    assert.equal(d.leaf(`${DP}/a/State`), '10');
    await d.run(`${DP}/a/Operations/Remove`, 'c-r');
    assert.equal(resultsFor(d, 'c-r')[0]?.code, 1408);
    assert.equal((await d.installer.get('a'))?.state, 'inactive');
    await downloadInstall(
      f,
      d,
      (await publish(f, { components: [{ id: 'b', version: '1' }], hooks: { deactivate: 'exit 2' } })).url,
    );
    await d.run(`${DP}/b/Operations/Deactivate`, 'c-d');
    assert.equal(resultsFor(d, 'c-d')[0]?.code, 1410);
    assert.equal(d.leaf(`${DP}/b/State`), '20');
  });

  test('wrong state: Activate on an active component is 1409 without running anything', async (t) => {
    const d = await device(f, t);
    await downloadInstall(
      f,
      d,
      (
        await publish(f, {
          components: [{ id: 'on', version: '1' }],
          hooks: { activate: 'echo ran >> "$SCOMO_STATE_DIR/activations"' },
        })
      ).url,
    );
    await d.run(`${DP}/on/Operations/Activate`, 'c-again');
    assert.equal(resultsFor(d, 'c-again')[0]?.code, 1409);
    assert.equal(
      (await readFile(join(d.stateDir, 'installer/activations'), 'utf8')).trim().split('\n').length,
      1,
    );
  });

  test('a DD whose object fails validation reports 953 to installNotifyURI', async (t) => {
    const d = await device(f, t);
    const id = f.next();
    const bad = `/dl/bad-${id}.bin`;
    f.server.serve(bad, { body: Buffer.from('definitely not an archive'), contentType: 'application/gzip' });
    const ddPath = `/dd/${id}.dd`;
    const notify = `/notify/${id}`;
    f.server.serve(ddPath, {
      contentType: DD_CONTENT_TYPE,
      body: Buffer.from(
        `<media><type>application/gzip</type><size>25</size><objectURI>${bad}</objectURI><installNotifyURI>${notify}</installNotifyURI></media>`,
      ),
    });
    const { correlator } = await downloadInstall(f, d, f.server.url(ddPath));
    assert.equal(resultsFor(d, correlator)[0]?.code, 1407);
    assert.deepEqual(
      f.server.requestsFor(notify).map((r) => r.body),
      ['953 Non-Acceptable Content'],
    );
  });

  test('a signature served separately is used; a package signed over its raw bytes verifies too', async (t) => {
    const key = generateSigningKey();
    const d = await device(f, t, { trustedKeys: [key.publicPem], signaturePolicy: 'required' });
    const name = `raw-${f.next()}.tar.gz`;
    const built = await buildPackage(f.dir, name, { components: [{ id: 'raw', version: '1' }] });
    f.server.serve(`/dl/${name}`, { body: built.bytes });
    f.server.serve(`/dl/${name}.sig`, {
      body: Buffer.from(Buffer.from(signPackageBytes(built.bytes, key.privateKey, 'raw')).toString('base64')),
    });
    const { correlator } = await downloadInstall(f, d, f.server.url(`/dl/${name}`));
    assert.equal(resultsFor(d, correlator)[0]?.code, 1200);
  });
});
