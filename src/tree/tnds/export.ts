/**
 * `?list=TNDS[+Prop…|-Prop…]` (DM 1.2 TND §8.4; reference §7.1): the subtree as a TndsTree. The
 * requested node needs Get (425); nodes the server may not Get are left out with their subtree, and
 * values whose AccessType lacks Get (secrets) are left out.
 */
import { aclGrants, formatAcl, isEmptyAcl } from '../acl.ts';
import type { Acl } from '../acl.ts';
import { valueSize } from '../format.ts';
import { pathOf } from '../node.ts';
import type { TreeNode } from '../node.ts';
import type { TndsSelection } from '../properties.ts';
import type { GetOutcome } from '../results.ts';
import { formatTStamp } from '../tstamp.ts';
import { formatUri } from '../uri.ts';
import { effectiveAcl, granted, supports } from '../ops/env.ts';
import type { OpEnv } from '../ops/env.ts';
import type { TndsNode, TndsRtProperties } from './types.ts';

function properties(env: OpEnv, node: TreeNode, select: TndsSelection): TndsRtProperties {
  const rt: TndsRtProperties = {};
  if (select.has('ACL') && !isEmptyAcl(node.acl)) rt.acl = formatAcl(node.acl);
  if (select.has('Format')) rt.format = node.format;
  if (select.has('Name')) rt.name = node.name;
  if (select.has('Size') && !node.children && supports(env, node, 'Get')) {
    rt.size = String(valueSize(node.format, node.value));
  }
  if (select.has('Title') && node.title !== undefined) rt.title = node.title;
  if (select.has('TStamp') && node.tstamp !== undefined) rt.tstamp = formatTStamp(node.tstamp);
  if (select.has('Type') && node.type !== '') rt.type = node.type;
  if (select.has('VerNo')) rt.verNo = String(node.verNo);
  return rt;
}

function build(env: OpEnv, node: TreeNode, acl: Acl, select: TndsSelection): TndsNode | undefined {
  if (env.principal.kind === 'server' && !aclGrants(acl, 'Get', env.principal.serverId)) return undefined;
  const out: TndsNode = { nodeName: node.name, rtProperties: properties(env, node, select), children: [] };
  if (node.children) {
    for (const child of node.children.values()) {
      const c = build(env, child, isEmptyAcl(child.acl) ? acl : child.acl, select);
      if (c) out.children.push(c);
    }
  } else if (select.has('Value') && supports(env, node, 'Get')) {
    out.value = node.value;
  }
  return out;
}

export function exportTnds(env: OpEnv, node: TreeNode, select: TndsSelection): GetOutcome {
  if (!granted(env, node, 'Get')) return { status: 425 };
  const acl = effectiveAcl(node);
  const nodes: TndsNode[] = [];
  // The root has no name of its own: its children become the top-level nodes.
  const tops = node.parent === undefined ? [...(node.children?.values() ?? [])] : [node];
  for (const top of tops) {
    const parent = top.parent;
    const built = build(env, top, isEmptyAcl(top.acl) ? acl : top.acl, select);
    if (built && parent) {
      built.path = formatUri(pathOf(parent));
      nodes.push(built);
    }
  }
  return { status: 200, result: { kind: 'tnds', tree: { verDTD: '1.2', nodes } } };
}
