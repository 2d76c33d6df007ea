/**
 * Public shapes of the DM client session engine: options in, steps out. The engine takes the
 * server's response bytes and returns the next request bytes; the agent adapter only does HTTP.
 */
import type { ScomoError } from '../../errors/index.ts';
import type { CommandKind, MessageEncoding } from '../../syncml/index.ts';
import type { UiHandler } from './ui/types.ts';
import type { InboundObjectHook } from './large-object/sink.ts';
import type { SessionTree } from './ports/device-tree.ts';

/** How package #1 authenticates first (reference §3.2); the session follows the server's Chal anyway. */
export const CLIENT_AUTH_MODES = ['none', 'basic', 'md5', 'hmac'] as const;
export type ClientAuthMode = (typeof CLIENT_AUTH_MODES)[number];

/** Alert 1200 (server-initiated, after package #0) or 1201 (client-initiated) in package #1. */
export const SESSION_INITIATORS = ['client', 'server'] as const;
export type SessionInitiator = (typeof SESSION_INITIATORS)[number];

/** One Item of a queued Generic Alert (reference §2.10: Meta Type, Format and Data are mandatory). */
export interface GenericAlertItem {
  /** Source LocURI: the node the alert is about (optional unless the MO says so). */
  readonly source?: string;
  /** Target LocURI (SCOMO puts the operation's URI here). */
  readonly target?: string;
  readonly type: string;
  readonly format: string;
  /** Severity, reference §2.10; absent means informational. */
  readonly mark?: string;
  readonly data: string;
}

/** A Generic Alert (1226) the agent has queued persistently; `id` is the agent's and never sent. */
export interface PendingAlert {
  readonly id: string;
  /** The Correlator of the Exec this alert reports on, echoed exactly; absent when the Exec had none. */
  readonly correlator?: string;
  readonly items: readonly GenericAlertItem[];
}

export interface ClientSessionOptions {
  /** The device's management tree (src/tree); DevInfo and the DMAcc account are read from it. */
  readonly tree: SessionTree;
  /** Which DMAcc account: its AppAddr Addr is the first URL; CLCRED / SRVCRED come from it. */
  readonly serverId: string;
  /** Hex session id; for a server-initiated session, the package #0 session id. */
  readonly sessionId: string;
  readonly initiator: SessionInitiator;
  readonly encoding: MessageEncoding;
  /** Preferred first try; default: the CLCRED AAuthType (BASIC → basic, DIGEST → md5, HMAC → hmac). */
  readonly auth?: ClientAuthMode;
  /** Our limits, announced in every SyncHdr Meta (reference §2.9). */
  readonly maxMsgSize: number;
  readonly maxObjSize: number;
  /** Queued 1226 alerts, sent in package #1. */
  readonly genericAlerts?: readonly PendingAlert[];
  /** UI alerts 1100–1104; without it they are answered 406 (reference §2.6). See nonInteractiveUi(). */
  readonly ui?: UiHandler;
  /**
   * Where the chunks of a large object from the server go (reference §2.8): asked at the first chunk
   * of each; undefined (the default) buffers the object and writes it to the tree after the last.
   */
  readonly inboundObjects?: InboundObjectHook;
  /** ms since the epoch (TStamp of changed nodes). */
  readonly clock: () => number;
  /** Cryptographically random bytes (nonces issued to the server). */
  readonly randomBytes: (n: number) => Uint8Array;
  /**
   * How many rejections of our credentials end the session (default 2: "401 twice → failed"); also
   * how many challenges we send a server that fails SRVCRED before giving up.
   */
  readonly maxAuthFailures?: number;
  /** Bound on messages received in one session (default 1000), against a server that never ends. */
  readonly maxMessages?: number;
}

/** The server's HTTP response as the adapter received it. Header names are matched case-insensitively. */
export interface ServerResponse {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export type Step =
  | {
      readonly kind: 'send';
      /** The server URI from DMAcc, or the latest RespURI. */
      readonly url: string;
      readonly body: Uint8Array;
      readonly contentType: string;
      /** content-type, accept, and x-syncml-hmac in HMAC mode. */
      readonly headers: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'done'; readonly summary: SessionSummary }
  | { readonly kind: 'failed'; readonly error: ScomoError; readonly summary: SessionSummary };

/** A nonce stored into DMAcc AAuthData during the session (b64 text of the raw nonce bytes). */
export interface AccountUpdate {
  readonly level: 'CLCRED' | 'SRVCRED';
  readonly nonce: string;
}

/** An Exec answered 202: its result will follow in a later session as a Generic Alert. */
export interface AcceptedExec {
  readonly uri: string;
  readonly correlator?: string;
}

export const SESSION_ENDINGS = ['in-progress', 'completed', 'aborted-by-server', 'failed'] as const;
export type SessionEnding = (typeof SESSION_ENDINGS)[number];

export interface SessionSummary {
  readonly sessionId: string;
  readonly serverId: string;
  readonly ending: SessionEnding;
  readonly messagesSent: number;
  readonly messagesReceived: number;
  /** Server commands received, per kind, nested ones (inside Atomic/Sequence) included. */
  readonly commandsReceived: Readonly<Partial<Record<CommandKind, number>>>;
  /** Statuses we sent, per code (the Status for the SyncHdr included). */
  readonly statusesSent: Readonly<Record<string, number>>;
  /** Ids of queued Generic Alerts the server answered 200 or 202: the agent may drop them. */
  readonly acknowledgedAlerts: readonly string[];
  /** True when the tree must be persisted: a server command changed it, or a nonce was stored. */
  readonly treeChanged: boolean;
  readonly accountUpdates: readonly AccountUpdate[];
  readonly acceptedExecs: readonly AcceptedExec[];
  /** The server accepted our credentials (212/200), or asked for none. */
  readonly clientAuthenticated: boolean;
  /** We verified the server's credentials, or SRVCRED asks for none. */
  readonly serverAuthenticated: boolean;
}

/**
 * Named states (DESIGN.md "State machines have named states"):
 * - idle: created, start() not yet called;
 * - authenticating: package #1 sent (or re-sent with credentials), awaiting package #2;
 * - managing: a reply message sent, awaiting the server's next message;
 * - continuing: a non-final message of our own multi-message package sent, awaiting Alert 1222;
 * - done / aborted (server's Alert 1223) / failed: terminal.
 */
export const CLIENT_SESSION_STATES = [
  'idle',
  'authenticating',
  'managing',
  'continuing',
  'done',
  'aborted',
  'failed',
] as const;
export type ClientSessionState = (typeof CLIENT_SESSION_STATES)[number];

export interface ClientSession {
  /** Package #1. */
  start(): Step;
  /** Feeds the server's response; never throws. */
  receive(response: ServerResponse): Step;
  readonly state: ClientSessionState;
  /** The summary so far (also carried by the final step). */
  readonly summary: SessionSummary;
}
