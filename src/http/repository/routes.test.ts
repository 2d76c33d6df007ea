import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fastify } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { archive } from '../../../test/support/packages.ts';
import {
  createDmServer,
  createScomoService,
  DownloadTokens,
  resolveScomoOptions,
  resolveServerOptions,
  signatureStatement,
} from '../../server/index.ts';
import type { ScomoService, Store } from '../../server/index.ts';
import { MemoryBlobStore, MemoryStore } from '../../server/testing/index.ts';
import { DD_CONTENT_TYPE } from './descriptor.ts';
import { registerRepository } from './routes.ts';

const DEV = 'IMEI:1';
const SECRET = new Uint8Array(32).fill(7);
const T0 = 1_700_000_000_000;

let now = T0;
let app: FastifyInstance;
let scomo: ScomoService;
let store: Store;
let bytes: Uint8Array;
let sha: string;
let token: string;
let jobId: string;
let publicKey: KeyObject;

function payload(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 7;
  for (let i = 0; i < size; i += 1) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

before(async () => {
  store = new MemoryStore();
  const clock = { now: () => now };
  let seed = 1;
  const random = (n: number) => new Uint8Array(n).map(() => (seed = (seed * 31 + 7) % 251));
  const server = createDmServer(
    { store, clock, random },
    resolveServerOptions({ publicUrl: 'http://127.0.0.1/dm' }),
  );
  scomo = createScomoService(
    { server, store, blobs: new MemoryBlobStore(clock), clock, random },
    resolveScomoOptions({ repositoryUrl: 'http://repo.test/base', repositorySecret: SECRET }),
  );
  await server.devices.provision({ devId: DEV }, now);
  await store.putScomoRoot({ devId: DEV, root: './SCOMO', moVersion: '1.0', discoveredAt: now });
  bytes = archive('tar.gz', [
    {
      path: 'scomo.json',
      content: JSON.stringify({
        packageId: 'app',
        version: '1.0',
        components: [{ id: 'app', name: 'App', version: '1.0', description: 'An <app> & more' }],
      }),
    },
    { path: 'payload.bin', content: payload(50_000) },
  ]);
  sha = createHash('sha256').update(bytes).digest('hex');
  const keys = generateKeyPairSync('ed25519');
  const privateKey = keys.privateKey;
  publicKey = keys.publicKey;
  await scomo.packages.add(bytes, { fileName: 'app "1".tgz', signingKey: privateKey });
  const job = await scomo.deploy(DEV, { package: 'app' });
  jobId = job.id;
  const add = (await store.listCommands({ devId: DEV })).find((c) =>
    JSON.stringify(c.payload).includes('/PkgURL'),
  );
  const url = JSON.stringify(add?.payload).match(
    /http:\/\/repo\.test\/base\/dl\/([A-Za-z0-9_.-]+)#sha256=([0-9a-f]{64})/,
  );
  assert.ok(
    url?.[1] !== undefined && url[2] === sha,
    'the Add carries a tokenised PkgURL pinned to the sha256',
  );
  token = url[1];
  app = fastify();
  registerRepository(app, { scomo, prefix: '/base' });
  await app.ready();
});

after(async () => {
  await app?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });
const pkg = () => `/base/dl/${token}`;

describe('GET /dl/<token>', () => {
  test('200 with the whole package, its type, length, strong ETag and Last-Modified', async () => {
    const response = await get(pkg());
    assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    assert.ok(response.rawPayload.equals(Buffer.from(bytes)));
    assert.equal(response.headers['content-type'], 'application/gzip');
    assert.equal(response.headers['content-length'], String(bytes.length));
    assert.equal(response.headers['etag'], `"${sha}"`);
    assert.equal(response.headers['last-modified'], new Date(T0).toUTCString());
    assert.equal(response.headers['accept-ranges'], 'bytes');
    assert.equal(response.headers['cache-control'], 'private, no-transform');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="app _1_.tgz"');
  });

  test('HEAD: the same headers, no body', async () => {
    const response = await app.inject({ method: 'HEAD', url: pkg() });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-length'], String(bytes.length));
    assert.equal(response.headers['etag'], `"${sha}"`);
    assert.equal(response.rawPayload.length, 0);
  });

  const ranges: [string, number, number][] = [
    ['bytes=0-99', 0, 99],
    ['bytes=1000-', 1000, -1],
    ['bytes=-500', -500, -1],
    ['bytes=100-999999999', 100, -1],
  ];
  for (const [range, first, last] of ranges) {
    test(`Range ${range} → 206 with Content-Range`, async () => {
      const start = first < 0 ? bytes.length + first : first;
      const end = last < 0 ? bytes.length - 1 : last;
      const response = await get(pkg(), { range });
      assert.equal(response.statusCode, 206);
      assert.equal(response.headers['content-range'], `bytes ${start}-${end}/${bytes.length}`);
      assert.equal(response.headers['content-length'], String(end - start + 1));
      assert.ok(response.rawPayload.equals(Buffer.from(bytes.subarray(start, end + 1))));
    });
  }

  test('a range past the end → 416 with the size; an empty suffix too', async () => {
    for (const range of [`bytes=${bytes.length}-`, 'bytes=-0']) {
      const response = await get(pkg(), { range });
      assert.equal(response.statusCode, 416, range);
      assert.equal(response.headers['content-range'], `bytes */${bytes.length}`);
      assert.equal(response.json().code, 'SCOMO_REPOSITORY_RANGE');
    }
  });

  test('several ranges, another unit or a malformed range: the whole package (200)', async () => {
    for (const range of ['bytes=0-1,5-9', 'items=0-1', 'bytes=9-2', 'bytes=abc']) {
      const response = await get(pkg(), { range });
      assert.equal(response.statusCode, 200, range);
      assert.equal(response.rawPayload.length, bytes.length);
    }
  });

  test('If-Range: a matching ETag keeps the range, a stale one sends everything', async () => {
    assert.equal((await get(pkg(), { range: 'bytes=0-9', 'if-range': `"${sha}"` })).statusCode, 206);
    assert.equal(
      (await get(pkg(), { range: 'bytes=0-9', 'if-range': `"${'0'.repeat(64)}"` })).statusCode,
      200,
    );
    assert.equal(
      (await get(pkg(), { range: 'bytes=0-9', 'if-range': `W/"${sha}"` })).statusCode,
      200,
      'weak never matches',
    );
    assert.equal(
      (await get(pkg(), { range: 'bytes=0-9', 'if-range': new Date(T0).toUTCString() })).statusCode,
      206,
    );
    assert.equal(
      (await get(pkg(), { range: 'bytes=0-9', 'if-range': new Date(T0 - 5000).toUTCString() })).statusCode,
      200,
    );
  });

  test('If-None-Match / If-Modified-Since → 304 without a body', async () => {
    for (const headers of [
      { 'if-none-match': `"${sha}"` },
      { 'if-none-match': `"x", W/"${sha}"` },
      { 'if-none-match': '*' },
      { 'if-modified-since': new Date(T0 + 1000).toUTCString() },
    ]) {
      const response = await get(pkg(), headers);
      assert.equal(response.statusCode, 304, JSON.stringify(headers));
      assert.equal(response.rawPayload.length, 0);
      assert.equal(response.headers['etag'], `"${sha}"`);
    }
    assert.equal((await get(pkg(), { 'if-none-match': '"other"' })).statusCode, 200);
    assert.equal(
      (await get(pkg(), { 'if-modified-since': new Date(T0 - 60_000).toUTCString() })).statusCode,
      200,
    );
    assert.equal(
      (
        await get(pkg(), {
          'if-none-match': '"other"',
          'if-modified-since': new Date(T0 + 1000).toUTCString(),
        })
      ).statusCode,
      200,
      'If-None-Match decides when both are present',
    );
  });

  test('the detached signature at <token>.sig verifies over the digest statement', async () => {
    const response = await get(`${pkg()}.sig`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.rawPayload.length, 64);
    const record = await store.getPackage(sha);
    assert.ok(verify(null, signatureStatement(sha), publicKey, response.rawPayload));
    assert.notEqual(record?.signedBy, null);
    assert.equal((await app.inject({ method: 'HEAD', url: `${pkg()}.sig` })).rawPayload.length, 0);
  });

  test('forged, malformed and expired tokens → 403; a removed package → 404', async () => {
    const [payloadPart] = token.split('.');
    const forged = `${payloadPart}.${'A'.repeat(43)}`;
    for (const bad of [forged, 'nonsense', `${token}x`]) {
      const response = await get(`/base/dl/${bad}`);
      assert.equal(response.statusCode, 403, bad);
      assert.equal(response.json().code, 'SCOMO_REPOSITORY_FORBIDDEN');
    }
    const other = new DownloadTokens(new Uint8Array(32).fill(9)).sign({
      jobId,
      step: 1,
      expiresAt: T0 + 1e9,
    });
    assert.equal((await get(`/base/dl/${other}`)).statusCode, 403, 'signed with another secret');
    const stale = new DownloadTokens(SECRET).sign({ jobId, step: 1, expiresAt: now - 1000 });
    const expired = await get(`/base/dl/${stale}`);
    assert.equal(expired.statusCode, 403);
    assert.match(expired.json().message, /expired/);
    const gone = new DownloadTokens(SECRET).sign({ jobId: 'no-such-job', step: 1, expiresAt: now + 1e6 });
    assert.equal((await get(`/base/dl/${gone}`)).statusCode, 404);
    assert.equal((await get('/base/dl/a/b/c')).statusCode, 404);
  });

  test('other methods are 405 with Allow', async () => {
    const put = await app.inject({ method: 'PUT', url: pkg() });
    assert.equal(put.statusCode, 405);
    assert.equal(put.headers['allow'], 'GET, HEAD');
    const post = await app.inject({ method: 'POST', url: pkg(), payload: 'x' });
    assert.equal(post.statusCode, 405);
    const getNotify = await get(`${pkg()}/notify`);
    assert.equal(getNotify.statusCode, 405);
    assert.equal(getNotify.headers['allow'], 'POST');
  });

  test('the URL is short enough for a tree leaf', () => {
    assert.ok(token.length < 100, `${token.length} characters`);
  });
});

describe('download descriptors', () => {
  test('GET /dl/<token>/dd: an OMA DL 1.0 descriptor naming the object and the notify URI', async () => {
    const response = await get(`${pkg()}/dd`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], DD_CONTENT_TYPE);
    const text = response.body;
    assert.match(text, /<media xmlns="http:\/\/www\.openmobilealliance\.org\/xmlns\/dd">/);
    assert.ok(text.includes(`<objectURI>http://repo.test/base/dl/${token}#sha256=${sha}</objectURI>`), text);
    assert.ok(text.includes(`<installNotifyURI>http://repo.test/base/dl/${token}/notify</installNotifyURI>`));
    assert.ok(text.includes(`<size>${bytes.length}</size>`));
    assert.ok(text.includes('<type>application/gzip</type>'));
    assert.ok(text.includes('<description>An &lt;app&gt; &amp; more</description>'));
    assert.equal((await app.inject({ method: 'HEAD', url: `${pkg()}/dd` })).rawPayload.length, 0);
  });

  test('POST …/notify records the install status on the job step; a bad body is 400', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: `${pkg()}/notify`,
      payload: '900 Success',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(ok.statusCode, 200);
    const job = await scomo.getJob(jobId);
    const step = job?.body.steps.find((s) => s.kind === 'exec');
    assert.deepEqual(step?.download, { status: 900, message: 'Success', at: now });
    const bad = await app.inject({
      method: 'POST',
      url: `${pkg()}/notify`,
      payload: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'SCOMO_REPOSITORY_BAD_NOTICE');
  });

  test('a notification may come after the URL expired, but never with a forged token', async () => {
    now += 8 * 24 * 3600 * 1000;
    try {
      assert.equal((await get(pkg())).statusCode, 403, 'the download itself has expired');
      const late = await app.inject({
        method: 'POST',
        url: `${pkg()}/notify`,
        payload: '953 Non-Acceptable Content',
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(late.statusCode, 200);
      const step = (await scomo.getJob(jobId))?.body.steps.find((s) => s.kind === 'exec');
      assert.equal(step?.download?.status, 953);
      const forged = await app.inject({
        method: 'POST',
        url: `/base/dl/${token.slice(0, -2)}xx/notify`,
        payload: '900 Success',
      });
      assert.equal(forged.statusCode, 403);
    } finally {
      now -= 8 * 24 * 3600 * 1000;
    }
  });
});
