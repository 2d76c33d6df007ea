/**
 * Add and Replace with TNDS data (DM 1.2 RepPro §6.6.1/§6.6.11, TNDS §9.1.3; reference §7.8). Each
 * node goes through the ordinary (plugin-aware) Add / Replace / Delete with all their checks; the
 * caller runs the whole import as one journaled operation, so the first failing node's status is
 * the answer and nothing is changed.
 *
 * Placement: when the TNDS holds a single top-level node, without Path, named like the target's
 * last segment, the target *is* that node (Add: it must not exist yet; Replace: it must exist) — the
 * way hostapd's OMA DM client reads it. Otherwise the target is the parent of the top-level nodes,
 * and a top-level node with a Path goes below that full URI.
 *
 * Replace is wholesale: leaves get the new value, interior nodes lose children the TNDS does not
 * list, new children are added. An interior TNDS node with no children and no explicit Format is a
 * continuation marker (TNDS §9.2.3.1.5) and leaves the existing children alone.
 */
import { aclEquals, formatAcl, tryParseAcl } from '../acl.ts';
import { DEFAULT_LEAF_FORMAT } from '../format.ts';
import type { TreeNode } from '../node.ts';
import type { TreeStatus } from '../status.ts';
import { checkLimits, HARD_MAX_DEPTH, isValidNodeName, splitPath } from '../uri.ts';
import { dispatchAdd, dispatchDelete, dispatchReplace } from '../ops/dispatch.ts';
import type { OpEnv } from '../ops/env.ts';
import { replaceProperty } from '../ops/props.ts';
import type { TndsNode, TndsTree } from './types.ts';

type Mode = 'add' | 'replace';

function isInteriorTnds(n: TndsNode): boolean {
  return n.rtProperties.format === 'node' || (n.rtProperties.format === undefined && n.value === undefined);
}

function isContinuation(n: TndsNode): boolean {
  return n.rtProperties.format === undefined && n.value === undefined && n.children.length === 0;
}

function childSegments(env: OpEnv, parent: readonly string[], n: TndsNode): readonly string[] | TreeStatus {
  if (!isValidNodeName(n.nodeName)) return 400;
  const segments = [...parent, n.nodeName];
  return checkLimits(segments, env.core.limits) === 414 ? 414 : segments;
}

/** ACL and Title from RTProperties, applied only when they differ from the node's. */
function applyProperties(env: OpEnv, node: TreeNode, n: TndsNode): TreeStatus {
  const { acl, title } = n.rtProperties;
  if (acl !== undefined) {
    const parsed = tryParseAcl(acl);
    if (parsed === undefined) return 400;
    if (!aclEquals(parsed, node.acl)) {
      const st = replaceProperty(env, node, 'ACL', formatAcl(parsed));
      if (st !== 200) return st;
    }
  }
  if (title !== undefined && title !== (node.title ?? '')) {
    const st = replaceProperty(env, node, 'Title', title);
    if (st !== 200) return st;
  }
  return 200;
}

function addTree(env: OpEnv, segments: readonly string[], n: TndsNode, depth: number): TreeStatus {
  if (depth > HARD_MAX_DEPTH) return 414;
  const interior = isInteriorTnds(n);
  if (interior ? n.value !== undefined : n.children.length > 0) return 400;
  const item = interior
    ? { format: 'node', ...(n.rtProperties.type === undefined ? {} : { type: n.rtProperties.type }) }
    : {
        format: n.rtProperties.format ?? DEFAULT_LEAF_FORMAT,
        data: n.value ?? '',
        ...(n.rtProperties.type === undefined ? {} : { type: n.rtProperties.type }),
      };
  const st = dispatchAdd(env, segments, item);
  if (st !== 200) return st;
  const node = env.core.resolve(segments);
  if (node === undefined) return 200; // a plugin kept the node outside the ordinary tree
  const props = applyProperties(env, node, n);
  if (props !== 200) return props;
  for (const child of n.children) {
    const cs = childSegments(env, segments, child);
    if (typeof cs === 'number') return cs;
    const r = addTree(env, cs, child, depth + 1);
    if (r !== 200) return r;
  }
  return 200;
}

function replaceTree(
  env: OpEnv,
  segments: readonly string[],
  n: TndsNode,
  depth: number,
  top: boolean,
): TreeStatus {
  if (depth > HARD_MAX_DEPTH) return 414;
  const existing = env.core.resolve(segments);
  if (existing === undefined) return top ? 404 : addTree(env, segments, n, depth);
  const interior = isInteriorTnds(n);
  if (interior !== (existing.children !== undefined)) {
    if (top) return 405;
    const del = dispatchDelete(env, segments);
    return del !== 200 ? del : addTree(env, segments, n, depth);
  }
  if (!interior) {
    const item = {
      data: n.value ?? '',
      ...(n.rtProperties.format === undefined ? {} : { format: n.rtProperties.format }),
      ...(n.rtProperties.type === undefined ? {} : { type: n.rtProperties.type }),
    };
    const st = dispatchReplace(env, segments, item);
    return st !== 200 ? st : applyProperties(env, existing, n);
  }
  const props = applyProperties(env, existing, n);
  if (props !== 200) return props;
  const wanted = new Set<string>();
  for (const child of n.children) {
    const cs = childSegments(env, segments, child);
    if (typeof cs === 'number') return cs;
    wanted.add(child.nodeName);
    const r = replaceTree(env, cs, child, depth + 1, false);
    if (r !== 200) return r;
  }
  if (isContinuation(n)) return 200;
  for (const name of [...(existing.children?.keys() ?? [])]) {
    if (wanted.has(name)) continue;
    const del = dispatchDelete(env, [...segments, name]);
    if (del !== 200) return del;
  }
  return 200;
}

/** Applies a TNDS import at `target`; the caller wraps it in one journaled run. */
export function applyTnds(env: OpEnv, target: readonly string[], tree: TndsTree, mode: Mode): TreeStatus {
  if (tree.nodes.length === 0) return 400;
  const first = tree.nodes[0];
  const last = target[target.length - 1];
  const exists = env.core.resolve(target) !== undefined;
  const selfPlaced =
    tree.nodes.length === 1 &&
    first !== undefined &&
    first.path === undefined &&
    last !== undefined &&
    first.nodeName === last &&
    (mode === 'add' ? !exists : true);

  for (const n of tree.nodes) {
    let parent: readonly string[] | undefined = selfPlaced ? target.slice(0, -1) : target;
    if (n.path !== undefined) parent = splitPath(n.path);
    if (parent === undefined) return 400;
    const segments = childSegments(env, parent, n);
    if (typeof segments === 'number') return segments;
    let st: TreeStatus;
    if (mode === 'replace') st = replaceTree(env, segments, n, 0, true);
    else if (isContinuation(n) && env.core.resolve(segments)?.children) st = 200;
    else st = addTree(env, segments, n, 0);
    if (st !== 200) return st;
  }
  return 200;
}
