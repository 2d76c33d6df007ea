/**
 * What the session engine needs from the device tree, as plain values. The engine's handlers only
 * see these interfaces; `device-tree.ts` adapts src/tree to them (bound to the session's server id
 * and clock), so the handlers stay independent of how the tree is built.
 */
import type { ItemData } from '../../../syncml/index.ts';

/** One Item of a Get's Results: the node (Source LocURI), its Meta and its value. */
export interface ResultItem {
  readonly uri: string;
  readonly format: string;
  readonly type: string;
  readonly data?: ItemData;
}

export type TreeGet =
  { readonly status: 200; readonly items: readonly ResultItem[] } | { readonly status: number };

/** An Add / Replace Item's payload: Meta Format / Type and Data (TNDS as embedded markup or bytes). */
export interface WriteValue {
  readonly format?: string;
  readonly type?: string;
  readonly data?: ItemData;
}

export interface ExecValue {
  readonly data?: ItemData;
  readonly format?: string;
  readonly type?: string;
  readonly correlator?: string;
}

export interface TreeTransaction {
  commit(): void;
  rollback(): void;
}

/** Value-level operations returning DM status codes, bound to one server id and one `now`. */
export interface TreePort {
  get(uri: string): TreeGet;
  add(uri: string, value: WriteValue): number;
  replace(uri: string, value: WriteValue): number;
  delete(uri: string): number;
  copy(target: string, source: string): number;
  exec(uri: string, value: ExecValue): number;
  /** Nested transactions roll back by journal (Atomic inside the per-message transaction). */
  begin(): TreeTransaction;
}

/** One DMAcc AppAuth entry (reference §3.1, §7.7). */
export interface AccountCredential {
  /** AAuthType: BASIC, DIGEST, HMAC, … (undefined when absent). */
  readonly type: string | undefined;
  readonly name: string;
  readonly secret: string;
  /** AAuthData: the stored nonce bytes. */
  readonly nonce: Uint8Array | undefined;
}

export type CredentialLevel = 'CLCRED' | 'SRVCRED';

export interface AccountPort {
  readonly serverId: string;
  /** AppAddr Addr: the server URI of package #1. */
  readonly addr: string;
  readonly clientCred: AccountCredential | undefined;
  readonly serverCred: AccountCredential | undefined;
  /** Stores a nonce into the entry's AAuthData (privileged: AAuthData is not readable by servers). */
  setNonce(level: CredentialLevel, nonce: Uint8Array): void;
}

/** The five mandatory DevInfo leaves sent in package #1 (reference §7.5). */
export interface DevInfoValues {
  readonly devId: string;
  readonly man: string;
  readonly mod: string;
  readonly dmV: string;
  readonly lang: string;
}

export interface SessionTreePort {
  bind(serverId: string, now: number): TreePort;
  account(serverId: string): AccountPort | undefined;
  devInfo(): DevInfoValues;
  /** A counter that moves on every committed change (to report `treeChanged`). */
  revision(): number;
}
