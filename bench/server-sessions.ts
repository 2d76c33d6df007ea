/**
 * DM server benchmark (issue: DM server). Starts the DM server on SQLite (a temporary directory)
 * behind the real fastify endpoint on 127.0.0.1, and drives full DM sessions from in-process clients —
 * the real client session engine (src/session/client) over in-memory device trees (src/tree) —
 * through an undici Pool with keep-alive, many sessions at once, for a few seconds. Each session:
 * two commands queued for the device (a Get of ./DevInfo and a Get of ./DevDetail?list=StructData),
 * package #1 with MD5 credentials (the nonce from the device's previous session) and DevInfo, the
 * server's Gets, the device's Results, end of session. The same run measures a bare node:http server
 * echoing a 2 KB body, driven the same way.
 *
 * Two threads of one process, so that both cores of a 2-core machine work: the server (or the echo
 * server) runs in a worker thread, the clients on the main thread. Queueing goes to the server thread
 * as a message, as an operator's request would.
 *
 * Prints:
 *   http-baseline <N> roundtrips/s (<N> per CPU-second)
 *   server-sessions <N> sessions/s (<N> per CPU-second, <N> round trips per session, xml)
 * CPU-seconds are the process's (both threads), from process.cpuUsage(): on a shared machine they are
 * steadier than wall time.
 *
 * Run: `node bench/server-sessions.ts`. Environment: SCOMO_BENCH_SECONDS (default 5) per measurement,
 * SCOMO_BENCH_CONCURRENCY (default 64) sessions in flight, SCOMO_BENCH_ENCODING (xml | wbxml),
 * SCOMO_BENCH_DIR (where the SQLite file goes; default the system temp dir).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import { buildHttpServer } from '../src/http/index.ts';
import { createDmServer, resolveServerOptions } from '../src/server/index.ts';
import { createClientSession } from '../src/session/index.ts';
import { openStore } from '../src/store/index.ts';
import { createDeviceTree } from '../src/tree/index.ts';
import type { DmTree } from '../src/tree/index.ts';

const SERVER_ID = 'scomo-bench';
const random = (n: number) => new Uint8Array(randomBytes(n));
const devIdOf = (i: number) => `IMEI:35${String(i).padStart(13, '0')}`;
const passwordOf = (devId: string) => `pw-${devId}`;

type Role =
  { readonly role: 'echo' } | { readonly role: 'dm'; readonly devices: number; readonly dir: string };
type ToServer =
  { readonly id: number; readonly enqueue: string } | { readonly id: number; readonly report: true };
type FromServer =
  | { readonly ready: number }
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly resolved: number; readonly unresolved: number }
  | { readonly failed: string };

// ---- the server thread -------------------------------------------------------------------------

async function serverThread(role: Role): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  if (role.role === 'echo') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        res.end(body);
      });
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port.postMessage({ ready: (server.address() as AddressInfo).port } satisfies FromServer);
    return;
  }
  const store = await openStore(`sqlite:${path.join(role.dir, 'scomo.db')}`);
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const listenPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const server = createDmServer(
    { store, clock: { now: () => Date.now() }, random },
    resolveServerOptions({
      publicUrl: `http://127.0.0.1:${listenPort}/dm`,
      serverId: SERVER_ID,
      registration: { mode: 'pre-provisioned' },
    }),
  );
  for (let i = 0; i < role.devices; i += 1) {
    const devId = devIdOf(i);
    await server.devices.provision(
      { devId, clientCredential: { authType: 'DIGEST', username: devId, password: passwordOf(devId) } },
      Date.now(),
    );
  }
  const app = buildHttpServer({ server });
  await app.listen({ host: '127.0.0.1', port: listenPort });
  port.on('message', (message: ToServer) => {
    const work = async (): Promise<FromServer> => {
      if ('enqueue' in message) {
        await server.enqueue(message.enqueue, { kind: 'Get', items: [{ target: './DevInfo' }] });
        await server.enqueue(message.enqueue, {
          kind: 'Get',
          items: [{ target: './DevDetail?list=StructData' }],
        });
        return { id: message.id, done: true };
      }
      const all = 1 << 30;
      return {
        id: message.id,
        resolved: (await store.listCommands({ states: ['resolved'], limit: all })).length,
        unresolved: (await store.listCommands({ states: ['pending', 'claimed'], limit: all })).length,
      };
    };
    work().then(
      (answer) => port.postMessage(answer),
      (error: unknown) => port.postMessage({ failed: String(error) } satisfies FromServer),
    );
  });
  port.postMessage({ ready: listenPort } satisfies FromServer);
}

// ---- the client thread ---------------------------------------------------------------------------

interface Measured {
  readonly count: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly roundTrips: number;
}

/** A server thread and a way to call it. */
async function startServerThread(role: Role) {
  const worker = new Worker(new URL(import.meta.url), { workerData: role });
  const waiting = new Map<number, (answer: FromServer) => void>();
  let nextId = 0;
  let failure: Error | null = null;
  const ready = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: FromServer) => {
      if ('ready' in message) resolve(message.ready);
      else if ('failed' in message) failure = new Error(`server thread: ${message.failed}`);
      else waiting.get(message.id)?.(message);
    });
    worker.on('error', reject);
  });
  const port = await ready;
  return {
    port,
    call(message: Omit<ToServer, 'id'>): Promise<FromServer> {
      if (failure !== null) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, (answer) => {
          waiting.delete(id);
          resolve(answer);
        });
        worker.postMessage({ ...message, id });
      });
    },
    stop: () => worker.terminate(),
  };
}

/** Runs each loop until `seconds` have passed; counts completions, round trips and CPU time. */
async function measure(loops: readonly (() => Promise<number>)[], seconds: number): Promise<Measured> {
  let count = 0;
  let roundTrips = 0;
  let stop = false;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const timer = setTimeout(() => (stop = true), seconds * 1000);
  await Promise.all(
    loops.map(async (once) => {
      while (!stop) {
        const trips = await once();
        roundTrips += trips;
        count += 1;
      }
    }),
  );
  clearTimeout(timer);
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { count, wallSeconds, cpuSeconds: (used.user + used.system) / 1e6, roundTrips };
}

async function httpBaseline(seconds: number, concurrency: number): Promise<Measured> {
  const server = await startServerThread({ role: 'echo' });
  const pool = new Pool(`http://127.0.0.1:${server.port}`, { connections: concurrency, pipelining: 1 });
  const payload = Buffer.alloc(2048, 0x61);
  const once = async (): Promise<number> => {
    const response = await pool.request({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/octet-stream' },
      body: payload,
    });
    const echoed = Buffer.from(await response.body.arrayBuffer());
    if (echoed.length !== payload.length) throw new Error('echo mismatch');
    return 1;
  };
  const loops = Array.from({ length: concurrency }, () => once);
  await measure(loops, Math.min(1, seconds)); // warm-up
  const result = await measure(loops, seconds);
  await pool.close();
  await server.stop();
  return result;
}

function deviceTree(devId: string, url: string): DmTree {
  return createDeviceTree({
    devInfo: { devId, man: 'Bench', mod: 'B-1', dmV: '1.2', lang: 'en-US' },
    devDetail: { devTyp: 'bench', oem: 'Bench', fwV: '1.0', swV: '1.0', hwV: '1.0', lrgObj: true },
    accounts: [
      {
        serverId: SERVER_ID,
        name: SERVER_ID,
        addr: url,
        authPref: 'DIGEST',
        clientCred: {
          level: 'CLCRED',
          type: 'DIGEST',
          name: devId,
          secret: passwordOf(devId),
          nonce: new Uint8Array(0),
        },
        // The benchmark measures client authentication; the server is trusted by the transport.
        serverCred: {
          level: 'SRVCRED',
          type: 'TRANSPORT',
          name: SERVER_ID,
          secret: '',
          nonce: new Uint8Array(0),
        },
      },
    ],
    clock: { now: () => Date.now() },
  });
}

/** One full session of one device; returns its number of HTTP round trips. */
async function runSession(
  pool: Pool,
  tree: DmTree,
  sessionNumber: number,
  encoding: 'xml' | 'wbxml',
): Promise<number> {
  const session = createClientSession({
    tree,
    serverId: SERVER_ID,
    sessionId: ((sessionNumber % 0xfff0) + 1).toString(16).toUpperCase(),
    initiator: 'client',
    encoding,
    maxMsgSize: 65_536,
    maxObjSize: 1 << 20,
    clock: () => Date.now(),
    randomBytes: random,
  });
  let step = session.start();
  let roundTrips = 0;
  while (step.kind === 'send') {
    const url = new URL(step.url);
    const response = await pool.request({
      method: 'POST',
      path: `${url.pathname}${url.search}`,
      headers: step.headers,
      body: step.body,
    });
    const body = new Uint8Array(await response.body.arrayBuffer());
    roundTrips += 1;
    if (response.statusCode !== 200) {
      throw new Error(`HTTP ${response.statusCode}: ${Buffer.from(body).toString()}`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (typeof value === 'string') headers[name] = value;
    }
    step = session.receive({ body, contentType: headers['content-type'] ?? '', headers });
  }
  if (step.kind !== 'done' || step.summary.ending !== 'completed') {
    const why = step.kind === 'failed' ? step.error.message : JSON.stringify(step.summary);
    throw new Error(`a session did not complete: ${why}`);
  }
  return roundTrips;
}

async function dmSessions(
  seconds: number,
  concurrency: number,
  encoding: 'xml' | 'wbxml',
): Promise<Measured & { resolved: number }> {
  const dir = mkdtempSync(path.join(process.env['SCOMO_BENCH_DIR'] ?? tmpdir(), 'scomo-bench-'));
  try {
    const server = await startServerThread({ role: 'dm', devices: concurrency, dir });
    const url = `http://127.0.0.1:${server.port}/dm`;
    const pool = new Pool(`http://127.0.0.1:${server.port}`, { connections: concurrency, pipelining: 1 });
    // One loop per device: a device never runs two sessions at once.
    const loops = Array.from({ length: concurrency }, (_, i) => {
      const devId = devIdOf(i);
      const tree = deviceTree(devId, url);
      let sessions = 0;
      return async (): Promise<number> => {
        await server.call({ enqueue: devId });
        sessions += 1;
        return runSession(pool, tree, sessions, encoding);
      };
    });
    // Warm-up: JIT, and each device's first session, which also fetches its first nonce (a 401).
    await measure(loops, Math.min(1, seconds));
    const before = await server.call({ report: true });
    const result = await measure(loops, seconds);
    const after = await server.call({ report: true });
    await pool.close();
    await server.stop();
    if (!('resolved' in before) || !('resolved' in after)) throw new Error('no report from the server');
    if (after.unresolved !== 0) throw new Error(`${after.unresolved} commands were left unresolved`);
    const resolved = after.resolved - before.resolved;
    if (resolved !== 2 * result.count)
      throw new Error(`${resolved} commands resolved in ${result.count} sessions`);
    return { ...result, resolved };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.env['SCOMO_BENCH_SECONDS'] ?? '5');
  const concurrency = Number(process.env['SCOMO_BENCH_CONCURRENCY'] ?? '64');
  const encoding = process.env['SCOMO_BENCH_ENCODING'] === 'wbxml' ? 'wbxml' : 'xml';
  const fmt = (n: number) => Math.round(n).toString();
  const baseline = await httpBaseline(seconds, concurrency);
  console.log(
    `http-baseline ${fmt(baseline.count / baseline.wallSeconds)} roundtrips/s (${fmt(baseline.count / baseline.cpuSeconds)} per CPU-second)`,
  );
  const sessions = await dmSessions(seconds, concurrency, encoding);
  console.log(
    `server-sessions ${fmt(sessions.count / sessions.wallSeconds)} sessions/s (${fmt(sessions.count / sessions.cpuSeconds)} per CPU-second, ${(sessions.roundTrips / sessions.count).toFixed(2)} round trips per session, ${encoding})`,
  );
}

if (isMainThread) await main();
else await serverThread(workerData as Role);
