import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOTIFICATION_MIME_TYPE } from '../../notification/index.ts';
import { agentError } from '../errors.ts';
import type { TriggerOutcome } from './trigger-gate.ts';

/** A package #0 is at most 24 + 255 bytes plus vendor data; anything near this bound is not one. */
export const MAX_TRIGGER_BYTES = 64 * 1024;

/** The HTTP answer for each outcome: the sender learns whether a session will follow. */
const ANSWERS = {
  accepted: { status: 202, text: 'session will start' },
  duplicate: { status: 200, text: 'session id already handled; no new session' },
  'unknown-server': { status: 403, text: 'no account for this server id' },
  'no-secret': { status: 403, text: 'no SRVCRED secret to verify the digest with' },
  'bad-digest': { status: 403, text: 'digest does not verify' },
  malformed: { status: 400, text: 'not a package #0' },
} as const satisfies Record<TriggerOutcome['kind'], { status: number; text: string }>;

export interface Listener {
  /** The bound port (useful when 0 asked the system for a free one). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The package #0 endpoint over HTTP (reference §4.3: "deliver the same byte blob by any side channel,
 * e.g. HTTP POST to the agent"): POST, body = package #0, Content-Type application/vnd.syncml.notification.
 */
export async function listenHttp(
  host: string,
  port: number,
  onTrigger: (bytes: Uint8Array) => TriggerOutcome,
): Promise<Listener> {
  const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    handle(req, res, onTrigger);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        agentError(
          'SCOMO_AGENT_LISTEN',
          `Cannot listen for triggers on http://${host}:${port}: ${err.message}.`,
          err,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  onTrigger: (bytes: Uint8Array) => TriggerOutcome,
): void {
  if (req.method !== 'POST') {
    reply(res, 405, `POST a package #0 with Content-Type ${NOTIFICATION_MIME_TYPE}`, { allow: 'POST' });
    req.resume();
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== NOTIFICATION_MIME_TYPE) {
    reply(res, 415, `expected Content-Type ${NOTIFICATION_MIME_TYPE}`);
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_TRIGGER_BYTES && !refused) {
      refused = true;
      reply(res, 413, `a package #0 is at most ${MAX_TRIGGER_BYTES} bytes`, { connection: 'close' });
      req.destroy();
    }
    if (!refused) chunks.push(chunk);
  });
  req.on('error', () => {
    // A client that drops its connection mid-body: nothing to answer, nothing started.
  });
  req.on('end', () => {
    if (refused) return;
    let outcome: TriggerOutcome;
    try {
      outcome = onTrigger(new Uint8Array(Buffer.concat(chunks)));
    } catch {
      // A bug behind the gate must not take the listener (or the agent) down.
      reply(res, 500, 'the trigger could not be handled');
      return;
    }
    const answer = ANSWERS[outcome.kind];
    reply(res, answer.status, answer.text);
  });
}

function reply(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}
