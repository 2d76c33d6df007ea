/**
 * A real, throw-away PostgreSQL server for tests: `initdb` in a fresh temporary directory, `postgres`
 * on 127.0.0.1 and a free port, trust authentication, user `postgres`. Call `stop()` in `after()`;
 * the server is also stopped if the test process exits or is killed without calling it (see WATCHDOG).
 *
 *   const pg = await startPostgres();
 *   after(() => pg.stop());
 *   const url = await pg.createDatabase(); // a fresh empty database per store under test
 *
 * Needs the PostgreSQL server binaries (Debian: the `postgresql` package, which also creates the
 * `postgres` system user that the server runs as when the tests run as root).
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresServer {
  /** URL of the `postgres` database as superuser `postgres` (trust auth on 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  /** Creates a new, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown) and removes its directory; idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Upper bound on the wait for the server to accept connections (default 30 s). */
  readonly readyTimeoutMs?: number;
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

const STOP_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;

/**
 * The server runs under this shell: it starts postgres in the background and blocks reading its own
 * stdin, a pipe whose only writer is the test process. When the test process closes it (stop()) or
 * dies for any reason — even SIGKILL, which runs no exit handler — the read returns and the watcher
 * asks postgres for a fast shutdown (SIGINT). The shell exits when postgres does.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'server=$!',
  '( read -r _ <&3; kill -INT "$server" 2>/dev/null ) &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$server"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const binDir = await findBinDir();
  const runAs = await serverUser();
  const dir = await mkdtemp(path.join(tmpdir(), 'scomo-pg-'));
  try {
    if (runAs !== undefined) await chown(dir, runAs.uid, runAs.gid);
    const data = path.join(dir, 'data');
    await run(
      path.join(binDir, 'initdb'),
      ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { cwd: dir, ...(runAs ?? {}) },
    );
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const server = launch(binDir, dir, data, port, runAs);
      const started = await waitUntilReady(server, port, readyTimeoutMs);
      if (started === 'ready') return handle(server, dir, port);
      await server.stop();
      // Another process took the port between freePort() and postgres binding it: try another.
      if (!(started === 'port-taken' && attempt < START_ATTEMPTS)) {
        throw new Error(`PostgreSQL did not start (${started}):\n${server.log()}`);
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin, holding initdb and postgres. */
async function findBinDir(): Promise<string> {
  const candidates: string[] = [];
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    candidates.push(stdout.trim());
  } catch {
    // No pg_config on PATH (it ships with libpq-dev): fall back to the Debian layout.
  }
  const root = '/usr/lib/postgresql';
  try {
    const versions = readdirSync(root)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(root, version, 'bin')));
  } catch {
    // No Debian PostgreSQL installation.
  }
  const found = candidates.find(
    (dir) => isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'postgres')),
  );
  if (found === undefined) {
    throw new Error(
      'PostgreSQL server binaries (initdb, postgres) not found via `pg_config --bindir` or in ' +
        `${root}/*/bin. Install them (Debian: apt-get install postgresql).`,
    );
  }
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL refuses to run as root. When the tests run as root, initdb and postgres run as the
 * `postgres` system user: spawned with uid/gid, so the child is postgres itself (no su/runuser
 * process in between to forward signals) and libuv drops root's supplementary groups.
 */
async function serverUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // Reported below.
  }
  throw new Error(
    'The tests run as root, which PostgreSQL refuses, and there is no `postgres` system user to run it as. ' +
      'Install the postgresql package (it creates the user) or run the tests as a non-root user.',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('No free TCP port on 127.0.0.1.'))));
    });
  });
}

interface Launched {
  hasExited(): boolean;
  log(): string;
  stop(): Promise<void>;
}

function launch(binDir: string, dir: string, data: string, port: number, runAs: RunAs | undefined): Launched {
  // Throw-away data: skip the disk flushes that make a real server durable.
  const settings = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
  const args = [
    ...['-D', data, '-k', dir, '-h', '127.0.0.1', '-p', String(port)],
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  const child = spawn(
    '/bin/sh',
    ['-c', WATCHDOG, 'scomo-pg-watchdog', path.join(binDir, 'postgres'), ...args],
    {
      cwd: dir,
      stdio: ['pipe', 'ignore', 'pipe'],
      ...(runAs ?? {}),
    },
  );
  let log = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    log = (log + chunk).slice(-8000);
  });
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    });
    child.once('error', () => {
      done = true;
      resolve(null);
    });
  });
  // Last resort when the test process exits without stop(): exit handlers must be synchronous.
  const onExit = () => killNow(child, data);
  process.once('exit', onExit);
  return {
    hasExited: () => done,
    log: () => log,
    async stop() {
      process.removeListener('exit', onExit);
      if (done) return;
      child.stdin?.end();
      const timer = setTimeout(() => killNow(child, data), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** SIGKILL the postmaster (its pid is line 1 of postmaster.pid) and the watchdog shell. */
function killNow(child: ChildProcess, data: string): void {
  try {
    const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // Not started yet, or already gone.
  }
  child.kill('SIGKILL');
}

type StartResult = 'ready' | 'port-taken' | 'exited' | 'timeout';

async function waitUntilReady(server: Launched, port: number, timeoutMs: number): Promise<StartResult> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.hasExited())
      return /could not bind|Address already in use/i.test(server.log()) ? 'port-taken' : 'exited';
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return 'ready';
    } catch {
      // Not accepting connections yet (or still starting up): retry shortly.
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'timeout';
}

function handle(server: Launched, dir: string, port: number): PostgresServer {
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  // An idle admin connection dropped by the server must not crash the test process.
  admin.on('error', () => undefined);
  let databases = 0;
  let stopping: Promise<void> | undefined;
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  return {
    url,
    port,
    async createDatabase() {
      databases += 1;
      const name = `scomo_test_${databases}`;
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      stopping ??= (async () => {
        await admin.end().catch(() => undefined);
        await server.stop();
        process.removeListener('exit', removeDir);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
