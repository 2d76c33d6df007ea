/**
 * Add (DM 1.2 RepPro §6.6.1; reference §2.3, §7.4). Creates a leaf, or an interior node for Format
 * `node`; missing parents are created as interior nodes. Checks: 418 exists → 405 (below a leaf, or
 * the parent's AccessType lacks Add) → 425 (Add on the nearest existing ancestor) → 415/400 value →
 * 420 quota.
 */
import { autoAcl, EMPTY_ACL } from '../acl.ts';
import type { Acl } from '../acl.ts';
import type { AccessMask } from '../access.ts';
import { checkValue, DEFAULT_LEAF_FORMAT, DEFAULT_LEAF_TYPE, isNodeFormat, valueSize } from '../format.ts';
import { newNode } from '../node.ts';
import type { TreeNode } from '../node.ts';
import type { NodeItem } from '../results.ts';
import type { TreeStatus } from '../status.ts';
import { granted, supports } from './env.ts';
import type { OpEnv } from './env.ts';

/** What only the device may set when it creates a node (LocalTree). */
export interface DeviceNodeOptions {
  readonly acl?: Acl;
  readonly title?: string;
  readonly permanent?: boolean;
  readonly access?: AccessMask;
}

/**
 * The new interior node's ACL: empty (inherit), unless a server without Replace on the parent
 * creates it — then the device grants that server Add, Delete, Get and Replace (reference §7.4).
 */
function interiorAcl(env: OpEnv, parent: TreeNode): Acl {
  if (env.principal.kind === 'device' || granted(env, parent, 'Replace')) return EMPTY_ACL;
  return autoAcl(env.principal.serverId);
}

export function addNode(
  env: OpEnv,
  segments: readonly string[],
  item: NodeItem,
  options: DeviceNodeOptions = {},
): TreeStatus {
  if (segments.length === 0) return 418;
  const { node: anchor, depth } = env.core.nearest(segments);
  if (depth === segments.length) return 418;
  if (anchor.children === undefined) return 405;
  if (!supports(env, anchor, 'Add')) return 405;
  if (!granted(env, anchor, 'Add')) return 425;

  const format = item.format ?? DEFAULT_LEAF_FORMAT;
  if (!isNodeFormat(format)) return 415;
  const checked = checkValue(format, item.data);
  if (!checked.ok) return checked.status;
  const interior = format === 'node';
  const bytes = interior ? 0 : valueSize(format, checked.value);
  if (!env.core.fits(bytes, segments.length - depth)) return 420;

  let parent = anchor;
  for (let i = depth; i < segments.length; i++) {
    const name = segments[i] ?? '';
    const last = i === segments.length - 1;
    let child: TreeNode;
    if (last) {
      child = newNode(name, {
        format,
        type: item.type ?? (interior ? '' : DEFAULT_LEAF_TYPE),
        value: checked.value,
        acl: options.acl ?? (interior ? interiorAcl(env, parent) : EMPTY_ACL),
        title: options.title,
        tstamp: env.now,
        permanent: options.permanent ?? false,
        access: options.access,
      });
    } else {
      child = newNode(name, {
        format: 'node',
        type: '',
        value: '',
        acl: interiorAcl(env, parent),
        tstamp: env.now,
      });
    }
    env.core.attach(parent, child);
    parent = child;
  }
  env.core.touch(anchor, env.now);
  return 200;
}
