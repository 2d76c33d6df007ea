/**
 * One server message, start to finish: decode; check it belongs to this session; take its limits
 * and RespURI; authenticate the server (SRVCRED); read its verdict on our credentials (CLCRED) and
 * its Statuses; stop on Alert 1223; execute its commands inside one tree transaction; then either
 * end (nothing needs a reply) or send the next message. The transaction commits only once the reply
 * is encoded, so a failure never leaves the tree half-changed.
 */
import { ScomoError } from '../../../errors/index.ts';
import { HMAC_HEADER_NAME, nonceToB64 } from '../../../security/index.ts';
import type { SyncHdr, SyncMLMessage } from '../../../syncml/index.ts';
import { onHeaderStatus } from '../auth/client-auth.ts';
import { checkServer } from '../auth/server-auth.ts';
import type { HeaderStatusPlan } from '../auth/server-auth.ts';
import { STATUS } from '../codes.ts';
import { asSessionError, sessionError } from '../errors.ts';
import type { ExecEnv, OutEntry } from '../handlers/index.ts';
import { VER_PROTO } from '../message/header.ts';
import { contentTypeOf, decode } from '../ports/codec.ts';
import type { TreePort, TreeTransaction } from '../ports/tree-port.ts';
import { sendNext } from '../send.ts';
import type { SessionData } from '../session-data.ts';
import type { ServerResponse, Step } from '../types.ts';
import { containsAbort } from './abort.ts';
import { executeBody } from './execute-body.ts';
import { finish, fail } from './finish.ts';
import { refuseAll } from './refuse.ts';
import { applyServerStatuses, findHeaderStatus } from './statuses.ts';

function headerValue(headers: ServerResponse['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function decodeResponse(data: SessionData, response: ServerResponse): SyncMLMessage | ScomoError {
  const contentType =
    response.contentType.trim() === '' ? contentTypeOf(data.options.encoding) : response.contentType;
  try {
    return decode(response.body, contentType);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return sessionError(
      'SCOMO_SESSION_BAD_MESSAGE',
      `The server's response is not a SyncML DM message: ${detail}`,
      err,
    );
  }
}

function checkIdentity(data: SessionData, message: SyncMLMessage): ScomoError | undefined {
  const header = message.header;
  if (header.sessionID.trim().toUpperCase() !== data.options.sessionId.toUpperCase()) {
    return sessionError(
      'SCOMO_SESSION_ID_MISMATCH',
      `The server's message has SessionID ${header.sessionID}; this session is ${data.options.sessionId}.`,
    );
  }
  if (header.verProto.trim().toUpperCase() !== VER_PROTO) {
    return sessionError(
      'SCOMO_SESSION_PROTOCOL_VERSION',
      `The server speaks ${header.verProto}; expected ${VER_PROTO}.`,
    );
  }
  return undefined;
}

/** CLCRED AAuthData takes the server's NextNonce once the server is trusted (reference §3.3). */
function storeClientNonce(data: SessionData): void {
  const nonce = data.clientAuth.pendingNonce;
  if (nonce === undefined) return;
  data.clientAuth.pendingNonce = undefined;
  data.options.account.setNonce('CLCRED', nonce);
  data.summary.accountUpdates.push({ level: 'CLCRED', nonce: nonceToB64(nonce) });
  data.summary.treeChanged = true;
}

function execEnv(data: SessionData, tree: TreePort, msgRef: string, quiet: boolean): ExecEnv {
  return {
    tree,
    encoding: data.options.encoding,
    msgRef,
    ui: data.options.ui,
    serverMaxObjSize: data.serverMaxObjSize,
    ownMaxObjSize: data.options.maxObjSize,
    inbound: data.inbound,
    inboundObjects: data.options.inboundObjects,
    serverId: data.options.serverId,
    quiet,
    summary: data.summary,
    dropOutgoingObjects: false,
  };
}

function rollback(tx: TreeTransaction | undefined): void {
  if (tx === undefined) return;
  try {
    tx.rollback();
  } catch {
    // Nothing more can be done; the session is failing already.
  }
}

/** The server's limits stay in force until it sends new ones (reference §2.9); RespURI moves us. */
function takeHeader(data: SessionData, header: SyncHdr): void {
  if (header.meta?.maxMsgSize !== undefined) data.serverMaxMsgSize = header.meta.maxMsgSize;
  if (header.meta?.maxObjSize !== undefined) data.serverMaxObjSize = header.meta.maxObjSize;
  const respUri = header.respURI?.trim();
  if (respUri !== undefined && respUri !== '') data.url = respUri;
}

/** SRVCRED: verifies the server and plans the Status for its SyncHdr; a ScomoError when we give up. */
function authenticateServer(
  data: SessionData,
  message: SyncMLMessage,
  response: ServerResponse,
): HeaderStatusPlan | ScomoError {
  const { options } = data;
  const evidence = {
    header: message.header,
    hmac: headerValue(response.headers, HMAC_HEADER_NAME),
    body: response.body,
  };
  const plan = checkServer(data.serverAuth, options.account.serverCred, evidence, options.randomBytes);
  data.summary.serverAuthenticated = data.serverAuth.authenticated;
  if (!trusts(plan) && data.serverAuth.failures > options.maxAuthFailures) {
    return sessionError(
      'SCOMO_SESSION_SERVER_AUTH_FAILED',
      `The server failed SRVCRED authentication ${data.serverAuth.failures} times; check SRVCRED AAuthName/AAuthSecret.`,
    );
  }
  data.answering =
    plan.chal === undefined
      ? { header: message.header, code: plan.code }
      : { header: message.header, code: plan.code, chal: plan.chal };
  data.issuedServerNonce = plan.issuedNonce;
  return plan;
}

function trusts(plan: HeaderStatusPlan): boolean {
  return plan.code === '200' || plan.code === '212';
}

export function onResponse(data: SessionData, response: ServerResponse): Step {
  const { options, summary } = data;
  summary.messagesReceived++;
  if (summary.messagesReceived > options.maxMessages) {
    return fail(
      data,
      sessionError(
        'SCOMO_SESSION_TOO_MANY_MESSAGES',
        `The server sent more than ${options.maxMessages} messages.`,
      ),
    );
  }
  const message = decodeResponse(data, response);
  if (message instanceof ScomoError) return fail(data, message);
  const identity = checkIdentity(data, message);
  if (identity !== undefined) return fail(data, identity);
  for (const command of message.body) summary.countReceived(command);
  takeHeader(data, message.header);

  const plan = authenticateServer(data, message, response);
  if (plan instanceof ScomoError) return fail(data, plan);
  const serverTrusted = trusts(plan);
  const credential = options.account.clientCred;
  const verdict = onHeaderStatus(
    data.clientAuth,
    findHeaderStatus(message.body),
    credential,
    options.maxAuthFailures,
  );
  if (verdict.kind === 'failed') return fail(data, verdict.error);
  if (verdict.kind === 'accepted') {
    data.clientAccepted = true;
    summary.clientAuthenticated = true;
  }
  if (serverTrusted) {
    storeClientNonce(data);
    applyServerStatuses(data, message.body);
  }
  if (containsAbort(message.body)) return finish(data, 'aborted');

  // Messages answering our own multi-message package say nothing about the server's package.
  if (data.state !== 'continuing' || !serverTrusted) data.serverPackageOpen = !message.final;
  const tree = options.tree.bind(options.serverId, options.clock());
  const env = execEnv(data, tree, message.header.msgID, message.header.noResp === true);
  let tx: TreeTransaction | undefined;
  try {
    if (!serverTrusted) return refuseServer(data, message, plan.code, env, verdict.kind === 'retry');
    let entries: OutEntry[];
    if (verdict.kind === 'retry') {
      entries = refuseAll(message, STATUS.NOT_EXECUTED, env);
      data.queue.unshift(...data.lastSent);
    } else {
      tx = tree.begin();
      entries = executeBody(message, env);
    }
    data.queue.push(...entries);
    if (env.dropOutgoingObjects) {
      for (const entry of data.queue) if (entry.continues !== undefined) entry.continues.dropped = true;
    }
    const mustReply =
      data.queue.length > 0 ||
      data.serverPackageOpen ||
      data.inbound.pending !== undefined ||
      verdict.kind === 'retry';
    if (!mustReply) {
      tx?.commit();
      return finish(data, 'done');
    }
    const step = sendNext(data);
    tx?.commit();
    return step;
  } catch (err) {
    rollback(tx);
    return fail(data, asSessionError(err, 'SCOMO_SESSION_INTERNAL', 'Answering the server failed'));
  }
}

/**
 * The server failed our check: a reply of Statuses only, carrying the challenge — plus our own last
 * message again when the server challenged us too (otherwise neither side could go on). Anything
 * else we still had queued waits until the server has authenticated.
 */
function refuseServer(
  data: SessionData,
  message: SyncMLMessage,
  code: string,
  env: ExecEnv,
  resend: boolean,
): Step {
  const waiting = data.queue.splice(0);
  const resent = resend ? data.lastSent : [];
  data.queue.push(...refuseAll(message, code, env), ...resent);
  const open = data.serverPackageOpen;
  data.serverPackageOpen = false;
  const step = sendNext(data);
  data.serverPackageOpen = open;
  data.queue.push(...waiting);
  return step;
}
