/**
 * What tree operations take and return: plain values, never SyncML. The session engine turns a Get
 * result into Results items and a status number into a Status command.
 */
import type { NodeData, NodeFormat } from './format.ts';
import type { TreeFailureStatus, TreeStatus } from './status.ts';
import type { TndsTree } from './tnds/types.ts';

/** Who is asking: the ServerID the session authenticated, and the time for TStamp. */
export interface OpContext {
  readonly serverId: string;
  /** ms since the epoch; falls back to the tree's clock. */
  readonly now?: number;
}

/** The payload of an Add or Replace Item: Meta Format / Type (omitted = keep or default) and Data. */
export interface NodeItem {
  readonly format?: string;
  readonly type?: string;
  readonly data?: NodeData;
}

/** A node value, an interior node's child list (`a/b/c`, Format `node`) or a property value. */
export interface ValueResult {
  readonly kind: 'value';
  readonly format: NodeFormat;
  readonly type: string;
  /** Stored data, not a copy: callers must not mutate a returned Uint8Array. */
  readonly data: NodeData;
}

/** One node of a `?list=Struct|StructData` result (DM 1.2 TND §8.4.2). */
export interface ListEntry {
  /** The requested URI as written, extended by child names. */
  readonly uri: string;
  readonly format: NodeFormat;
  readonly type: string;
  /** StructData only, for leaves the server may read. */
  readonly data?: NodeData;
}

export interface ListResult {
  readonly kind: 'list';
  readonly entries: readonly ListEntry[];
}

export interface TndsResult {
  readonly kind: 'tnds';
  readonly tree: TndsTree;
}

export type GetResult = ValueResult | ListResult | TndsResult;

export type GetOutcome =
  { readonly status: 200; readonly result: GetResult } | { readonly status: TreeFailureStatus };

/** The Exec command's payload (DM 1.2 RepPro §6.6.8). */
export interface ExecRequest {
  readonly data?: NodeData;
  readonly format?: string;
  readonly type?: string;
  readonly correlator?: string;
}

/** 200 done, 202 accepted (the result follows as a Generic Alert), or a failure. */
export interface ExecOutcome {
  readonly status: TreeStatus;
}
