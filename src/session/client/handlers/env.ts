/**
 * What a command handler works with: the bound tree, the session's limits and large-object state,
 * and the reply it appends to. Handlers return an Outcome so that Sequence and Atomic can react.
 */
import type { Alert, MessageEncoding, Replace, Results, Status } from '../../../syncml/index.ts';
import type { TreePort } from '../ports/tree-port.ts';
import type { UiHandler } from '../ui/types.ts';
import type { InboundObjects } from '../large-object/inbound.ts';
import type { InboundObjectHook } from '../large-object/sink.ts';
import type { SummaryBuilder } from '../summary.ts';

/**
 * ok: every item succeeded; failed: some item did not; declined: a 1101 answered "No" (304);
 * cancelled: the user cancelled a UI alert (214), so the enclosing commands stop (reference §2.6).
 */
export type Outcome = 'ok' | 'failed' | 'declined' | 'cancelled';

/** What we must remember about a command we send, to understand the server's Status for it. */
export type Track =
  | { readonly kind: 'generic-alert'; readonly id: string }
  | { readonly kind: 'results-chunk'; readonly object: OutgoingObject };

/** A reply command waiting for a CmdID (assigned when it is packed into a message). */
export interface OutEntry {
  /** Replace only in package #1 (DevInfo). */
  readonly command: Status | Results | Alert | Replace;
  readonly track?: Track;
  /** A Results carrying the rest of a large object: its first Item continues a chunked value. */
  readonly continues?: OutgoingObject;
}

/** A Results Item being sent as a large object (reference §2.8). */
export interface OutgoingObject {
  readonly id: number;
  /** Meta Size announced on the first chunk (the transmitted size). */
  readonly totalSize: number;
  /** Set when the server refused a chunk: the rest is dropped. */
  dropped: boolean;
}

export interface Scope {
  readonly atomic: boolean;
  readonly sequence: boolean;
}

export const TOP_SCOPE: Scope = { atomic: false, sequence: false };

export interface ExecEnv {
  readonly tree: TreePort;
  /** The encoding of our reply: XML cannot carry every character a value may hold. */
  readonly encoding: MessageEncoding;
  /** MsgID of the server message being answered (MsgRef of our Statuses and Results). */
  readonly msgRef: string;
  readonly ui: UiHandler | undefined;
  /** The server's MaxObjSize (undefined: unlimited); Results values over it are refused with 413. */
  readonly serverMaxObjSize: number | undefined;
  /** Ours: inbound objects over it are refused with 413. */
  readonly ownMaxObjSize: number;
  readonly inbound: InboundObjects;
  /** The embedder's choice of where a large object's chunks go (large-object/sink.ts). */
  readonly inboundObjects: InboundObjectHook | undefined;
  /** The authenticated server (told to the hook). */
  readonly serverId: string;
  /** SyncHdr NoResp: no Status for the commands of this message. */
  readonly quiet: boolean;
  readonly summary: SummaryBuilder;
  /** Set by an Alert 1225 from the server: stop sending our chunked object. */
  dropOutgoingObjects: boolean;
}
