/**
 * What the agent-scomo-*.test.ts end-to-end tests share: a SCOMO DM server built on the responding
 * scripted server (each session the agent opens plays the next planned list of turns, then ends),
 * the package repository of src/agent/download/testing, real packages from test/support/packages.ts,
 * the `scomo agent` command line, and readers for what the agent sent (Generic Alerts, Results).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Alert, Command, Item, Results, Status, SyncMLMessage } from '../../src/syncml/index.ts';
import { startPackageServer } from '../../src/agent/download/testing/package-server.ts';
import type { PackageServer } from '../../src/agent/download/testing/package-server.ts';
import { buildPackage } from '../support/packages.ts';
import type { BuildPackageOptions, BuiltPackage } from '../support/packages.ts';
import { commandsOf, messageOf, reply, startRespondingDmServer } from '../support/scripted-dm-server.ts';
import type { Encoding, ScriptContext } from '../support/scripted-dm-server.ts';

export const ROOT = './SCOMO';
export const DOWNLOAD = `${ROOT}/Download`;
export const DELIVERED = `${ROOT}/Inventory/Delivered`;
export const DEPLOYED = `${ROOT}/Inventory/Deployed`;
export const OPERATION_COMPLETE = 'urn:oma:at:scomo:1.0:OperationComplete';
export const SERVER_ID = 'scripted';

/** One server message of a session: the commands after the Statuses; `final: false` keeps the package open. */
export interface ServerMessage {
  readonly commands?: readonly Command[];
  readonly final?: boolean;
}

/** A turn answers the agent's message; returning nothing (or no commands) ends the session. */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a turn that only checks returns nothing
export type Turn = (client: SyncMLMessage, session: SessionLog) => ServerMessage | undefined | void;

export interface SessionLog {
  readonly index: number;
  readonly sessionId: string;
  /** The agent's messages, in order (package #1 first). */
  readonly messages: SyncMLMessage[];
}

export interface ScomoDmServer {
  readonly url: string;
  readonly sessions: readonly SessionLog[];
  readonly failures: readonly Error[];
  /** Plans the next session the agent opens (sessions beyond the plans only get their Statuses). */
  plan(...turns: Turn[]): void;
  /** Plans left unused. */
  unplanned(): number;
  /** Every Generic Alert (1226) the agent sent, with the session it came in. */
  genericAlerts(): { session: number; alert: Alert }[];
  close(): Promise<void>;
}

export async function startScomoDmServer(): Promise<ScomoDmServer> {
  const sessions: SessionLog[] = [];
  const plans: Turn[][] = [];
  let turns: Turn[] = [];
  const server = await startRespondingDmServer((request, ctx: ScriptContext) => {
    const message = messageOf(request);
    let session = sessions[sessions.length - 1];
    if (
      session === undefined ||
      session.sessionId !== message.header.sessionID ||
      message.header.msgID === '1'
    ) {
      session = { index: sessions.length, sessionId: message.header.sessionID, messages: [] };
      sessions.push(session);
      turns = plans.shift() ?? [];
    }
    session.messages.push(message);
    const first = session.messages.length === 1;
    const turn = turns.shift();
    const next = turn?.(message, session) ?? undefined;
    return {
      kind: 'message',
      message: reply(request, ctx, {
        headerStatus: first ? '212' : '200',
        commands: next?.commands ?? [],
        final: next?.final ?? true,
      }),
    };
  });
  return {
    url: server.url,
    sessions,
    failures: server.failures,
    plan: (...planned) => {
      plans.push(planned);
    },
    unplanned: () => plans.length,
    genericAlerts: () =>
      sessions.flatMap((session) =>
        (session.messages[0] === undefined ? [] : commandsOf(session.messages[0], 'Alert'))
          .filter((alert) => alert.data === '1226')
          .map((alert) => ({ session: session.index, alert })),
      ),
    close: () => server.close(),
  };
}

// ---- server commands ---------------------------------------------------------------------------

const chr = (uri: string, data: string): Item => ({
  target: { locURI: uri },
  meta: { format: 'chr', type: 'text/plain' },
  data,
});

/** Add of `<parent>/<node>` (interior node) with its leaves, in one command (reference §1.10). */
export function addObject(parent: string, node: string, leaves: Readonly<Record<string, string>>): Command {
  const base = `${parent}/${node}`;
  return {
    kind: 'Add',
    cmdID: '',
    items: [
      { target: { locURI: base }, meta: { format: 'node' } },
      ...Object.entries(leaves).map(([name, value]) => chr(`${base}/${name}`, value)),
    ],
  };
}

export function exec(uri: string, correlator?: string): Command {
  return {
    kind: 'Exec',
    cmdID: '',
    ...(correlator === undefined ? {} : { correlator }),
    items: [{ target: { locURI: uri } }],
  };
}

export function get(uri: string): Command {
  return { kind: 'Get', cmdID: '', items: [{ target: { locURI: uri } }] };
}

/**
 * The chunks of a large object Replace (reference §2.8), as a server sends them: WBXML carries the
 * bytes (Format bin) in pieces of `chunkBytes`; XML carries the base64 text of the whole object
 * (Format b64) cut into pieces that need not end on a 4-character group. Meta Size (the bytes) on
 * the first chunk, MoreData on all but the last. `bytesAfter[i]`: the bytes chunks 0..i decode to
 * whole (what a streaming receiver can have written after chunk i).
 */
export function dataChunks(
  uri: string,
  bytes: Uint8Array,
  encoding: Encoding,
  chunkBytes: number,
): Command[] & { bytesAfter: number[] } {
  const pieces: (string | Uint8Array)[] = [];
  const bytesAfter: number[] = [];
  if (encoding === 'wbxml') {
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      pieces.push(bytes.subarray(at, Math.min(bytes.length, at + chunkBytes)));
      bytesAfter.push(Math.min(bytes.length, at + chunkBytes));
    }
  } else {
    const text = Buffer.from(bytes).toString('base64');
    const step = Math.ceil(chunkBytes / 3) * 4 + 2;
    for (let at = 0; at < text.length; at += step) {
      const end = Math.min(text.length, at + step);
      pieces.push(text.slice(at, end));
      bytesAfter.push(end === text.length ? bytes.length : Math.floor(end / 4) * 3);
    }
  }
  const out = pieces.map((data, i): Command => {
    const item: Item = {
      target: { locURI: uri },
      data,
      meta: {
        ...(i === 0 ? { size: bytes.length, type: 'application/octet-stream' } : {}),
        format: encoding === 'wbxml' ? 'bin' : 'b64',
      },
      ...(i === pieces.length - 1 ? {} : { moreData: true }),
    };
    return { kind: 'Replace', cmdID: '', items: [item] };
  });
  return Object.assign(out, { bytesAfter });
}

// ---- reading what the agent sent ----------------------------------------------------------------

/** The agent's Status for the server command of `kind` on `target` in `message`. */
export function statusOf(message: SyncMLMessage, kind: string, target?: string): string | undefined {
  return commandsOf(message, 'Status').find(
    (s: Status) => s.cmd === kind && (target === undefined || s.targetRefs.includes(target)),
  )?.data;
}

/** URI → value of every Results item in `message`. */
export function resultValues(message: SyncMLMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const results of commandsOf(message, 'Results') as Results[]) {
    for (const item of results.items) {
      const data = item.data;
      const text =
        data === undefined
          ? ''
          : typeof data === 'string'
            ? data
            : Buffer.from(data as Uint8Array).toString();
      out.set(item.source?.locURI ?? '', text);
    }
  }
  return out;
}

export interface AlertReport {
  readonly correlator: string | undefined;
  readonly code: number;
  readonly identifier: string;
  readonly source: string | undefined;
  readonly target: string | undefined;
  readonly type: string | undefined;
  readonly format: string | undefined;
  readonly mark: string | undefined;
}

/** The OperationComplete items of a Generic Alert as values. */
export function alertReports(alert: Alert): AlertReport[] {
  return alert.items.map((item) => {
    const data = typeof item.data === 'string' ? item.data : '';
    return {
      correlator: alert.correlator,
      code: Number(/<ResultCode>(\d+)<\/ResultCode>/.exec(data)?.[1] ?? NaN),
      identifier: /<Identifier>(.*)<\/Identifier>/.exec(data)?.[1] ?? '',
      source: item.source?.locURI,
      target: item.target?.locURI,
      type: item.meta?.type,
      format: item.meta?.format,
      mark: item.meta?.mark,
    };
  });
}

/** Every OperationComplete report the server received, oldest first. */
export function reportsOf(server: ScomoDmServer): AlertReport[] {
  return server.genericAlerts().flatMap(({ alert }) => alertReports(alert));
}

/** Asserts the server saw no failed checks and every planned session ran. */
export function assertServerClean(server: ScomoDmServer): void {
  assert.deepEqual(
    server.failures.map((f) => f.message),
    [],
  );
  assert.equal(server.unplanned(), 0, 'every planned session ran');
}

// ---- packages and the agent -----------------------------------------------------------------------

export interface Repository {
  readonly server: PackageServer;
  readonly dir: string;
  /** Builds a package and serves it at /dl/<name>; returns its URL and the built package. */
  publish(name: string, options: BuildPackageOptions): Promise<{ url: string; built: BuiltPackage }>;
  close(): Promise<void>;
}

export async function startRepository(): Promise<Repository> {
  const server = await startPackageServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'scomo-repo-'));
  return {
    server,
    dir,
    async publish(name, options) {
      const built = await buildPackage(dir, name, options);
      server.serve(`/dl/${name}`, { body: built.bytes });
      return { url: server.url(`/dl/${name}`), built };
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const stateDirs: string[] = [];

/** A fresh state directory, removed by removeStateDirs(). */
export function newStateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomo-agent-scomo-'));
  stateDirs.push(dir);
  return dir;
}

/** Removes the state directories (and repository folders) the tests of this file created. */
export function removeStateDirs(): void {
  for (const dir of stateDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `scomo agent --once` against `server` with a SCOMO client in `state`. */
export function onceArgs(
  serverUrl: string,
  state: string,
  encoding: Encoding,
  extra: string[] = [],
): string[] {
  return [
    '--server',
    `${serverUrl}/dm`,
    '--device-id',
    'IMEI:356938035643809',
    '--state',
    state,
    '--server-id',
    SERVER_ID,
    '--encoding',
    encoding,
    '--once',
    '--timeout',
    '10',
    '--retries',
    '1',
    '--retry-delay',
    '10',
    '--scomo-wait',
    '60',
    ...extra,
  ];
}
