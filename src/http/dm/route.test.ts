import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isScomoError, ScomoError } from '../../errors/index.ts';
import { createDmServer, resolveServerOptions } from '../../server/index.ts';
import type { DmRequest, DmServer } from '../../server/index.ts';
import { MemoryStore } from '../../server/testing/index.ts';
import { CONTENT_TYPES, decodeMessage, encodeMessage } from '../../syncml/index.ts';
import type { SyncMLMessage } from '../../syncml/index.ts';
import { buildHttpServer } from '../server.ts';

function core(): DmServer {
  return createDmServer(
    {
      store: new MemoryStore(),
      clock: { now: () => 1_700_000_000_000 },
      random: (n) => new Uint8Array(randomBytes(n)),
    },
    resolveServerOptions({ publicUrl: 'https://dm.example.com/dm', registration: { mode: 'open' } }),
  );
}

/** A core whose handleMessage is replaced (records requests, answers or throws as told). */
function stub(handle: (request: DmRequest) => ReturnType<DmServer['handleMessage']>): DmServer {
  return { ...core(), handleMessage: handle };
}

const PACKAGE1: SyncMLMessage = {
  header: {
    verDTD: '1.2',
    verProto: 'DM/1.2',
    sessionID: '1',
    msgID: '1',
    target: { locURI: 'https://dm.example.com/dm' },
    source: { locURI: 'IMEI:1' },
  },
  body: [{ kind: 'Alert', cmdID: '1', data: '1201', items: [] }],
  final: true,
};

describe('POST /dm', () => {
  test('each SyncML DM content type is read and answered in the same encoding', async () => {
    const app = buildHttpServer({ server: core() });
    const cases = [
      [CONTENT_TYPES.DM_XML, 'xml', CONTENT_TYPES.DM_XML],
      [`${CONTENT_TYPES.DM_XML}; charset=UTF-8`, 'xml', CONTENT_TYPES.DM_XML],
      [CONTENT_TYPES.DM_WBXML, 'wbxml', CONTENT_TYPES.DM_WBXML],
      [CONTENT_TYPES.LEGACY_XML, 'xml', CONTENT_TYPES.DM_XML],
      [CONTENT_TYPES.LEGACY_WBXML, 'wbxml', CONTENT_TYPES.DM_WBXML],
    ] as const;
    for (const [type, encoding, answered] of cases) {
      const response = await app.inject({
        method: 'POST',
        url: '/dm',
        headers: { 'content-type': type },
        payload: Buffer.from(encodeMessage(PACKAGE1, encoding)),
      });
      assert.equal(response.statusCode, 200, type);
      assert.equal(response.headers['content-type'], answered, type);
      const reply = decodeMessage(new Uint8Array(response.rawPayload), answered).message;
      assert.match(reply.header.respURI ?? '', /^https:\/\/dm\.example\.com\/dm\?s=[0-9a-f]{32}$/);
    }
    await app.close();
  });

  test('the RespURI token and x-syncml-hmac go to the core; its headers come back', async () => {
    const seen: DmRequest[] = [];
    const app = buildHttpServer({
      server: stub(async (request) => {
        seen.push(request);
        return {
          body: new Uint8Array([1, 2, 3]),
          contentType: CONTENT_TYPES.DM_WBXML,
          headers: { 'x-syncml-hmac': 'algorithm=MD5, username="scomo", mac=abc' },
          sessionToken: 'a'.repeat(32),
          ended: false,
        };
      }),
    });
    const token = '0123456789abcdef0123456789abcdef';
    const response = await app.inject({
      method: 'POST',
      url: `/dm?s=${token}`,
      headers: {
        'content-type': CONTENT_TYPES.DM_WBXML,
        'x-syncml-hmac': 'algorithm=MD5, username="dev", mac=xyz',
      },
      payload: Buffer.from([9, 8, 7]),
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-syncml-hmac'], 'algorithm=MD5, username="scomo", mac=abc');
    assert.deepEqual([...response.rawPayload], [1, 2, 3]);
    assert.equal(seen[0]?.sessionToken, token);
    assert.deepEqual([...(seen[0]?.body ?? [])], [9, 8, 7]);
    assert.equal(seen[0]?.headers?.['x-syncml-hmac'], 'algorithm=MD5, username="dev", mac=xyz');
    // A malformed token is no token.
    await app.inject({
      method: 'POST',
      url: '/dm?s=../../etc',
      headers: { 'content-type': CONTENT_TYPES.DM_XML },
      payload: 'x',
    });
    assert.equal(seen[1]?.sessionToken, null);
    await app.close();
  });

  test('failures map to HTTP: 400 not SyncML, 503 retry for conflicts and store outages, 500 for bugs', async () => {
    const errors: [unknown, number][] = [
      [new ScomoError('SCOMO_SERVER_NOT_SYNCML', 'The request body is not a SyncML DM message: x.'), 400],
      [new ScomoError('SCOMO_SERVER_UNSUPPORTED_MEDIA_TYPE', 'content type "a/b" is not …'), 415],
      [new ScomoError('SCOMO_SERVER_SESSION_CONFLICT', 'Session changed on another node.'), 503],
      [new ScomoError('SCOMO_STORE_BUSY', 'database is locked'), 503],
      [new TypeError("Cannot read properties of undefined (reading 'x')"), 500],
    ];
    for (const [error, status] of errors) {
      const app = buildHttpServer({ server: stub(async () => Promise.reject(error)) });
      const response = await app.inject({
        method: 'POST',
        url: '/dm',
        headers: { 'content-type': CONTENT_TYPES.DM_XML },
        payload: '<SyncML/>',
      });
      assert.equal(response.statusCode, status, String(error));
      const body = response.json<{ code: string; message: string }>();
      assert.equal(response.headers['retry-after'], status === 503 ? '1' : undefined);
      if (status === 500) {
        // Internals stay in the log, not in the answer.
        assert.equal(body.code, 'SCOMO_HTTP_INTERNAL');
        assert.ok(!body.message.includes('reading'), body.message);
      } else {
        assert.equal(body.code, (error as ScomoError).code);
        assert.equal(body.message, (error as ScomoError).message);
      }
      await app.close();
    }
  });

  test('bodies over the limit get 413 with connection: close; other types 415 naming the expected ones', async () => {
    const app = buildHttpServer({ server: core(), bodyLimit: 1024 });
    const big = await app.inject({
      method: 'POST',
      url: '/dm',
      headers: { 'content-type': CONTENT_TYPES.DM_XML },
      payload: Buffer.alloc(2048, 0x20),
    });
    assert.equal(big.statusCode, 413);
    assert.equal(big.headers['connection'], 'close');
    assert.match(big.json<{ message: string }>().message, /larger than the 1024 bytes/);
    const json = await app.inject({
      method: 'POST',
      url: '/dm',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(json.statusCode, 415);
    assert.match(json.json<{ message: string }>().message, /expected application\/vnd\.syncml\.dm\+xml/);
    const get = await app.inject({ method: 'GET', url: '/dm' });
    assert.equal(get.statusCode, 405);
    assert.equal(get.headers['allow'], 'POST');
    await app.close();
  });
});

describe('GET /healthz and options', () => {
  test('ok, and 503 with the reason when the check fails', async () => {
    let healthy = true;
    const app = buildHttpServer({
      server: core(),
      healthCheck: () => {
        if (!healthy) throw new Error('database unreachable');
        return { ok: true };
      },
    });
    assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    healthy = false;
    const sick = await app.inject({ url: '/healthz' });
    assert.equal(sick.statusCode, 503);
    assert.deepEqual(sick.json(), { status: 'unhealthy', detail: 'database unreachable' });
    await app.close();
  });

  test('bad options are refused with SCOMO_HTTP_BAD_OPTION', () => {
    for (const options of [{ bodyLimit: 0 }, { requestTimeoutMs: -1 }, { dmPath: 'dm' }]) {
      assert.throws(
        () => buildHttpServer({ server: core(), ...options }),
        (error) => isScomoError(error, 'SCOMO_HTTP_BAD_OPTION'),
      );
    }
  });
});
