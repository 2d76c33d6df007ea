/**
 * A lockstep driver for server tests: a scripted DM client that builds its messages from the model,
 * sends them through a DmServer in XML or WBXML, and decodes the replies. It knows just enough of the
 * client side (credentials, nonces from Chal, RespURI, answering commands) to script a session.
 */
import {
  computeHmacMac,
  formatHmacHeader,
  md5Digest,
  nonceCandidates,
  basicCredential,
} from '../../security/index.ts';
import { contentTypeFor, decodeMessage, encodeMessage } from '../../syncml/index.ts';
import type {
  Command,
  Cred,
  Item,
  Meta,
  MessageEncoding,
  Status,
  SyncHdr,
  SyncMLMessage,
} from '../../syncml/index.ts';
import type { DmResponse } from '../handle-message.ts';
import type { DmServer } from '../server.ts';

export type ClientAuth = {
  readonly type: 'BASIC' | 'DIGEST' | 'HMAC';
  readonly username: string;
  readonly password: string;
} | null;

export interface ScriptedClientOptions {
  readonly devId: string;
  readonly encoding: MessageEncoding;
  readonly serverUrl?: string;
  readonly sessionId?: string;
  readonly maxMsgSize?: number;
  readonly maxObjSize?: number;
  readonly auth?: ClientAuth;
  /** The nonce the client holds for its next md5/HMAC credential (b64). */
  readonly nonce?: string | null;
}

export interface Exchange {
  readonly request: Uint8Array;
  readonly response: DmResponse;
  readonly reply: SyncMLMessage;
}

/** How the scripted device answers one server command: a status code and, for Get, result items. */
export type DeviceAnswer = (command: Command) => { status: number; results?: Item[] };

export const DEFAULT_DEVINFO: Readonly<Record<string, string>> = {
  './DevInfo/DevId': 'IMEI:1',
  './DevInfo/Man': 'Acme',
  './DevInfo/Mod': 'Rocket',
  './DevInfo/DmV': '1.2',
  './DevInfo/Lang': 'en',
};

export class ScriptedClient {
  readonly options: ScriptedClientOptions;
  readonly exchanges: Exchange[] = [];
  /** The nonce from the server's last Chal (b64). */
  nonce: string | null;
  token: string | null = null;
  msgId = 0;
  sessionId: string;
  /** Send Cred in the next message (md5/basic: until the server answers 212). */
  sendCred = true;
  readonly #server: DmServer;

  constructor(server: DmServer, options: ScriptedClientOptions) {
    this.#server = server;
    this.options = options;
    this.nonce = options.nonce ?? null;
    this.sessionId = options.sessionId ?? '1A';
  }

  /** Package #1: Alert 1201 (or 1200), the DevInfo Replace, and any extra commands (Generic Alerts). */
  pkg1(
    extra: Command[] = [],
    devInfo: Readonly<Record<string, string>> = { ...DEFAULT_DEVINFO, './DevInfo/DevId': this.options.devId },
    code = '1201',
  ): Command[] {
    const items: Item[] = Object.entries(devInfo).map(([uri, data]) => ({
      source: { locURI: uri },
      meta: { format: 'chr', type: 'text/plain' },
      data,
    }));
    return [
      { kind: 'Alert', cmdID: '1', data: code, items: [] },
      { kind: 'Replace', cmdID: '2', items },
      ...extra.map((command, i) => ({ ...command, cmdID: String(i + 3) })),
    ];
  }

  header(): SyncHdr {
    const { options } = this;
    const meta: Meta = {};
    if (options.maxMsgSize !== undefined) meta.maxMsgSize = options.maxMsgSize;
    if (options.maxObjSize !== undefined) meta.maxObjSize = options.maxObjSize;
    const auth = options.auth ?? null;
    const header: SyncHdr = {
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionID: this.sessionId,
      msgID: String(this.msgId),
      target: { locURI: options.serverUrl ?? 'https://dm.example.com/dm' },
      source: auth === null ? { locURI: options.devId } : { locURI: options.devId, locName: auth.username },
    };
    if (Object.keys(meta).length > 0) header.meta = meta;
    const cred = this.#cred();
    if (cred !== null) header.cred = cred;
    return header;
  }

  /** Sends one message with `body` (CmdIDs as given). */
  async send(
    body: Command[],
    final = true,
    overrides: { hmac?: string | null; token?: string | null } = {},
  ): Promise<Exchange> {
    this.msgId += 1;
    const message: SyncMLMessage = { header: this.header(), body, final };
    const bytes = encodeMessage(message, this.options.encoding);
    return this.sendBytes(bytes, overrides);
  }

  /** Sends exact bytes (a replay, a retransmission). */
  async sendBytes(
    bytes: Uint8Array,
    overrides: { hmac?: string | null; token?: string | null } = {},
  ): Promise<Exchange> {
    const headers: Record<string, string> = {};
    const hmac = overrides.hmac === undefined ? this.#hmac(bytes) : overrides.hmac;
    if (hmac !== null) headers['X-Syncml-HMAC'] = hmac;
    const response = await this.#server.handleMessage({
      body: bytes,
      contentType: contentTypeFor(this.options.encoding),
      headers,
      sessionToken: overrides.token === undefined ? this.token : overrides.token,
    });
    const reply = decodeMessage(response.body, response.contentType).message;
    this.#learn(reply);
    const exchange = { request: bytes, response, reply };
    this.exchanges.push(exchange);
    return exchange;
  }

  /**
   * Answers every command of the server's message as the device would (statuses, Results for Gets,
   * 213 for chunks, Alert 1222 when the server's package continues) and sends that.
   */
  async answer(
    reply: SyncMLMessage,
    answer: DeviceAnswer = () => ({ status: 200 }),
    extra: Command[] = [],
  ): Promise<Exchange> {
    const msgRef = reply.header.msgID;
    const body: Command[] = [];
    let id = 1;
    const next = () => String(id++);
    body.push(statusFor(next(), msgRef, '0', 'SyncHdr', 200));
    const visit = (commands: readonly Command[]): void => {
      for (const command of commands) {
        if (command.kind === 'Status' || command.kind === 'Results') continue;
        const chunk =
          (command.kind === 'Add' || command.kind === 'Replace') &&
          command.items.some((i) => i.moreData === true);
        const { status, results } = chunk ? { status: 213, results: undefined } : answer(command);
        body.push(statusFor(next(), msgRef, command.cmdID, command.kind, status));
        if (command.kind === 'Get' && results !== undefined && status === 200) {
          body.push({
            kind: 'Results',
            cmdID: next(),
            msgRef,
            cmdRef: command.cmdID,
            targetRefs: [],
            sourceRefs: [],
            items: results,
          });
        }
        if ((command.kind === 'Atomic' || command.kind === 'Sequence') && status < 300)
          visit(command.commands);
      }
    };
    visit(reply.body);
    for (const command of extra) body.push({ ...command, cmdID: next() } as Command);
    if (!reply.final) body.push({ kind: 'Alert', cmdID: next(), data: '1222', items: [] });
    return this.send(body, reply.final);
  }

  /** Drives the session to its end answering with `answer`; returns every server message. */
  async run(first: Exchange, answer?: DeviceAnswer, limit = 50): Promise<Exchange[]> {
    const seen = [first];
    let current = first;
    while (!current.response.ended) {
      if (seen.length > limit) throw new Error(`session did not end within ${limit} messages`);
      current = await this.answer(current.reply, answer);
      seen.push(current);
    }
    return seen;
  }

  #cred(): Cred | null {
    const auth = this.options.auth ?? null;
    if (auth === null || !this.sendCred || auth.type === 'HMAC') return null;
    if (auth.type === 'BASIC') {
      return {
        meta: { type: 'syncml:auth-basic', format: 'b64' },
        data: basicCredential(auth.username, auth.password),
      };
    }
    const nonce =
      this.nonce === null ? new Uint8Array(0) : (nonceCandidates(this.nonce)[0] ?? new Uint8Array(0));
    return {
      meta: { type: 'syncml:auth-md5', format: 'b64' },
      data: md5Digest(auth.username, auth.password, nonce),
    };
  }

  #hmac(bytes: Uint8Array): string | null {
    const auth = this.options.auth ?? null;
    if (auth === null || auth.type !== 'HMAC') return null;
    const nonce =
      this.nonce === null ? new Uint8Array(0) : (nonceCandidates(this.nonce)[0] ?? new Uint8Array(0));
    return formatHmacHeader({
      username: auth.username,
      mac: computeHmacMac(auth.username, auth.password, nonce, bytes),
    });
  }

  /** Picks up what a real client keeps: the NextNonce, 212, and the RespURI token. */
  #learn(reply: SyncMLMessage): void {
    const headerStatus = reply.body.find((c): c is Status => c.kind === 'Status' && c.cmdRef === '0');
    const nextNonce = headerStatus?.chal?.meta.nextNonce;
    if (nextNonce !== undefined) this.nonce = nextNonce;
    if (headerStatus?.data === '212') this.sendCred = false;
    if (headerStatus?.data === '401' || headerStatus?.data === '407') this.sendCred = true;
    const respUri = reply.header.respURI;
    if (respUri !== undefined) this.token = new URL(respUri).searchParams.get('s');
  }
}

export function statusFor(cmdID: string, msgRef: string, cmdRef: string, cmd: string, code: number): Status {
  return {
    kind: 'Status',
    cmdID,
    msgRef,
    cmdRef,
    cmd,
    targetRefs: [],
    sourceRefs: [],
    data: String(code),
    items: [],
  };
}

/** The commands of a server message other than Status. */
export function commandsOf(message: SyncMLMessage): Command[] {
  return message.body.filter((c) => c.kind !== 'Status');
}

/** The Status for SyncHdr of a server message. */
export function headerStatusOf(message: SyncMLMessage): Status | undefined {
  return message.body.find((c): c is Status => c.kind === 'Status' && c.cmdRef === '0');
}
