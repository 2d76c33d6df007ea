/**
 * Bad input at the DM endpoint over real HTTP: garbage and non-SyncML bodies (4xx with a JSON reason,
 * never 5xx), a 100 MB body (413 without reading it all; the server stays up), wrong passwords and
 * replayed credentials (SyncML 401 in an HTTP 200, nothing delivered), and unknown devices under each
 * registration policy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { decodeMessage } from '../../src/syncml/index.ts';
import type { SyncMLMessage } from '../../src/syncml/index.ts';
import { agentOnce, provision, startNode, startProxy } from './server-harness.ts';
import type { DeviceSpec, TestNode, TestProxy } from './server-harness.ts';

const XML = 'application/vnd.syncml.dm+xml';
const WBXML = 'application/vnd.syncml.dm+wbxml';

async function post(url: string, body: Uint8Array | string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return {
    status: response.status,
    headers: response.headers,
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

function headerStatus(message: SyncMLMessage): string | undefined {
  const status = message.body.find((c) => c.kind === 'Status' && c.cmdRef === '0');
  return status?.kind === 'Status' ? status.data : undefined;
}

/** A valid package #1 from an unknown device (no credentials). */
function package1(devId: string): string {
  return (
    '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>' +
    `<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>http://dm</LocURI></Target>` +
    `<Source><LocURI>${devId}</LocURI></Source></SyncHdr><SyncBody>` +
    '<Alert><CmdID>1</CmdID><Data>1201</Data></Alert><Final/></SyncBody></SyncML>'
  );
}

let node: TestNode;
before(async () => {
  node = await startNode({ bodyLimit: 1024 * 1024 });
});
after(() => node.close());

describe('bodies that are not SyncML', () => {
  test('garbage, empty and truncated bodies get 400 with a reason; wrong types 415', async () => {
    const cases: [Uint8Array | string, Record<string, string>, number][] = [
      ['garbage', { 'content-type': XML }, 400],
      [new Uint8Array(randomBytes(512)), { 'content-type': WBXML }, 400],
      ['', { 'content-type': XML }, 400],
      [package1('IMEI:x').slice(0, 120), { 'content-type': XML }, 400],
      ['<SyncML/>', { 'content-type': XML }, 400],
      ['{"devId":"x"}', { 'content-type': 'application/json' }, 415],
      [package1('IMEI:x'), { 'content-type': 'text/xml' }, 415],
      [package1('IMEI:x'), {}, 415],
    ];
    for (const [body, headers, expected] of cases) {
      const answer = await post(node.url, body, headers);
      assert.equal(answer.status, expected, `${JSON.stringify(headers)} ${String(body).slice(0, 30)}`);
      const problem = JSON.parse(Buffer.from(answer.body).toString('utf8')) as {
        code: string;
        message: string;
      };
      assert.match(problem.code, /^(SCOMO_SERVER_NOT_SYNCML|FST_ERR_CTP_INVALID_MEDIA_TYPE)$/);
      assert.ok(problem.message.length > 20, problem.message);
    }
  });

  test('hundreds of random and mutated messages: never a 5xx', async () => {
    const valid = Buffer.from(package1('IMEI:fuzz'));
    for (let i = 0; i < 300; i += 1) {
      const mutated = Buffer.from(valid);
      const flips = 1 + (i % 8);
      for (let j = 0; j < flips; j += 1) {
        mutated[(i * 31 + j * 97) % mutated.length] = randomBytes(1)[0] ?? 0;
      }
      const body = i % 3 === 0 ? new Uint8Array(randomBytes(1 + (i % 200))) : mutated;
      const answer = await post(node.url, body, { 'content-type': i % 2 === 0 ? XML : WBXML });
      assert.ok(answer.status < 500, `body ${i}: HTTP ${answer.status}`);
    }
  });

  test('other methods and paths', async () => {
    const get = await fetch(node.url);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal((await fetch(node.url.replace('/dm', '/nowhere'), { method: 'POST' })).status, 404);
    const health = await fetch(node.url.replace('/dm', '/healthz'));
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
  });
});

describe('a 100 MB body', () => {
  /** Streams `total` bytes; resolves with the status and how much the client got to write. */
  function stream(total: number, chunked: boolean): Promise<{ status: number; written: number }> {
    return new Promise((resolve) => {
      const url = new URL(node.url);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': XML, ...(chunked ? {} : { 'content-length': String(total) }) },
      });
      const chunk = Buffer.alloc(64 * 1024, 0x3c);
      let written = 0;
      let status = 0;
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        resolve({ status, written });
      };
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        res.on('end', done);
      });
      req.on('error', done);
      req.on('close', done);
      const pump = (): void => {
        while (written < total && !req.destroyed) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
  }

  for (const chunked of [false, true]) {
    test(`${chunked ? 'chunked' : 'with Content-Length'}: 413, connection closed early, server still serves`, async () => {
      const total = 100 * 1024 * 1024;
      const { status, written } = await stream(total, chunked);
      assert.equal(status, 413);
      // The server stopped reading long before the end: the client could not write it all.
      assert.ok(written < total / 2, `client wrote ${written} bytes before the server closed`);
      const health = await fetch(node.url.replace('/dm', '/healthz'));
      assert.equal(health.status, 200);
      const ok = await post(node.url, package1('IMEI:after-big'), { 'content-type': XML });
      assert.equal(ok.status, 200);
    });
  }
});

describe('wrong and replayed credentials', () => {
  let proxy: TestProxy;
  let recorded: TestNode;
  before(async () => {
    const targets: TestNode[] = [];
    proxy = await startProxy(targets);
    recorded = await startNode({ publicUrl: proxy.url });
    targets.push(recorded);
  });
  after(async () => {
    await proxy.close();
    await recorded.close();
  });

  for (const auth of ['basic', 'md5', 'hmac'] as const) {
    test(`${auth}: a wrong password fails the session; the queued command stays queued`, async () => {
      const device: DeviceSpec = {
        devId: `IMEI:wrong-${auth}`,
        username: `wrong-${auth}`,
        auth,
        password: 'right',
      };
      await provision(recorded, device);
      const command = await recorded.server.enqueue(device.devId, {
        kind: 'Get',
        items: [{ target: './DevInfo/Man' }],
      });
      const run = await agentOnce(proxy.url, { ...device, password: 'WRONG' });
      assert.equal(run.code, 1);
      assert.equal(run.session?.['outcome'], 'failed');
      assert.deepEqual(run.session?.['commands'], {});
      const stored = await recorded.store.getCommand(command.id);
      assert.equal(stored?.state, 'pending');
      assert.equal(await recorded.store.countSessionHistory(device.devId), 0, 'no session completed');
      // The right password still works afterwards; the failed session is taken over.
      assert.equal((await agentOnce(proxy.url, device)).code, 0);
      assert.equal((await recorded.store.getCommand(command.id))?.state, 'resolved');
      const endings = (await recorded.store.listSessionHistory(device.devId)).map((h) => h.ending);
      assert.deepEqual(endings.sort(), ['completed', 'taken-over']);
    });
  }

  for (const auth of ['md5', 'hmac'] as const) {
    test(`${auth}: a replayed authenticated message is refused`, async () => {
      const device: DeviceSpec = { devId: `IMEI:replay-${auth}`, auth, password: 'once' };
      await provision(recorded, device);
      const first = proxy.hits.length;
      assert.equal((await agentOnce(proxy.url, device)).code, 0);
      const hits = proxy.hits.slice(first);
      // The package #1 the server accepted: answered 212 (md5) or 200 with its MAC checked (HMAC).
      const decode = (body: Buffer, type: unknown) =>
        decodeMessage(new Uint8Array(body), String(type)).message;
      const accepted = hits.find((hit) => {
        const sent = decode(hit.requestBody, hit.requestHeaders['content-type']);
        const reply = decode(hit.responseBody, hit.responseHeaders['content-type']);
        const opens = sent.body.some((c) => c.kind === 'Alert' && c.data === '1201');
        return opens && ['212', '200'].includes(headerStatus(reply) ?? '');
      });
      assert.ok(accepted !== undefined, 'a package #1 that the server accepted');
      const headers: Record<string, string> = {
        'content-type': String(accepted.requestHeaders['content-type']),
      };
      const mac = accepted.requestHeaders['x-syncml-hmac'];
      if (typeof mac === 'string') headers['x-syncml-hmac'] = mac;
      const replay = await post(recorded.url, new Uint8Array(accepted.requestBody), headers);
      assert.equal(replay.status, 200, 'protocol errors are SyncML statuses');
      const reply = decodeMessage(replay.body, replay.headers.get('content-type') ?? '').message;
      assert.match(headerStatus(reply) ?? '', /^40[17]$/);
      // Nothing but statuses went back: no command for a replayed message.
      assert.deepEqual([...new Set(reply.body.map((c) => c.kind))], ['Status']);
    });
  }
});

describe('unknown devices under each registration policy', () => {
  const nodes: TestNode[] = [];
  after(async () => {
    for (const n of nodes) await n.close();
  });
  async function policyNode(registration: Parameters<typeof startNode>[0]): Promise<TestNode> {
    const n = await startNode(registration);
    nodes.push(n);
    return n;
  }

  test('pre-provisioned: 403 in SyncML, nothing registered', async () => {
    const n = await policyNode({ options: { registration: { mode: 'pre-provisioned' } } });
    const run = await agentOnce(n.url, { devId: 'IMEI:stranger', auth: 'md5', password: 'x' });
    assert.equal(run.code, 1);
    assert.match(JSON.stringify(run.session?.['error']), /403/);
    const raw = await post(n.url, package1('IMEI:stranger2'), { 'content-type': XML });
    assert.equal(raw.status, 200);
    assert.equal(headerStatus(decodeMessage(raw.body, XML).message), '403');
    assert.deepEqual(await n.store.listDevices(), []);
  });

  test('open: registered on first contact', async () => {
    const n = await policyNode({ options: { registration: { mode: 'open' } } });
    const run = await agentOnce(n.url, { devId: 'IMEI:newcomer', auth: 'none' });
    assert.equal(run.code, 0, JSON.stringify(run.session));
    const device = await n.store.getDevice('IMEI:newcomer');
    assert.equal(device?.clientCredential, null);
    assert.equal(device?.devInfo['./DevInfo/DevId'], 'IMEI:newcomer');
  });

  test('shared-secret: the right secret registers, a wrong one does not', async () => {
    const n = await policyNode({
      options: { registration: { mode: 'shared-secret', secret: 'fleet-secret', authType: 'DIGEST' } },
    });
    const good = await agentOnce(n.url, { devId: 'IMEI:fleet-1', auth: 'md5', password: 'fleet-secret' });
    assert.equal(good.code, 0, JSON.stringify(good.session));
    assert.equal((await n.store.getDevice('IMEI:fleet-1'))?.clientCredential?.authType, 'DIGEST');
    const bad = await agentOnce(n.url, { devId: 'IMEI:fleet-2', auth: 'md5', password: 'guess' });
    assert.equal(bad.code, 1);
    assert.equal(await n.store.getDevice('IMEI:fleet-2'), null);
  });
});
