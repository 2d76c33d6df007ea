import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isScomoError } from '../../errors/index.ts';
import { silentLogger } from '../logger.ts';
import { createHttpTransport } from './http-transport.ts';
import type { HttpTransportOptions } from './http-transport.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

const servers: Array<{ close: () => void }> = [];
after(() => {
  for (const s of servers) s.close();
});

/** A 127.0.0.1 server answering each request with the next handler; counts requests. */
async function serve(handlers: Handler[]): Promise<{ url: string; hits: () => number; bodies: Buffer[] }> {
  let hits = 0;
  const bodies: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push(body);
      const handler = handlers[Math.min(hits, handlers.length - 1)];
      hits++;
      handler?.(req, res, body);
    });
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dm`, hits: () => hits, bodies };
}

const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/vnd.syncml.dm+xml' });
  res.end('<SyncML/>');
};
const unavailable: Handler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/html' });
  res.end('<html>busy</html>');
};

function transport(overrides: Partial<HttpTransportOptions> = {}) {
  return createHttpTransport({
    connectTimeoutMs: 2_000,
    responseTimeoutMs: 2_000,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    maxResponseBytes: 1024 * 1024,
    userAgent: 'scomo-test',
    random: () => 0.5,
    logger: silentLogger,
    ...overrides,
  });
}

const message = (url: string) => ({
  url,
  body: new TextEncoder().encode('<SyncML>1</SyncML>'),
  contentType: 'application/vnd.syncml.dm+xml',
  headers: { 'x-syncml-hmac': 'algorithm=MD5, username="u", mac=abc=' },
});

describe('createHttpTransport', () => {
  test('POSTs the body with the content type, Accept and the engine headers', async () => {
    let seen: IncomingMessage | undefined;
    const server = await serve([
      (req, res, body) => {
        seen = req;
        assert.equal(body.toString(), '<SyncML>1</SyncML>');
        ok(req, res, body);
      },
    ]);
    const t = transport();
    const response = await t.send(message(server.url));
    await t.close();
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.headers['content-type'], 'application/vnd.syncml.dm+xml');
    assert.equal(seen?.headers['accept'], 'application/vnd.syncml.dm+xml');
    assert.equal(seen?.headers['x-syncml-hmac'], 'algorithm=MD5, username="u", mac=abc=');
    assert.equal(response.status, 200);
    assert.equal(response.contentType, 'application/vnd.syncml.dm+xml');
    assert.equal(new TextDecoder().decode(response.body), '<SyncML/>');
  });

  test('retries 5xx answers and succeeds when the server recovers', async () => {
    const server = await serve([unavailable, unavailable, ok]);
    const t = transport();
    const response = await t.send(message(server.url));
    await t.close();
    assert.equal(response.status, 200);
    assert.equal(server.hits(), 3);
  });

  test('gives up after the bounded number of attempts with the HTTP status', async () => {
    const server = await serve([unavailable]);
    const t = transport();
    await assert.rejects(
      t.send(message(server.url)),
      (err) => isScomoError(err, 'SCOMO_AGENT_HTTP_STATUS') && /503/.test(err.message),
    );
    await t.close();
    assert.equal(server.hits(), 3);
  });

  test('never re-sends after a 4xx answer', async () => {
    const server = await serve([
      (_req, res) => {
        res.writeHead(404);
        res.end();
      },
    ]);
    const t = transport();
    await assert.rejects(t.send(message(server.url)), (err) => isScomoError(err, 'SCOMO_AGENT_HTTP_STATUS'));
    await t.close();
    assert.equal(server.hits(), 1);
  });

  test('a server that never answers times out, retried within the bound', async () => {
    const server = await serve([() => {}]);
    const t = transport({ responseTimeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await assert.rejects(t.send(message(server.url)), (err) => isScomoError(err, 'SCOMO_AGENT_TIMEOUT'));
    await t.close();
    assert.equal(server.hits(), 2);
  });

  test('an answer cut midway is not re-sent: the server may have acted on the message', async () => {
    const server = await serve([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/vnd.syncml.dm+xml', 'content-length': '1000' });
        res.write('<SyncML>');
        setTimeout(() => res.socket?.destroy(), 20);
      },
    ]);
    const t = transport();
    await assert.rejects(t.send(message(server.url)), (err) => isScomoError(err, 'SCOMO_AGENT_'));
    await t.close();
    assert.equal(server.hits(), 1);
  });

  test('an unreachable server fails with SCOMO_AGENT_UNREACHABLE after the retries', async () => {
    const server = await serve([ok]);
    const url = server.url;
    servers.pop()?.close();
    const t = transport();
    await assert.rejects(t.send(message(url)), (err) => isScomoError(err, 'SCOMO_AGENT_UNREACHABLE'));
    await t.close();
  });

  test('refuses an answer above maxResponseBytes without retrying', async () => {
    const server = await serve([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/vnd.syncml.dm+xml' });
        res.end(Buffer.alloc(64 * 1024, 0x41));
      },
    ]);
    const t = transport({ maxResponseBytes: 1024 });
    await assert.rejects(t.send(message(server.url)), (err) =>
      isScomoError(err, 'SCOMO_AGENT_RESPONSE_TOO_LARGE'),
    );
    await t.close();
    assert.equal(server.hits(), 1);
  });

  test('an abort stops the retries at once', async () => {
    const server = await serve([unavailable]);
    const t = transport({ retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const sent = t.send(message(server.url), controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(sent, (err) => isScomoError(err, 'SCOMO_AGENT_ABORTED'));
    await t.close();
  });

  test('trusts a custom CA for https:// and refuses the server without it', async (t) => {
    let pem: { ca: string; key: string; cert: string };
    try {
      pem = makeCertificates();
    } catch {
      t.skip('openssl is not available to make a test CA');
      return;
    }
    const server = createTlsServer({ key: pem.key, cert: pem.cert }, (req, res) => {
      req.resume();
      req.on('end', () => ok(req, res, Buffer.alloc(0)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => server.close() });
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/dm`;

    const trusting = transport({ ca: pem.ca });
    assert.equal((await trusting.send(message(url))).status, 200);
    await trusting.close();

    const plain = transport();
    await assert.rejects(plain.send(message(url)), (err) => isScomoError(err, 'SCOMO_AGENT_UNREACHABLE'));
    await plain.close();
  });
});

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it. */
function makeCertificates(): { ca: string; key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomo-tls-'));
  const f = (name: string) => path.join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=scomo test CA',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('srv.key'),
    '-out',
    f('srv.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  const ext = f('ext.cnf');
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > '${ext}'`]);
  run([
    'x509',
    '-req',
    '-in',
    f('srv.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('srv.pem'),
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return {
    ca: readFileSync(f('ca.pem'), 'utf8'),
    key: readFileSync(f('srv.key'), 'utf8'),
    cert: readFileSync(f('srv.pem'), 'utf8'),
  };
}
