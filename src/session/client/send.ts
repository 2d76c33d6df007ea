/**
 * Producing our next message: header with credentials, the Status for the server's SyncHdr, the
 * packed reply queue, the HMAC header over the exact body bytes. Records what was sent so the
 * server's Statuses can be understood, and moves to the next named state.
 */
import { HMAC_HEADER_NAME, nonceToB64 } from '../../security/index.ts';
import { headerCredentials, hmacHeaderValue, presentsCredentials } from './auth/client-auth.ts';
import { headerStatus, buildHeader } from './message/header.ts';
import { packMessage } from './outbox/packer.ts';
import { contentTypeOf, encode } from './ports/codec.ts';
import type { SessionData } from './session-data.ts';
import type { Step } from './types.ts';

export function sendNext(data: SessionData): Step {
  const { options } = data;
  const account = options.account;
  const credential = account.clientCred;
  const credentials = headerCredentials(data.clientAuth, credential);
  data.msgId++;
  const header = buildHeader({
    sessionId: options.sessionId,
    msgId: data.msgId,
    target: account.addr,
    source: data.devInfo.devId,
    locName: credentials.locName,
    cred: credentials.cred,
    maxMsgSize: options.maxMsgSize,
    maxObjSize: options.maxObjSize,
  });
  const answering = data.answering;
  const status =
    answering === undefined ? undefined : headerStatus(answering.header, answering.code, answering.chal);
  const packed = packMessage({
    header,
    headerStatus: status,
    queue: data.queue,
    limit: data.serverMaxMsgSize,
    closePackage: !data.serverPackageOpen && data.inbound.pending === undefined,
    encoding: options.encoding,
    encode: (message) => encode(message, options.encoding),
    newObjectId: () => data.nextObjectId++,
  });

  for (const entry of packed.sent) {
    if (entry.track !== undefined) data.sent.set(`${data.msgId}:${entry.command.cmdID}`, entry.track);
  }
  data.lastSent = [...packed.sent];
  for (const command of packed.message.body) {
    if (command.kind === 'Status') data.summary.countStatusSent(command.data);
  }
  data.summary.messagesSent++;
  data.clientAuth.presented = presentsCredentials(data.clientAuth, credential);

  // The nonce we issued reaches the server only now: only now is it ours to expect (reference §3.3).
  if (data.issuedServerNonce !== undefined) {
    account.setNonce('SRVCRED', data.issuedServerNonce);
    data.summary.accountUpdates.push({ level: 'SRVCRED', nonce: nonceToB64(data.issuedServerNonce) });
    data.summary.treeChanged = true;
    data.issuedServerNonce = undefined;
  }

  const contentType = contentTypeOf(options.encoding);
  const headers: Record<string, string> = { 'content-type': contentType, accept: contentType };
  const mac = hmacHeaderValue(data.clientAuth, credential, packed.body);
  if (mac !== undefined) headers[HMAC_HEADER_NAME] = mac;

  if (data.queue.length > 0) data.state = 'continuing';
  else data.state = data.clientAccepted ? 'managing' : 'authenticating';
  return { kind: 'send', url: data.url, body: packed.body, contentType, headers };
}
