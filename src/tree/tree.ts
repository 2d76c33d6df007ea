/**
 * The DM Client's management tree (DM 1.2 TND; reference §7): value-level Get / Add / Replace /
 * Delete / Copy / Exec answering DM status codes, `?prop=` and `?list=`, ACLs checked against the
 * authenticated ServerID of each call, TNDS import/export, MO plugin mounts, transactions for Atomic,
 * and snapshot/restore with a change marker for persistence.
 */
import { ScomoError } from '../errors/index.ts';
import { TreeCore } from './core.ts';
import type { ChangeListener, TreeClock, TreeQuota } from './core.ts';
import { LocalTree } from './local.ts';
import { copyNode } from './ops/copy.ts';
import { dispatchAdd, dispatchDelete, dispatchExec, dispatchGet, dispatchReplace } from './ops/dispatch.ts';
import type { OpEnv } from './ops/env.ts';
import { replaceProperty } from './ops/props.ts';
import type { MoPlugin } from './plugin.ts';
import type { ExecOutcome, ExecRequest, GetOutcome, NodeItem, OpContext } from './results.ts';
import { rootFromSnapshot, takeSnapshot } from './snapshot.ts';
import type { TreeSnapshot } from './snapshot.ts';
import { isSuccess } from './status.ts';
import type { TreeStatus } from './status.ts';
import { applyTnds } from './tnds/apply.ts';
import type { TndsTree } from './tnds/types.ts';
import { parseUri, splitPath } from './uri.ts';
import type { ParsedUri, UriLimits } from './uri.ts';

export interface DmTreeOptions {
  /** From ./DevDetail/URI (0 = unlimited); exceeding them answers 414. */
  readonly limits?: UriLimits;
  /** Capacity; exceeding it answers 420. */
  readonly quota?: TreeQuota;
  /** TStamp source when a call's context carries no `now`. */
  readonly clock?: TreeClock;
  /** Errors thrown by MO plugins (the command itself answers 500). */
  readonly onPluginError?: (err: unknown) => void;
}

export type TransactionState = 'open' | 'committed' | 'rolled-back';

/** An Atomic scope: everything done until commit() or rollback() stands or falls together. */
export interface TreeTransaction {
  readonly state: TransactionState;
  commit(): void;
  rollback(): void;
}

class Transaction implements TreeTransaction {
  #state: TransactionState = 'open';
  readonly #core: TreeCore;
  readonly #level: number;

  constructor(core: TreeCore) {
    this.#core = core;
    this.#level = core.beginTransaction();
  }

  get state(): TransactionState {
    return this.#state;
  }

  #end(commit: boolean): void {
    if (this.#state !== 'open') {
      throw new ScomoError('SCOMO_TREE_TX_CLOSED', `Transaction already ${this.#state}; begin a new one`);
    }
    this.#core.endTransaction(this.#level, commit);
    this.#state = commit ? 'committed' : 'rolled-back';
  }

  commit(): void {
    this.#end(true);
  }

  rollback(): void {
    this.#end(false);
  }
}

type Parsed = { ok: true; uri: ParsedUri } | { ok: false; status: 400 | 406 | 414 };

export class DmTree {
  readonly #core: TreeCore;
  /** Privileged access for the agent and plugins (reads secrets, ignores ACLs). */
  readonly local: LocalTree;

  constructor(options: DmTreeOptions = {}) {
    this.#core = new TreeCore({
      limits: options.limits,
      quota: options.quota,
      clock: options.clock,
      onError: options.onPluginError,
    });
    this.local = new LocalTree(this.#core);
  }

  #env(ctx: OpContext): OpEnv {
    return {
      core: this.#core,
      principal: { kind: 'server', serverId: ctx.serverId },
      now: this.#core.now(ctx.now),
      local: this.local,
    };
  }

  #parse(uri: string): Parsed {
    return parseUri(uri, this.#core.limits);
  }

  #mutate(op: () => TreeStatus): TreeStatus {
    return this.#core.run(op, isSuccess);
  }

  get limits(): UriLimits {
    return this.#core.limits;
  }

  /** Current size: leaf value bytes and node count (what the quota measures). */
  get usage(): { readonly bytes: number; readonly nodes: number } {
    return { bytes: this.#core.usedBytes, nodes: this.#core.nodeCount };
  }

  /** The change marker: +1 after every committed change. */
  get revision(): number {
    return this.#core.revision;
  }

  /** Calls `listener(revision)` after every committed change; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    return this.#core.subscribe(listener);
  }

  get(uri: string, ctx: OpContext): GetOutcome {
    const p = this.#parse(uri);
    if (!p.ok) return { status: p.status };
    const env = this.#env(ctx);
    return this.#core.run(
      () => dispatchGet(env, p.uri.segments, p.uri.written, p.uri.query),
      (r) => r.status === 200,
    );
  }

  add(uri: string, item: NodeItem, ctx: OpContext): TreeStatus {
    const p = this.#parse(uri);
    if (!p.ok) return p.status;
    // Properties cannot be Added (reference §7.3); ?list is a Get feature.
    if (p.uri.query.kind !== 'none') return 405;
    const env = this.#env(ctx);
    return this.#mutate(() => dispatchAdd(env, p.uri.segments, item));
  }

  replace(uri: string, item: NodeItem, ctx: OpContext): TreeStatus {
    const p = this.#parse(uri);
    if (!p.ok) return p.status;
    const env = this.#env(ctx);
    const { segments, query } = p.uri;
    if (query.kind === 'prop') {
      const node = this.#core.resolve(segments);
      if (node === undefined) return 404;
      return this.#mutate(() => replaceProperty(env, node, query.name, item.data));
    }
    if (query.kind !== 'none') return 405;
    return this.#mutate(() => dispatchReplace(env, segments, item));
  }

  delete(uri: string, ctx: OpContext): TreeStatus {
    const p = this.#parse(uri);
    if (!p.ok) return p.status;
    if (p.uri.query.kind !== 'none') return 405;
    const env = this.#env(ctx);
    return this.#mutate(() => dispatchDelete(env, p.uri.segments));
  }

  copy(source: string, target: string, ctx: OpContext): TreeStatus {
    const s = this.#parse(source);
    if (!s.ok) return s.status;
    const t = this.#parse(target);
    if (!t.ok) return t.status;
    if (s.uri.query.kind !== 'none' || t.uri.query.kind !== 'none') return 405;
    const env = this.#env(ctx);
    return this.#mutate(() => copyNode(env, s.uri.segments, t.uri.segments));
  }

  exec(uri: string, request: ExecRequest, ctx: OpContext): ExecOutcome {
    const p = this.#parse(uri);
    if (!p.ok) return { status: p.status };
    if (p.uri.query.kind !== 'none') return { status: 405 };
    const env = this.#env(ctx);
    return this.#core.run(
      () => dispatchExec(env, p.uri.segments, request),
      (r) => isSuccess(r.status),
    );
  }

  /** Add with TNDS data: creates the subtree; any failure leaves the tree unchanged. */
  addTnds(uri: string, tnds: TndsTree, ctx: OpContext): TreeStatus {
    return this.#tnds(uri, tnds, ctx, 'add');
  }

  /** Replace with TNDS data: replaces the subtree wholesale; any failure leaves the tree unchanged. */
  replaceTnds(uri: string, tnds: TndsTree, ctx: OpContext): TreeStatus {
    return this.#tnds(uri, tnds, ctx, 'replace');
  }

  #tnds(uri: string, tnds: TndsTree, ctx: OpContext, mode: 'add' | 'replace'): TreeStatus {
    const p = this.#parse(uri);
    if (!p.ok) return p.status;
    if (p.uri.query.kind !== 'none') return 405;
    const env = this.#env(ctx);
    return this.#mutate(() => applyTnds(env, p.uri.segments, tnds, mode));
  }

  /**
   * Opens an Atomic scope (DM 1.2 RepPro §6.6.3). Nested transactions act as savepoints; listeners
   * hear of the changes once, when the outermost one commits.
   */
  begin(): TreeTransaction {
    return new Transaction(this.#core);
  }

  /**
   * Mounts an MO plugin at `uri` (the node need not exist yet). Returns the unmount function.
   * Throws SCOMO_TREE_BAD_URI for an invalid URI and SCOMO_TREE_MOUNT_EXISTS for a taken one.
   */
  mount(uri: string, plugin: MoPlugin): () => void {
    const segments = splitPath(uri);
    if (segments === undefined)
      throw new ScomoError('SCOMO_TREE_BAD_URI', `Cannot mount at "${uri}": not a valid tree URI`);
    const key = segments.join('/');
    if (this.#core.mounts.has(key)) {
      throw new ScomoError(
        'SCOMO_TREE_MOUNT_EXISTS',
        `A plugin is already mounted at "${uri}"; unmount it first`,
      );
    }
    this.#core.mounts.set(key, plugin);
    return () => {
      if (this.#core.mounts.get(key) === plugin) this.#core.mounts.delete(key);
    };
  }

  /** A plain JSON-serialisable copy of the whole tree (secrets included: store it privately). */
  snapshot(): TreeSnapshot {
    return takeSnapshot(this.#core.root);
  }

  /** Replaces the tree with a snapshot; throws SCOMO_TREE_SNAPSHOT_INVALID (tree unchanged) if it is bad. */
  restore(snapshot: unknown): void {
    this.#core.replaceRoot(rootFromSnapshot(snapshot));
  }
}
