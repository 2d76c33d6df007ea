import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { createSpaceGuard } from '../packages/index.ts';
import { createDownloadClient } from './client.ts';
import type { DownloadClientOptions } from './types.ts';
import { DD_CONTENT_TYPE } from './descriptor.ts';
import type { DownloadDescriptor } from './descriptor.ts';
import { DOWNLOAD_RESULT_CODES } from './errors.ts';
import { partFile, partStateFile } from './part-state.ts';
import { startPackageServer } from './testing/package-server.ts';
import type { PackageServer } from './testing/package-server.ts';

let server: PackageServer;
let dir: string;
let n = 0;

before(async () => {
  server = await startPackageServer();
  dir = await mkdtemp(join(tmpdir(), 'scomo-download-'));
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const fast: DownloadClientOptions = {
  retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  responseTimeoutMs: 2000,
};
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const dest = (): string => join(dir, `pkg-${++n}.bin`);
const path = (): string => `/p/${++n}`;

function failsWith(code: string, resultCode?: number) {
  return (err: unknown): boolean => {
    assert.ok(isScomoError(err, code), `expected ${code}, got ${String(err)}`);
    if (resultCode !== undefined)
      assert.equal(DOWNLOAD_RESULT_CODES[code as keyof typeof DOWNLOAD_RESULT_CODES], resultCode);
    return true;
  };
}

describe('download client', () => {
  test('streams the object to dest with its sha256 and reports progress', async (t) => {
    const body = randomBytes(4_000_000);
    const p = path();
    server.serve(p, { body });
    const client = createDownloadClient({ ...fast, progressIntervalBytes: 256 * 1024 });
    t.after(() => client.close());
    const progress: [number, number | undefined][] = [];
    const target = dest();
    const result = await client.download({
      url: server.url(p),
      dest: target,
      expectedSha256: sha(body),
      onProgress: (b, total) => progress.push([b, total]),
    });
    assert.equal(result.sha256, sha(body));
    assert.equal(result.bytes, body.length);
    assert.equal(result.resumed, false);
    assert.deepEqual(await readFile(target), body);
    await assert.rejects(stat(partFile(target)));
    await assert.rejects(stat(partStateFile(target)));
    assert.ok(progress.length >= 3, `progress reported ${progress.length} times`);
    assert.deepEqual(progress.at(-1), [body.length, body.length]);
    assert.ok(
      progress.every(([b], i) => i === 0 || b >= (progress[i - 1]?.[0] ?? 0)),
      'progress never goes back',
    );
    assert.ok(progress.every(([, total]) => total === body.length));
  });

  test('404 fails at once with 1402', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    await assert.rejects(
      client.download({ url: server.url(p), dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_HTTP_STATUS', 1402),
    );
    assert.equal(server.requestsFor(p).length, 1);
  });

  test('refused credentials fail with 1403; credentials in the URL are sent as Basic', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    server.serve(p, { body: Buffer.from('secret package'), basicAuth: 'dev:s3cret' });
    await assert.rejects(
      client.download({ url: server.url(p), dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_AUTH', 1403),
    );
    const wrong = server.url(p).replace('http://', 'http://dev:nope@');
    await assert.rejects(client.download({ url: wrong, dest: dest() }), failsWith('SCOMO_DOWNLOAD_AUTH'));
    const right = server.url(p).replace('http://', 'http://dev:s3cret@');
    const result = await client.download({ url: right, dest: dest() });
    assert.equal((await readFile(result.path)).toString(), 'secret package');
  });

  test('a lasting 5xx fails with 1500 after the bounded retries', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    server.serve(p, { body: Buffer.from('x'), status: 503 });
    await assert.rejects(
      client.download({ url: server.url(p), dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_SERVER_ERROR', 1500),
    );
    assert.equal(server.requestsFor(p).length, 3);
  });

  test('a passing 5xx is retried with backoff', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    const body = randomBytes(1000);
    server.serve(p, { body, failTimes: 2 });
    const result = await client.download({ url: server.url(p), dest: dest() });
    assert.equal(result.sha256, sha(body));
    assert.equal(server.requestsFor(p).length, 3);
  });

  test('a refused connection fails with 1501', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const port = await freePort();
    await assert.rejects(
      client.download({ url: `http://127.0.0.1:${port}/pkg`, dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_UNREACHABLE', 1501),
    );
  });

  test('a server that never answers fails with 1501 within the bounded time', async (t) => {
    const client = createDownloadClient({
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 5 },
      responseTimeoutMs: 150,
    });
    t.after(() => client.close());
    const p = path();
    server.serve(p, { body: Buffer.from('x'), hang: true });
    await assert.rejects(
      client.download({ url: server.url(p), dest: dest() }),
      (err: unknown) =>
        failsWith('SCOMO_DOWNLOAD_UNREACHABLE')(err) &&
        /Headers?Timeout|timeout/i.test((err as Error).message),
    );
    assert.equal(server.requestsFor(p).length, 2);
  });

  test('a connection cut mid-body is resumed with Range and If-Range', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    const body = randomBytes(200_000);
    server.serve(p, { body, cutAfter: 70_000, cutTimes: 2 });
    const result = await client.download({ url: server.url(p), dest: dest(), expectedSha256: sha(body) });
    assert.equal(result.resumed, true);
    assert.deepEqual(await readFile(result.path), body);
    const seen = server.requestsFor(p);
    assert.equal(seen.length, 3);
    assert.equal(seen[0]?.headers.range, undefined);
    assert.match(String(seen[1]?.headers.range), /^bytes=\d+-$/);
    assert.equal(seen[1]?.headers['if-range'], `"len-${body.length}"`);
    assert.ok(
      Number(/\d+/.exec(String(seen[2]?.headers.range))?.[0]) >
        Number(/\d+/.exec(String(seen[1]?.headers.range))?.[0]),
    );
  });

  test('an object that changed between attempts is fetched again whole (If-Range fails)', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    const first = randomBytes(100_000);
    const second = randomBytes(120_000);
    server.serve(p, {
      body: (i) => (i === 1 ? first : second),
      etag: (i) => (i === 1 ? '"v1"' : '"v2"'),
      cutAfter: 40_000,
    });
    const result = await client.download({ url: server.url(p), dest: dest() });
    assert.equal(result.sha256, sha(second));
    assert.deepEqual(await readFile(result.path), second);
    assert.equal(server.requestsFor(p)[1]?.headers['if-range'], '"v1"');
  });

  test('without a validator a cut transfer restarts from zero', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    const body = randomBytes(100_000);
    server.serve(p, { body, etag: null, cutAfter: 30_000 });
    const result = await client.download({ url: server.url(p), dest: dest() });
    assert.equal(result.sha256, sha(body));
    assert.equal(server.requestsFor(p)[1]?.headers.range, undefined);
  });

  test('a download interrupted in one process resumes in the next from the durable bytes', async (t) => {
    const p = path();
    const body = randomBytes(400_000);
    // The server sends 250 kB and then nothing: the client's body timeout ends the attempt.
    server.serve(p, { body, stallAfter: 250_000 });
    const target = dest();
    const first = createDownloadClient({
      ...fast,
      responseTimeoutMs: 300,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      checkpointBytes: 64 * 1024,
    });
    await assert.rejects(
      first.download({ url: server.url(p), dest: target }),
      failsWith('SCOMO_DOWNLOAD_UNREACHABLE'),
    );
    await first.close();
    const state = JSON.parse(await readFile(partStateFile(target), 'utf8')) as { syncedBytes: number };
    assert.ok(state.syncedBytes >= 64 * 1024 && state.syncedBytes <= 250_000, `synced ${state.syncedBytes}`);
    const second = createDownloadClient(fast);
    t.after(() => second.close());
    const result = await second.download({ url: server.url(p), dest: target, expectedSha256: sha(body) });
    assert.equal(result.resumed, true);
    assert.equal(server.requestsFor(p)[1]?.headers.range, `bytes=${state.syncedBytes}-`);
    assert.deepEqual(await readFile(target), body);
  });

  test('a digest mismatch fails validation and discards the partial file', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    server.serve(p, { body: Buffer.from('tampered') });
    const target = dest();
    await assert.rejects(
      client.download({ url: server.url(p), dest: target, expectedSha256: sha(Buffer.from('original')) }),
      failsWith('SCOMO_PACKAGE_DIGEST'),
    );
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.startsWith(target.split('/').at(-1) ?? '')),
      [],
    );
  });

  test('a full disk (small quota) fails with SCOMO_STORAGE_FULL before and during the transfer', async (t) => {
    const quotaDir = await mkdtemp(join(dir, 'quota-'));
    const space = createSpaceGuard(quotaDir, { quotaBytes: 50_000 });
    const client = createDownloadClient({ ...fast, space });
    t.after(() => client.close());
    const known = path();
    server.serve(known, { body: randomBytes(80_000) });
    await assert.rejects(
      client.download({ url: server.url(known), dest: join(quotaDir, 'a.bin') }),
      failsWith('SCOMO_STORAGE_FULL'),
    );
    const chunked = path();
    server.serve(chunked, { body: randomBytes(80_000), chunked: true });
    await assert.rejects(
      client.download({ url: server.url(chunked), dest: join(quotaDir, 'b.bin') }),
      failsWith('SCOMO_STORAGE_FULL'),
    );
  });

  test('objects larger than maxBytes are refused with 1404', async (t) => {
    const client = createDownloadClient({ ...fast, maxBytes: 1000 });
    t.after(() => client.close());
    const p = path();
    server.serve(p, { body: randomBytes(5000) });
    await assert.rejects(
      client.download({ url: server.url(p), dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_TOO_LARGE', 1404),
    );
  });

  test('an aborted download stops without a result and keeps its bytes for later', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const p = path();
    server.serve(p, { body: randomBytes(10), hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      client.download({ url: server.url(p), dest: dest(), signal: controller.signal }),
      failsWith('SCOMO_DOWNLOAD_ABORTED'),
    );
  });

  test('PkgURL must be http or https', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    await assert.rejects(
      client.download({ url: 'ftp://example.com/p', dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_BAD_URL', 1402),
    );
    await assert.rejects(
      client.download({ url: 'not a url', dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_BAD_URL'),
    );
  });
});

describe('download descriptors', () => {
  const dd = (objectURI: string, size: number, notify: string, extra = ''): Buffer =>
    Buffer.from(`<?xml version="1.0"?>
<media xmlns="http://www.openmobilealliance.org/xmlns/dd">
  <type>application/zip</type>
  <size>${size}</size>
  <objectURI>${objectURI}</objectURI>
  <installNotifyURI>${notify}</installNotifyURI>
  <name>Example</name>
  <vendorExtension>ignored</vendorExtension>${extra}
</media>`);

  test('PkgURL pointing at a descriptor: the object at objectURI is downloaded', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const body = randomBytes(5000);
    const objectPath = path();
    server.serve(objectPath, { body, contentType: 'application/zip' });
    const ddPath = path();
    server.serve(ddPath, {
      body: dd(objectPath, body.length, '/notify/good'),
      contentType: `${DD_CONTENT_TYPE}; charset=utf-8`,
    });
    const seen: DownloadDescriptor[] = [];
    const result = await client.download({
      url: server.url(ddPath),
      dest: dest(),
      onDescriptor: (d) => seen.push(d),
    });
    assert.equal(result.sha256, sha(body));
    assert.equal(result.objectUrl, server.url(objectPath));
    assert.equal(seen[0]?.installNotifyURI, server.url('/notify/good'));
    assert.equal(result.descriptor?.name, 'Example');
  });

  test('an object whose size differs from the descriptor is refused (905)', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const objectPath = path();
    server.serve(objectPath, { body: randomBytes(100) });
    const ddPath = path();
    server.serve(ddPath, { body: dd(objectPath, 999, '/notify/size'), contentType: DD_CONTENT_TYPE });
    await assert.rejects(
      client.download({ url: server.url(ddPath), dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_MISMATCH', 1402),
    );
  });

  test('an invalid descriptor is reported to its installNotifyURI with 906', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const ddPath = path();
    const notify = `/notify/bad-${n}`;
    server.serve(ddPath, {
      body: Buffer.from(
        `<media><type>application/zip</type><installNotifyURI>${notify}</installNotifyURI></media>`,
      ),
      contentType: DD_CONTENT_TYPE,
    });
    await assert.rejects(
      client.download({ url: server.url(ddPath), dest: dest() }),
      failsWith('SCOMO_DOWNLOAD_DESCRIPTOR'),
    );
    assert.deepEqual(
      server.requestsFor(notify).map((r) => [r.method, r.body]),
      [['POST', '906 Invalid descriptor']],
    );
  });

  test('notifyInstallStatus posts the DL status line', async (t) => {
    const client = createDownloadClient(fast);
    t.after(() => client.close());
    const notify = `/notify/ok-${++n}`;
    assert.equal(await client.notifyInstallStatus(server.url(notify), 900), true);
    const [posted] = server.requestsFor(notify);
    assert.equal(posted?.body, '900 Success');
    assert.match(String(posted?.headers['content-type']), /^text\/plain/);
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
