/**
 * Support for the DM server end-to-end tests (test/e2e/server-*.test.ts): in-process server nodes on
 * real stores over real HTTP (127.0.0.1), `scomo serve` child processes, `scomo agent --once` runs, a
 * round-robin / recording HTTP proxy, and free ports. Everything stops by itself: processes are
 * killed after a deadline, servers close in `after()` hooks.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer, createPackage0Notifier } from '../../src/http/index.ts';
import type { Package0Notifier } from '../../src/http/index.ts';
import { createDmServer, resolveServerOptions } from '../../src/server/index.ts';
import type { DmServer, ServerOptionsInput, Store } from '../../src/server/index.ts';
import { openStore } from '../../src/store/index.ts';
import { runAgent, sessionLines } from '../support/scripted-dm-server.ts';
import type { LogLine } from '../support/scripted-dm-server.ts';

export const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const SERVER_ID = 'scomo';
export const SERVER_PASSWORD = 'server-secret';

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(prefix = 'scomo-server-e2e-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface NodeOptions {
  /** Store URL; default a SQLite file in a new temporary directory. */
  readonly db?: string;
  /** The URL devices post to (e.g. a proxy in front of several nodes); default this node's own. */
  readonly publicUrl?: string;
  readonly options?: Omit<ServerOptionsInput, 'publicUrl'>;
  readonly bodyLimit?: number;
  /** Send package #0 through the real notifier (default: no notifier). */
  readonly notifier?: boolean;
}

/** One in-process server node: store + core + fastify, listening on 127.0.0.1. */
export interface TestNode {
  readonly url: string;
  readonly port: number;
  readonly server: DmServer;
  readonly store: Store;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export async function startNode(options: NodeOptions = {}): Promise<TestNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/dm`;
  const store = await openStore(options.db ?? `sqlite:${path.join(tempDir(), 'scomo.db')}`);
  const notifier: Package0Notifier | null =
    options.notifier === true ? createPackage0Notifier({ timeoutMs: 2000 }) : null;
  const server = createDmServer(
    {
      store,
      clock: { now: () => Date.now() },
      random: (n) => new Uint8Array(randomBytes(n)),
      notifier,
    },
    resolveServerOptions({
      serverId: SERVER_ID,
      serverCredential: { authType: 'DIGEST', username: SERVER_ID, password: SERVER_PASSWORD },
      ...options.options,
      publicUrl: options.publicUrl ?? url,
    }),
  );
  const app = buildHttpServer({
    server,
    dmPath: '/dm',
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  });
  await app.listen({ host: '127.0.0.1', port });
  let closed = false;
  return {
    url,
    port,
    server,
    store,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await notifier?.close();
      await store.close();
    },
  };
}

/** A server core on a store, without HTTP: for provisioning and queueing from a test. */
export async function openCore(
  db: string,
): Promise<{ server: DmServer; store: Store; close(): Promise<void> }> {
  const store = await openStore(db);
  const server = createDmServer(
    { store, clock: { now: () => Date.now() }, random: (n) => new Uint8Array(randomBytes(n)) },
    resolveServerOptions({ publicUrl: 'http://127.0.0.1/dm', serverId: SERVER_ID }),
  );
  return { server, store, close: () => store.close() };
}

export type AuthMode = 'none' | 'basic' | 'md5' | 'hmac';
export const CLIENT_AUTH_TYPE = { basic: 'BASIC', md5: 'DIGEST', hmac: 'HMAC' } as const;

export interface DeviceSpec {
  readonly devId: string;
  readonly auth: AuthMode;
  /** CLCRED user name; default the DevId (basic auth needs one without ':'). */
  readonly username?: string;
  readonly password?: string;
  readonly encoding?: 'xml' | 'wbxml';
  /** The agent authenticates the server too (SRVCRED = SERVER_PASSWORD). */
  readonly serverAuth?: boolean;
}

/** Provisions a device on a node the way an operator would (credentials as the agent has them). */
export async function provision(
  node: { readonly server: DmServer },
  device: DeviceSpec,
  notifyAddress?: string,
): Promise<void> {
  await node.server.devices.provision(
    {
      devId: device.devId,
      clientCredential:
        device.auth === 'none'
          ? null
          : {
              authType: CLIENT_AUTH_TYPE[device.auth],
              username: device.username ?? device.devId,
              password: device.password ?? 'pw',
            },
      serverCredential:
        device.serverAuth === true
          ? {
              authType: device.auth === 'hmac' ? 'HMAC' : 'DIGEST',
              username: SERVER_ID,
              password: SERVER_PASSWORD,
            }
          : null,
      ...(notifyAddress === undefined ? {} : { notifyAddress }),
    },
    Date.now(),
  );
}

/** The `scomo agent` flags for a device of these tests. */
export function agentArgs(url: string, device: DeviceSpec, extra: readonly string[] = []): string[] {
  return [
    ...['--server', url, '--device-id', device.devId, '--server-id', SERVER_ID],
    ...['--auth', device.auth, '--encoding', device.encoding ?? 'xml', '--retries', '0', '--timeout', '10'],
    ...(device.auth === 'none' ? [] : ['--password', device.password ?? 'pw']),
    ...(device.username === undefined ? [] : ['--username', device.username]),
    ...(device.serverAuth === true ? ['--server-password', SERVER_PASSWORD] : []),
    ...extra,
  ];
}

export interface AgentRun {
  readonly code: number | null;
  readonly session: LogLine | undefined;
  readonly logs: readonly LogLine[];
  readonly otherStderr: readonly string[];
}

/** `scomo agent --once` to its end (killed after 30 s). */
export async function agentOnce(
  url: string,
  device: DeviceSpec,
  extra: readonly string[] = [],
): Promise<AgentRun> {
  const run = await runAgent([...agentArgs(url, device, extra), '--once']);
  return { code: run.code, session: sessionLines(run.logs)[0], logs: run.logs, otherStderr: run.otherStderr };
}

// ---- scomo serve as a child process ----------------------------------------------------------

export interface ServeProcess {
  readonly child: ChildProcess;
  /** The DM endpoint the process printed (its public URL). */
  readonly endpoint: string;
  /** The port it listens on. */
  readonly port: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `scomo serve …args` and waits until it prints its DM endpoint (killed after `killAfterMs`). */
export async function spawnServe(
  args: readonly string[],
  options: { cwd?: string; killAfterMs?: number } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [MAIN, 'serve', ...args], {
    cwd: options.cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (err += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal });
    });
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`scomo serve printed no endpoint in 20 s:\n${out}\n${err}`)),
      20_000,
    );
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const found = /DM endpoint (\S+)/.exec(out)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`scomo serve exited (${String(code)}) before listening:\n${out}\n${err}`));
    });
  });
  const local = /listens on (\S+?)\)/.exec(out)?.[1] ?? endpoint;
  return {
    child,
    endpoint,
    port: Number(new URL(local).port),
    stdout: () => out,
    stderr: () => err,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `scomo …args` to its end (killed after `timeoutMs`). */
export function scomo(
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

// ---- a proxy in front of server nodes ----------------------------------------------------------

export interface ProxyHit {
  readonly target: number;
  readonly url: string;
  readonly status: number;
  readonly requestBody: Buffer;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly responseBody: Buffer;
  readonly responseHeaders: IncomingHttpHeaders;
}

export interface TestProxy {
  readonly url: string;
  readonly hits: readonly ProxyHit[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP proxy: request n goes to target n mod targets.length (round robin), path and query
 * kept, and every exchange is recorded. Stands in for a load balancer in front of several nodes.
 * `targets` is read at each request, so nodes whose public URL is the proxy's can be added after.
 */
export async function startProxy(
  targets: readonly { port: number }[],
  onHit: (hit: ProxyHit) => void = () => undefined,
): Promise<TestProxy> {
  const hits: ProxyHit[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const index = next % targets.length;
      next += 1;
      const target = targets[index];
      if (target === undefined) {
        res.writeHead(502).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const headers = {
        ...req.headers,
        host: `127.0.0.1:${target.port}`,
        'content-length': String(body.length),
      };
      const upstream = httpRequest(
        { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const responseBody = Buffer.concat(parts);
            hits.push({
              target: index,
              url: req.url ?? '',
              status: answer.statusCode ?? 0,
              requestBody: body,
              requestHeaders: req.headers,
              responseBody,
              responseHeaders: answer.headers,
            });
            onHit(hits[hits.length - 1] as ProxyHit);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(responseBody);
          });
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  return {
    url: `http://127.0.0.1:${port}/dm`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls `probe` until it returns a value other than undefined (bounded: rejects after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
