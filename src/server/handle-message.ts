import { createHash } from 'node:crypto';
import { serverReceiveMessage, serverRefusal, serverSupplyCommands } from '../session/index.ts';
import type {
  DeviceView,
  ServerEngineEnv,
  ServerIncomingMessage,
  ServerOutgoingMessage,
} from '../session/index.ts';
import {
  computeHmacMacFromEquivalent,
  formatHmacHeader,
  HMAC_HEADER_NAME,
  nonceCandidates,
} from '../security/index.ts';
import { decodeRequest, encodeReply, markupToText, sizeIn } from './codec.ts';
import type { DecodedRequest } from './codec.ts';
import type { CoreContext } from './core-context.ts';
import { applyEffects, pendingWrites } from './effects.ts';
import type { SessionDevice } from './effects.ts';
import { serverError } from './errors.ts';
import type { DeviceRecord, MessageCommit } from './ports/store.ts';
import { toJson } from './session-record.ts';
import type { CachedReply, CoreSessionState } from './session-record.ts';
import { abandon, locate, start } from './session-locator.ts';

/** One HTTP request's worth of DM message, as the HTTP adapter hands it over. */
export interface DmRequest {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** Request headers; names compared without case. x-syncml-hmac is read from here. */
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The token from the RespURI the client posted to (sessionTokenFromUrl), if any. */
  readonly sessionToken?: string | null;
}

/** The reply: always HTTP 200 with this SyncML body (protocol errors are SyncML statuses). */
export interface DmResponse {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The session this message belongs to, or null when it was refused outside any session. */
  readonly sessionToken: string | null;
  /** True when the session is over (the client will not post again). */
  readonly ended: boolean;
}

// Reference §2.2: VerProto DM/1.2; DM 1.1.2 clients speak the same protocol for our purposes.
const SUPPORTED_PROTOCOL = /^DM\/1\.[12]$/;

/**
 * The DM server core (STYLE.md "A core that knows no transport"): bytes in, bytes out. Session state
 * is loaded from and saved to the Store by token on every message, so any node can take any message.
 */
export async function handleMessage(core: CoreContext, request: DmRequest): Promise<DmResponse> {
  const now = core.clock.now();
  const decoded = decodeRequest(request.body, request.contentType);
  const { message } = decoded;
  const devId = message.header.source.locURI.trim();
  if (devId === '') return refuse(decoded, 400);
  if (!SUPPORTED_PROTOCOL.test(message.header.verProto.trim())) return refuse(decoded, 513);

  const located = await locate(core, request.sessionToken ?? null, message, devId, now);
  if (located.kind === 'refuse') return refuse(decoded, located.status);
  const requestDigest = createHash('sha256').update(request.body).digest('hex');
  const cached = located.kind === 'existing' ? located.core.lastReply : null;
  // Same MsgID and same bytes: a retransmission. A client that restarts MsgID for its retry after a
  // challenge sends different bytes (new Cred) and is processed normally.
  if (
    located.kind === 'existing' &&
    cached?.clientMsgId === message.header.msgID &&
    cached.requestDigest === requestDigest
  ) {
    // A retransmission (our reply was lost): the same answer, nothing processed twice.
    return fromCache(cached, located.record.token);
  }

  const lookup = await core.registry.lookup(devId, message, now);
  if (lookup.kind === 'refused') {
    if (located.kind === 'existing') await abandon(core, located.record, 'refused');
    return refuse(decoded, 403);
  }
  const device: SessionDevice = { record: lookup.device, stored: lookup.kind === 'known' };

  let session: { token: string; core: CoreSessionState; version: number | null; createdAt: number };
  if (located.kind === 'existing') {
    // Someone took the device over (a newer session): this one is dead. A read here; the renewal
    // itself is a compare-and-set in the message's commit (one transaction per message).
    const lock = await core.store.getDeviceLock(devId);
    if (lock !== null && lock.holder !== located.record.token && lock.expiresAt > now) {
      return refuse(decoded, 408);
    }
    session = {
      token: located.record.token,
      core: located.core,
      version: located.record.version,
      createdAt: located.record.createdAt,
    };
  } else {
    const started = await start(core, decoded, devId, now);
    if (started === null) return refuse(decoded, 417);
    session = { ...started, version: null, createdAt: now };
  }

  const incoming: ServerIncomingMessage = {
    message,
    body: request.body,
    hmacHeader: header(request.headers, HMAC_HEADER_NAME),
    encoding: session.core.encoding,
    now,
    device: viewOf(device.record),
  };
  const env: ServerEngineEnv & { markupToText: typeof markupToText } = {
    random: core.random,
    sizeOf: sizeIn(session.core.encoding),
    options: core.engineOptions,
    markupToText,
  };
  let step = serverReceiveMessage(session.core.engine, incoming, env);
  const pending = pendingWrites();
  // The message's own effects (resolutions of our commands from its Statuses/Results, its Generic
  // Alerts, registration) are applied before claiming: listeners that queue follow-up work in
  // reaction to the device's answer (SCOMO discovery, inventory re-read after an OperationComplete
  // alert) then see it claimed and sent in this same session, not the device's next one. Each is
  // exactly-once in the Store, so a racing node applying the same message changes nothing twice.
  let writes = await applyEffects(core, step.state, device, step.effects, now, pending);
  if (step.next.kind === 'need-commands') {
    const claimed = await core.queue.claimFor(devId, session.token, now, step.next.limit);
    step = serverSupplyCommands(step.state, incoming, claimed, env);
    writes = await applyEffects(core, step.state, device, step.effects, now, pending);
  }
  if (step.next.kind !== 'reply') {
    throw serverError('SCOMO_SERVER_INTERNAL', 'The session engine asked for commands twice in one message.');
  }
  const reply = step.next.reply;
  const response = encode(reply, session.core.encoding, session.token);

  let save: MessageCommit['session'] = null;
  if (!reply.ended) {
    const lastReply: CachedReply = {
      clientMsgId: message.header.msgID,
      requestDigest,
      body: Buffer.from(response.body).toString('base64'),
      contentType: response.contentType,
      headers: response.headers,
    };
    save = {
      write: {
        token: session.token,
        devId,
        createdAt: session.createdAt,
        updatedAt: now,
        expiresAt: now + core.options.sessionTtlMs,
        state: toJson({ engine: step.state, encoding: session.core.encoding, lastReply }),
      },
      expectedVersion: session.version,
    };
  }
  // One transaction for the message's session save, device changes and session ending.
  // An ended session releases the lock in the commit; a continuing one renews it there.
  const renew = located.kind === 'existing' && !reply.ended;
  const committed = await core.store.commitMessage({
    session: save,
    lock: renew ? { devId, holder: session.token, now, ttlMs: core.options.sessionTtlMs } : null,
    ...writes,
  });
  if (!committed.committed) {
    throw serverError(
      'SCOMO_SERVER_SESSION_CONFLICT',
      `Session ${session.token} changed on another node while this message was processed; the client should retry.`,
    );
  }
  return response;
}

function encode(
  reply: ServerOutgoingMessage,
  encoding: CoreSessionState['encoding'],
  token: string,
): DmResponse {
  const { body, contentType } = encodeReply(
    reply.message,
    encoding,
    reply.quirks.includes('legacy-content-type'),
  );
  const headers: Record<string, string> = {};
  if (reply.sign !== null) {
    // Reference §3.4: SRVCRED HMAC signs every message we send, over the exact bytes.
    const nonce =
      reply.sign.nonce === null
        ? new Uint8Array(0)
        : (nonceCandidates(reply.sign.nonce)[0] ?? new Uint8Array(0));
    const mac = computeHmacMacFromEquivalent(reply.sign.passwordEquivalent, nonce, body);
    headers[HMAC_HEADER_NAME] = formatHmacHeader({ username: reply.sign.username, mac });
  }
  return { body, contentType, headers, sessionToken: token, ended: reply.ended };
}

function refuse(decoded: DecodedRequest, status: number): DmResponse {
  const { body, contentType } = encodeReply(serverRefusal(decoded.message, status), decoded.encoding, false);
  return { body, contentType, headers: {}, sessionToken: null, ended: true };
}

function fromCache(cached: CachedReply, token: string): DmResponse {
  return {
    body: new Uint8Array(Buffer.from(cached.body, 'base64')),
    contentType: cached.contentType,
    headers: cached.headers,
    sessionToken: token,
    ended: false,
  };
}

export function viewOf(device: DeviceRecord): DeviceView {
  return {
    devId: device.devId,
    clientCredential: device.clientCredential,
    serverCredential: device.serverCredential,
    clientNonce: device.clientNonce,
    serverNonce: device.serverNonce,
    devInfo: device.devInfo,
    quirks: device.quirks,
  };
}

function header(headers: DmRequest['headers'], name: string): string | null {
  if (headers === undefined) return null;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return null;
}
