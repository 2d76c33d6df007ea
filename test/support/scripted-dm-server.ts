/**
 * A small scripted OMA DM server for end-to-end tests of the agent: node:http on 127.0.0.1 at a free
 * port. Each request is decoded with src/syncml and matched against the next step of a script; the
 * step checks the request and builds the answer. Anything unexpected (a request beyond the script, a
 * failed check) is recorded in `failures` and answered with HTTP 500, so a test asserts
 * `failures` is empty and its own expectations in the steps.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { decodeMessage, encodeMessage } from '../../src/syncml/index.ts';
import type { Chal, Command, Cred, Location, SyncMLMessage } from '../../src/syncml/index.ts';

export type Encoding = 'xml' | 'wbxml';

export const DM_CONTENT_TYPES: Readonly<Record<Encoding, string>> = {
  xml: 'application/vnd.syncml.dm+xml',
  wbxml: 'application/vnd.syncml.dm+wbxml',
};

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Path and query of the request URL (RespURI routing shows here). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** The decoded message; undefined when the body did not decode (see decodeError). */
  readonly message: SyncMLMessage | undefined;
  readonly encoding: Encoding | undefined;
  readonly decodeError: Error | undefined;
}

/** What a step answers. */
export type ScriptedAnswer =
  /** A SyncML message, encoded like the request (or as `encoding` says). */
  | { readonly kind: 'message'; readonly message: SyncMLMessage; readonly encoding?: Encoding }
  /** Any bytes with any status and content type (garbage, an HTML error page, …). */
  | {
      readonly kind: 'raw';
      readonly status: number;
      readonly contentType: string;
      readonly body: Uint8Array | string;
    }
  /** Keep the connection open and never answer (the agent's timeout must end it). */
  | { readonly kind: 'hang' }
  /** Drop the connection without an answer. */
  | { readonly kind: 'drop' }
  /** Answer once the promise settles (to hold a session open while a test acts). */
  | { readonly kind: 'later'; readonly answer: Promise<ScriptedAnswer> };

export interface ScriptStep {
  /** A name for failure messages. */
  readonly name: string;
  /** Builds the answer; throw (e.g. assert) to record a failure instead. */
  readonly respond: (request: RecordedRequest, server: ScriptContext) => ScriptedAnswer;
}

export interface ScriptContext {
  /** The base URL of the server (http://127.0.0.1:port). */
  readonly url: string;
  /** Next server MsgID (per session id; server and client count independently, reference §2.2). */
  nextMsgId(sessionId: string): string;
}

export interface ScriptedDmServer {
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** Failed checks and requests beyond the script. */
  readonly failures: readonly Error[];
  /** Resolves when every step of the script has been used. */
  readonly finished: Promise<void>;
  /** Steps not used yet. */
  remaining(): number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startScriptedDmServer(script: readonly ScriptStep[]): Promise<ScriptedDmServer> {
  let next = 0;
  let markFinished: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    markFinished = resolve;
  });
  if (script.length === 0) markFinished();
  const server = await serve(() => {
    const step = script[next];
    if (step === undefined) return undefined;
    next++;
    if (next === script.length) markFinished();
    return step;
  });
  return { ...server, finished, remaining: () => script.length - next };
}

/**
 * A server whose answers are computed per request instead of scripted in advance (for flows whose
 * number of sessions depends on the agent, e.g. SCOMO results delivered when work finishes): every
 * request goes to `respond`, which may throw to record a failure (answered HTTP 500).
 */
export async function startRespondingDmServer(
  respond: ScriptStep['respond'],
): Promise<Omit<ScriptedDmServer, 'finished' | 'remaining'>> {
  return serve(() => ({ name: 'respond', respond }));
}

/** The HTTP part shared by both kinds: records, picks the step (none: beyond the script), answers. */
async function serve(
  pick: () => ScriptStep | undefined,
): Promise<Omit<ScriptedDmServer, 'finished' | 'remaining'>> {
  const requests: RecordedRequest[] = [];
  const failures: Error[] = [];
  const msgIds = new Map<string, number>();
  const sockets = new Set<Socket>();

  let url = '';
  const context: ScriptContext = {
    get url() {
      return url;
    },
    nextMsgId(sessionId: string): string {
      const id = (msgIds.get(sessionId) ?? 0) + 1;
      msgIds.set(sessionId, id);
      return String(id);
    },
  };

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const recorded = record(req, body);
      requests.push(recorded);
      const step = pick();
      if (step === undefined) {
        failures.push(new Error(`request ${requests.length} to ${recorded.path} is beyond the script`));
        answerRaw(res, 500, 'text/plain', 'beyond the script');
        return;
      }
      let answer: ScriptedAnswer;
      try {
        answer = step.respond(recorded, context);
      } catch (err) {
        failures.push(
          new Error(`step '${step.name}': ${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
          }),
        );
        answerRaw(res, 500, 'text/plain', 'script check failed');
        return;
      }
      send(res, answer, recorded.encoding ?? 'xml');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    requests,
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

function record(req: IncomingMessage, body: Uint8Array): RecordedRequest {
  const contentType = req.headers['content-type'] ?? '';
  let message: SyncMLMessage | undefined;
  let encoding: Encoding | undefined;
  let decodeError: Error | undefined;
  try {
    const decoded = decodeMessage(body, contentType);
    message = decoded.message;
    encoding = decoded.encoding;
  } catch (err) {
    decodeError = err instanceof Error ? err : new Error(String(err));
  }
  return { path: req.url ?? '/', headers: req.headers, contentType, body, message, encoding, decodeError };
}

function send(res: ServerResponse, answer: ScriptedAnswer, requestEncoding: Encoding): void {
  switch (answer.kind) {
    case 'message': {
      const encoding = answer.encoding ?? requestEncoding;
      answerRaw(res, 200, DM_CONTENT_TYPES[encoding], encodeMessage(answer.message, encoding));
      return;
    }
    case 'raw':
      answerRaw(res, answer.status, answer.contentType, answer.body);
      return;
    case 'hang':
      // Say nothing; close() destroys the socket.
      return;
    case 'drop':
      res.socket?.destroy();
      return;
    case 'later':
      void answer.answer.then(
        (later) => send(res, later, requestEncoding),
        () => res.socket?.destroy(),
      );
      return;
  }
}

function answerRaw(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: Uint8Array | string,
): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

// ---- message builders ------------------------------------------------------------------------

/** The decoded message of a request, or a thrown error naming the decode failure. */
export function messageOf(request: RecordedRequest): SyncMLMessage {
  if (request.message === undefined) {
    throw new Error(`the agent sent a message that does not decode: ${request.decodeError?.message ?? '?'}`);
  }
  return request.message;
}

export interface ReplyOptions {
  /** Status for the SyncHdr: 212 (authenticated for the session) by default. */
  readonly headerStatus?: string;
  readonly chal?: Chal;
  /** The code for each client command that needs a Status (Alert, Replace, Results with errors…). */
  readonly statusFor?: (command: Command) => string | undefined;
  /** Server commands after the statuses; CmdIDs are assigned in order. */
  readonly commands?: readonly Command[];
  readonly respURI?: string;
  /** The server's own credentials in its SyncHdr (DMAcc SRVCRED; reference §3.1). */
  readonly cred?: Cred;
  readonly final?: boolean;
}

/**
 * A server message answering `request` (reference §2.1): header with Target/Source swapped, the same
 * SessionID, the server's next MsgID, Status for the SyncHdr (CmdRef 0), a Status for each client
 * Alert / Replace / Add (not for Status or Results), then `commands` with fresh CmdIDs.
 */
export function reply(
  request: RecordedRequest,
  context: ScriptContext,
  options: ReplyOptions = {},
): SyncMLMessage {
  const incoming = messageOf(request);
  const header = incoming.header;
  let cmdId = 0;
  const nextCmdId = (): string => String(++cmdId);
  const body: Command[] = [
    {
      kind: 'Status',
      cmdID: nextCmdId(),
      msgRef: header.msgID,
      cmdRef: '0',
      cmd: 'SyncHdr',
      targetRefs: [header.target.locURI],
      sourceRefs: [header.source.locURI],
      ...(options.chal === undefined ? {} : { chal: options.chal }),
      data: options.headerStatus ?? '212',
      items: [],
    },
  ];
  for (const command of incoming.body) {
    if (command.kind === 'Status' || command.kind === 'Results') continue;
    const code = options.statusFor?.(command) ?? '200';
    body.push({
      kind: 'Status',
      cmdID: nextCmdId(),
      msgRef: header.msgID,
      cmdRef: command.cmdID,
      cmd: command.kind,
      targetRefs: [],
      sourceRefs: [],
      data: code,
      items: [],
    });
  }
  for (const command of options.commands ?? []) body.push({ ...command, cmdID: nextCmdId() } as Command);
  const target: Location = { locURI: header.source.locURI };
  const source: Location = { locURI: header.target.locURI };
  return {
    header: {
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionID: header.sessionID,
      msgID: context.nextMsgId(header.sessionID),
      target,
      source,
      ...(options.respURI === undefined ? {} : { respURI: options.respURI }),
      ...(options.cred === undefined ? {} : { cred: options.cred }),
    },
    body,
    final: options.final ?? true,
  };
}

/** The commands of a message of a given kind, nested ones excluded. */
export function commandsOf<K extends Command['kind']>(
  message: SyncMLMessage,
  kind: K,
): Extract<Command, { kind: K }>[] {
  return message.body.filter((command): command is Extract<Command, { kind: K }> => command.kind === kind);
}

/** The Status the agent sent for a server command (by its CmdID), or undefined. */
export function agentStatusFor(message: SyncMLMessage, cmdRef: string): string | undefined {
  return commandsOf(message, 'Status').find((status) => status.cmdRef === cmdRef)?.data;
}

// ---- driving the agent command line -----------------------------------------------------------

/** One pino line of the agent's stderr. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface AgentProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  /** Stderr text that was not a JSON log line (usage errors, crashes). */
  readonly otherStderr: string[];
  /** Resolves with the first log line (past or future) matching `predicate`; rejects after `timeoutMs`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Spawns `node src/cli/main.ts agent …args` and collects its log lines; killed after `killAfterMs`. */
export function spawnAgent(args: readonly string[], killAfterMs = 30_000): AgentProcess {
  const child = spawn(process.execPath, [MAIN, 'agent', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const logs: LogLine[] = [];
  const otherStderr: string[] = [];
  const waiters: Array<{ predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let buffer = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      let line: LogLine | undefined;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        if (text.trim() !== '') otherStderr.push(text);
        continue;
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' (not 'exit'): fires once stderr is drained, so every log line is in.
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal });
    });
  });
  return {
    child,
    logs,
    otherStderr,
    exited,
    waitForLog(predicate, timeoutMs = 10_000) {
      const past = logs.find(predicate);
      if (past !== undefined) return Promise.resolve(past);
      return new Promise<LogLine>((resolve, reject) => {
        let settled = false;
        const fail = (why: string): void => {
          if (settled) return;
          settled = true;
          reject(new Error(`${why}; saw: ${logs.map((l) => l.msg).join(' | ')} ${otherStderr.join('\n')}`));
        };
        const timer = setTimeout(() => fail(`no matching agent log line within ${timeoutMs} ms`), timeoutMs);
        waiters.push({
          predicate,
          resolve: (line) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          fail('the agent exited without a matching log line');
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs `scomo agent …args` to its end. */
export async function runAgent(args: readonly string[], killAfterMs = 30_000) {
  const agent = spawnAgent(args, killAfterMs);
  const { code, signal } = await agent.exited;
  return { code, signal, logs: agent.logs, otherStderr: agent.otherStderr };
}

/** The session summary line(s) of an agent run. */
export function sessionLines(logs: readonly LogLine[]): LogLine[] {
  return logs.filter(
    (line) => typeof line.msg === 'string' && line.msg.startsWith('session ') && 'outcome' in line,
  );
}
