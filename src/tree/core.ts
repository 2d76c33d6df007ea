/**
 * The tree's state and its journaled primitives. Every change goes through attach / detach / rename /
 * patch, each of which records its inverse; an operation, a TNDS import or an Atomic transaction
 * rolls back by replaying inverses (no snapshot copies). The outermost successful operation outside a
 * transaction commits: the journal is dropped, the revision advances and listeners hear of it.
 */
import { ScomoError } from '../errors/index.ts';
import { valueSize } from './format.ts';
import { newNode, walk } from './node.ts';
import type { TreeNode } from './node.ts';
import { DEFAULT_ROOT_ACL } from './acl.ts';
import { NO_URI_LIMITS } from './uri.ts';
import type { UriLimits } from './uri.ts';
import type { MoPlugin } from './plugin.ts';

/** Time source for TStamp (ms since the epoch). L2 never reads the system clock itself. */
export interface TreeClock {
  now(): number;
}

/** Optional device capacity; exceeding it answers 420 "device full". */
export interface TreeQuota {
  /** Sum of leaf value sizes in bytes (bin/b64 counted raw). */
  readonly maxBytes?: number;
  readonly maxNodes?: number;
}

export type ChangeListener = (revision: number) => void;

type Patchable = 'format' | 'type' | 'value' | 'acl' | 'title' | 'tstamp' | 'verNo' | 'permanent' | 'access';
export type NodePatch = Partial<Pick<TreeNode, Patchable>>;

function leafBytes(node: TreeNode): number {
  return node.children ? 0 : valueSize(node.format, node.value);
}

function subtreeStats(node: TreeNode): { nodes: number; bytes: number } {
  let nodes = 0;
  let bytes = 0;
  for (const n of walk(node)) {
    nodes++;
    bytes += leafBytes(n);
  }
  return { nodes, bytes };
}

/** Rebuilds `map` with `key` at position `index` (Map has no positional insert). */
function insertAt<V>(map: Map<string, V>, key: string, value: V, index: number): void {
  if (index >= map.size) {
    map.set(key, value);
    return;
  }
  const entries = [...map];
  entries.splice(index, 0, [key, value]);
  map.clear();
  for (const [k, v] of entries) map.set(k, v);
}

export class TreeCore {
  root: TreeNode;
  readonly limits: UriLimits;
  readonly quota: TreeQuota;
  readonly clock: TreeClock | undefined;
  readonly mounts = new Map<string, MoPlugin>();
  readonly onError: ((err: unknown) => void) | undefined;
  usedBytes = 0;
  nodeCount = 1;
  revision = 0;
  readonly #undo: (() => void)[] = [];
  readonly #txMarks: number[] = [];
  readonly #listeners = new Set<ChangeListener>();
  #runDepth = 0;

  constructor(options: {
    limits?: UriLimits | undefined;
    quota?: TreeQuota | undefined;
    clock?: TreeClock | undefined;
    onError?: ((err: unknown) => void) | undefined;
  }) {
    this.limits = options.limits ?? NO_URI_LIMITS;
    this.quota = options.quota ?? {};
    this.clock = options.clock;
    this.onError = options.onError;
    this.root = newNode('', {
      format: 'node',
      type: '',
      value: '',
      acl: DEFAULT_ROOT_ACL,
      tstamp: this.clock?.now(),
      permanent: true,
    });
  }

  // ---- lookup -------------------------------------------------------------------------------

  resolve(segments: readonly string[]): TreeNode | undefined {
    let node: TreeNode | undefined = this.root;
    for (const s of segments) {
      node = node.children?.get(s);
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** The deepest existing node on the path and how many segments it covers. */
  nearest(segments: readonly string[]): { node: TreeNode; depth: number } {
    let node = this.root;
    let depth = 0;
    for (const s of segments) {
      const next = node.children?.get(s);
      if (next === undefined) break;
      node = next;
      depth++;
    }
    return { node, depth };
  }

  /** The plugin mounted at the longest prefix of `segments`, with the mount's depth. */
  findMount(segments: readonly string[]): { plugin: MoPlugin; depth: number } | undefined {
    if (this.mounts.size === 0) return undefined;
    for (let i = segments.length; i >= 0; i--) {
      const plugin = this.mounts.get(segments.slice(0, i).join('/'));
      if (plugin) return { plugin, depth: i };
    }
    return undefined;
  }

  /** True when a mount point lies at or below `segments`. */
  hasMountWithin(segments: readonly string[]): boolean {
    if (this.mounts.size === 0) return false;
    const key = segments.join('/');
    for (const k of this.mounts.keys()) {
      if (key === '' || k === key || k.startsWith(`${key}/`)) return true;
    }
    return false;
  }

  // ---- journal, runs and transactions ---------------------------------------------------------

  get inTransaction(): boolean {
    return this.#txMarks.length > 0;
  }

  get journalLength(): number {
    return this.#undo.length;
  }

  record(undo: () => void): void {
    this.#undo.push(undo);
  }

  rollbackTo(mark: number): void {
    while (this.#undo.length > mark) this.#undo.pop()?.();
  }

  /**
   * Runs one operation atomically: if `succeeded(result)` is false (or `op` throws) every change it
   * made is undone; the outermost successful run outside a transaction commits.
   */
  run<T>(op: () => T, succeeded: (result: T) => boolean): T {
    const mark = this.#undo.length;
    this.#runDepth++;
    let result: T;
    try {
      result = op();
    } catch (err) {
      this.#runDepth--;
      this.rollbackTo(mark);
      throw err;
    }
    this.#runDepth--;
    if (!succeeded(result)) this.rollbackTo(mark);
    else if (this.#runDepth === 0 && this.#txMarks.length === 0) this.#commitPending();
    return result;
  }

  beginTransaction(): number {
    if (this.#runDepth > 0) {
      throw new ScomoError(
        'SCOMO_TREE_TX_NESTED_IN_OP',
        'Cannot begin a transaction inside a tree operation',
      );
    }
    this.#txMarks.push(this.#undo.length);
    return this.#txMarks.length;
  }

  endTransaction(level: number, commit: boolean): void {
    if (level !== this.#txMarks.length) {
      throw new ScomoError(
        'SCOMO_TREE_TX_ORDER',
        `Transaction level ${level} ended while level ${this.#txMarks.length} is innermost; end inner transactions first`,
      );
    }
    const mark = this.#txMarks.pop() ?? 0;
    if (!commit) this.rollbackTo(mark);
    if (this.#txMarks.length === 0) this.#commitPending();
  }

  #commitPending(): void {
    if (this.#undo.length === 0) return;
    this.#undo.length = 0;
    this.revision++;
    const rev = this.revision;
    for (const listener of this.#listeners) {
      try {
        listener(rev);
      } catch (err) {
        // A listener's bug must not turn a committed change into a failed command: surface it
        // asynchronously, as an EventEmitter listener's error would.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Replaces the whole tree (restore); drops the journal. Not allowed inside a transaction. */
  replaceRoot(root: TreeNode): void {
    if (this.#txMarks.length > 0 || this.#runDepth > 0) {
      throw new ScomoError('SCOMO_TREE_TX_ACTIVE', 'Cannot restore a snapshot while a transaction is open');
    }
    const stats = subtreeStats(root);
    this.root = root;
    this.nodeCount = stats.nodes;
    this.usedBytes = stats.bytes;
    this.#undo.length = 0;
    this.revision++;
  }

  // ---- time and capacity ----------------------------------------------------------------------

  now(explicit?: number): number | undefined {
    return explicit ?? this.clock?.now();
  }

  /** False when adding `bytes` and `nodes` would exceed the quota (420). */
  fits(bytes: number, nodes: number): boolean {
    const { maxBytes, maxNodes } = this.quota;
    if (maxBytes !== undefined && bytes > 0 && this.usedBytes + bytes > maxBytes) return false;
    if (maxNodes !== undefined && nodes > 0 && this.nodeCount + nodes > maxNodes) return false;
    return true;
  }

  // ---- journaled primitives ---------------------------------------------------------------------

  attach(parent: TreeNode, child: TreeNode): void {
    this.#insert(parent, child, Number.MAX_SAFE_INTEGER);
    this.record(() => this.#remove(child));
  }

  detach(node: TreeNode): void {
    const parent = node.parent;
    if (!parent?.children) return;
    const index = [...parent.children.keys()].indexOf(node.name);
    this.#remove(node);
    this.record(() => this.#insert(parent, node, index));
  }

  rename(node: TreeNode, name: string): void {
    const old = node.name;
    this.#rekey(node, name);
    this.record(() => this.#rekey(node, old));
  }

  patch(node: TreeNode, changes: NodePatch): void {
    const old = this.#apply(node, changes);
    this.record(() => this.#apply(node, old));
  }

  /** Marks a change: VerNo +1 (u16 wrap, reference §7.3) and TStamp = now when a clock is known. */
  touch(node: TreeNode, now: number | undefined): void {
    this.patch(node, { verNo: (node.verNo + 1) & 0xffff, tstamp: now ?? node.tstamp });
  }

  #insert(parent: TreeNode, child: TreeNode, index: number): void {
    if (!parent.children)
      throw new ScomoError('SCOMO_TREE_INTERNAL', `Cannot attach below leaf "${parent.name}"`);
    insertAt(parent.children, child.name, child, index);
    child.parent = parent;
    const s = subtreeStats(child);
    this.nodeCount += s.nodes;
    this.usedBytes += s.bytes;
  }

  #remove(node: TreeNode): void {
    node.parent?.children?.delete(node.name);
    node.parent = undefined;
    const s = subtreeStats(node);
    this.nodeCount -= s.nodes;
    this.usedBytes -= s.bytes;
  }

  #rekey(node: TreeNode, name: string): void {
    const map = node.parent?.children;
    if (map) {
      const entries = [...map].map(([k, v]): [string, TreeNode] => (k === node.name ? [name, v] : [k, v]));
      map.clear();
      for (const [k, v] of entries) map.set(k, v);
    }
    node.name = name;
  }

  #apply(node: TreeNode, changes: NodePatch): NodePatch {
    const before = leafBytes(node);
    const old: Record<string, unknown> = {};
    const target = node as unknown as Record<string, unknown>;
    for (const key of Object.keys(changes) as Patchable[]) {
      old[key] = target[key];
      target[key] = changes[key];
    }
    this.usedBytes += leafBytes(node) - before;
    return old as NodePatch;
  }
}
