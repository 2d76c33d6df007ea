/**
 * The in-memory node. Children live in a Map (insertion order = listing order) so that lookups stay
 * O(depth) for trees of thousands of simulated devices; reads hand out stored values without copying.
 */
import { EMPTY_ACL } from './acl.ts';
import type { Acl } from './acl.ts';
import type { AccessMask } from './access.ts';
import type { NodeData, NodeFormat } from './format.ts';

export interface TreeNode {
  name: string;
  parent: TreeNode | undefined;
  /** Defined exactly for interior nodes (Format `node`). */
  children: Map<string, TreeNode> | undefined;
  format: NodeFormat;
  /** Leaf: MIME type. Interior: MO identifier (URN or reversed domain), or "". */
  type: string;
  /** Leaf value; "" for interior nodes. */
  value: NodeData;
  /** Own ACL; empty means "inherit the nearest ancestor's" (reference §7.4). */
  acl: Acl;
  title: string | undefined;
  /** Last change, ms since the epoch, from the injected clock. */
  tstamp: number | undefined;
  /** u16, +1 per change, wraps (reference §7.3). */
  verNo: number;
  /** Permanent nodes cannot be deleted or renamed by a server (reference §7.2). */
  permanent: boolean;
  /** DDF AccessType; undefined = DEFAULT_ACCESS. */
  access: AccessMask | undefined;
}

export interface NodeInit {
  format: NodeFormat;
  type: string;
  value: NodeData;
  acl?: Acl;
  title?: string | undefined;
  tstamp: number | undefined;
  permanent?: boolean;
  access?: AccessMask | undefined;
}

export function newNode(name: string, init: NodeInit): TreeNode {
  return {
    name,
    parent: undefined,
    children: init.format === 'node' ? new Map() : undefined,
    format: init.format,
    type: init.type,
    value: init.value,
    acl: init.acl ?? EMPTY_ACL,
    title: init.title,
    tstamp: init.tstamp,
    verNo: 0,
    permanent: init.permanent ?? false,
    access: init.access,
  };
}

export function isInterior(node: TreeNode): boolean {
  return node.children !== undefined;
}

/** Segments from the root to `node`. */
export function pathOf(node: TreeNode): string[] {
  const out: string[] = [];
  for (let n: TreeNode | undefined = node; n?.parent !== undefined; n = n.parent) out.push(n.name);
  return out.reverse();
}

/** The node itself and every descendant, parents before children (iterative: no recursion). */
export function* walk(node: TreeNode): Generator<TreeNode> {
  const stack: TreeNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === undefined) break;
    yield n;
    if (n.children) {
      const kids = [...n.children.values()];
      for (let i = kids.length - 1; i >= 0; i--) {
        const k = kids[i];
        if (k) stack.push(k);
      }
    }
  }
}
