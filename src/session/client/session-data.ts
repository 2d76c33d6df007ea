/**
 * Everything one session remembers between messages. The named state is `state`; the rest is the
 * data the transition function reads and updates.
 */
import type { Chal, SyncHdr } from '../../syncml/index.ts';
import { initialClientAuth } from './auth/client-auth.ts';
import type { ClientAuthState } from './auth/client-auth.ts';
import { initialServerAuth } from './auth/server-auth.ts';
import type { ServerAuthState } from './auth/server-auth.ts';
import type { OutEntry, Track } from './handlers/index.ts';
import { InboundObjects } from './large-object/inbound.ts';
import type { ResolvedOptions } from './options.ts';
import type { DevInfoValues } from './ports/tree-port.ts';
import { SummaryBuilder } from './summary.ts';
import type { ClientSessionState } from './types.ts';

export interface SessionData {
  readonly options: ResolvedOptions;
  readonly devInfo: DevInfoValues;
  state: ClientSessionState;
  /** The MsgID of our last message (our counter starts at 1, reference §2.2). */
  msgId: number;
  /** Where the next message goes: DMAcc Addr, then the server's latest RespURI. */
  url: string;
  readonly clientAuth: ClientAuthState;
  readonly serverAuth: ServerAuthState;
  /** The server accepted our credentials at least once (or asked for none). */
  clientAccepted: boolean;
  /** The server's limits from its SyncHdr Meta; they stay in force until it sends new ones. */
  serverMaxMsgSize: number | undefined;
  serverMaxObjSize: number | undefined;
  /** The server's current package is not finished (its last message had no Final). */
  serverPackageOpen: boolean;
  /** Reply commands not yet sent. */
  readonly queue: OutEntry[];
  /** The commands of our last message, resent after a challenge (reference §3.3). */
  lastSent: OutEntry[];
  /** What we sent, by `${MsgID}:${CmdID}`, to understand the server's Statuses. */
  readonly sent: Map<string, Track>;
  readonly inbound: InboundObjects;
  nextObjectId: number;
  /** The server message being answered and the Status we owe its SyncHdr. */
  answering: { readonly header: SyncHdr; readonly code: string; readonly chal?: Chal } | undefined;
  /** A nonce issued in that Status's Chal: stored in SRVCRED AAuthData when the reply is sent. */
  issuedServerNonce: Uint8Array | undefined;
  readonly summary: SummaryBuilder;
  readonly startRevision: number;
}

export function createSessionData(options: ResolvedOptions): SessionData {
  const account = options.account;
  const clientAuth = initialClientAuth(options.auth, account.clientCred);
  return {
    options,
    devInfo: options.tree.devInfo(),
    state: 'idle',
    msgId: 0,
    url: account.addr,
    clientAuth,
    serverAuth: initialServerAuth(account.serverCred),
    clientAccepted: false,
    serverMaxMsgSize: undefined,
    serverMaxObjSize: undefined,
    serverPackageOpen: false,
    queue: [],
    lastSent: [],
    sent: new Map(),
    inbound: new InboundObjects(),
    nextObjectId: 1,
    answering: undefined,
    issuedServerNonce: undefined,
    summary: new SummaryBuilder(options.sessionId, options.serverId),
    startRevision: options.tree.revision(),
  };
}
