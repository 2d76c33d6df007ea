import type { SyncMLMessage } from '../../syncml/index.ts';
import type { CommandOutcome } from './outcome.ts';
import type { QuirkName, QuirkProfile } from './quirks.ts';
import type { SessionEnding, SessionState } from './state.ts';

/** What the engine needs to know about the device (a read-only view of the Store's DeviceRecord). */
export type DeviceView = {
  readonly devId: string;
  readonly clientCredential: {
    readonly authType: 'BASIC' | 'DIGEST' | 'HMAC';
    readonly username: string;
    /** B64(MD5(username ":" password)) (reference §3.2). */
    readonly passwordEquivalent: string;
  } | null;
  readonly serverCredential: {
    readonly authType: 'DIGEST' | 'HMAC';
    readonly username: string;
    readonly passwordEquivalent: string;
  } | null;
  /** The nonce we last issued to the device (b64). */
  readonly clientNonce: string | null;
  /** The nonce the device last issued to us (b64). */
  readonly serverNonce: string | null;
  readonly devInfo: Readonly<Record<string, string>>;
  /** Quirk names forced by an operator. */
  readonly quirks: readonly string[];
};

export type MessageEncoding = 'xml' | 'wbxml';

export interface IncomingMessage {
  readonly message: SyncMLMessage;
  /** The exact received entity bytes (HMAC covers them, reference §3.4). */
  readonly body: Uint8Array;
  /** The x-syncml-hmac header value, if any. */
  readonly hmacHeader: string | null;
  readonly encoding: MessageEncoding;
  readonly now: number;
  readonly device: DeviceView;
}

export interface EngineOptions {
  /** Failed authentications in one session before it is closed. */
  readonly maxAuthAttempts: number;
  /** Used when the client announces no MaxMsgSize; null: no limit. */
  readonly defaultClientMaxMsgSize: number | null;
  /** Our MaxMsgSize / MaxObjSize, announced in our first message. */
  readonly maxMsgSize: number;
  readonly maxObjSize: number | null;
  /** How many queued commands to claim at a time. */
  readonly claimBatch: number;
  /** A large object chunk smaller than this waits for the next message. */
  readonly minChunkSize: number;
  readonly quirkProfiles: readonly QuirkProfile[];
}

export interface EngineEnv {
  /** Cryptographically random bytes (nonces). */
  readonly random: (n: number) => Uint8Array;
  /** The encoded size in bytes of a message in the session's encoding. */
  readonly sizeOf: (message: SyncMLMessage) => number;
  readonly options: EngineOptions;
}

/** One item of a client alert (1226 Generic Alert, 1224 Client Event) to store and dispatch. */
export type ClientAlert = {
  /** Deterministic (session token, MsgID, CmdID, item index), so a retransmission stores it once. */
  readonly id: string;
  readonly alertCode: string;
  readonly correlator: string | null;
  readonly type: string | null;
  readonly format: string | null;
  readonly mark: string | null;
  readonly source: string | null;
  readonly target: string | null;
  readonly data: string | null;
  readonly encoding: 'text' | 'b64';
};

/** What the caller must do after a transition, in order. */
export type Effect =
  | { readonly type: 'client-authenticated'; readonly authType: 'none' | 'BASIC' | 'DIGEST' | 'HMAC' }
  /** Store the nonce issued to the client (b64): its next md5/HMAC credential uses it. */
  | { readonly type: 'set-client-nonce'; readonly nonce: string }
  /** Store the nonce the (authenticated) client issued to us (b64). */
  | { readonly type: 'set-server-nonce'; readonly nonce: string }
  | { readonly type: 'device-info'; readonly devInfo: Readonly<Record<string, string>> }
  | { readonly type: 'client-alert'; readonly alert: ClientAlert }
  | { readonly type: 'resolve'; readonly queueId: string; readonly outcome: CommandOutcome }
  /** Give claimed commands back to the queue (never sent, or in doubt and to be re-delivered). */
  | { readonly type: 'release'; readonly queueIds: readonly string[] }
  | {
      readonly type: 'session-ended';
      readonly ending: SessionEnding;
      readonly finalStatuses: readonly { readonly cmd: string; readonly status: number }[];
    };

/** Credentials to sign our reply with (SRVCRED HMAC, reference §3.4): the core has the bytes. */
export type HmacSigning = {
  readonly username: string;
  readonly passwordEquivalent: string;
  /** The nonce the client issued (b64), or null when it issued none. */
  readonly nonce: string | null;
};

export interface OutgoingMessage {
  readonly message: SyncMLMessage;
  readonly sign: HmacSigning | null;
  /** The session is over: nothing more will come for this token. */
  readonly ended: boolean;
  readonly quirks: readonly QuirkName[];
}

/** A queued command claimed for this session (payload not yet validated). */
export type ClaimedCommand = { readonly queueId: string; readonly payload: unknown };

export type Next =
  | { readonly kind: 'reply'; readonly reply: OutgoingMessage }
  /** Claim up to `limit` queued commands for this session and call `supplyCommands`. */
  | { readonly kind: 'need-commands'; readonly limit: number };

export interface StepResult {
  readonly state: SessionState;
  readonly effects: readonly Effect[];
  readonly next: Next;
}
