/**
 * `?list=Struct` and `?list=StructData` (DM 1.2 TND §8.4; reference §7.1): one entry per node,
 * breadth-first as in the TND appendix example, starting with the requested node. The requested
 * node needs Get (425); below it only nodes the server may Get are listed, and StructData leaves
 * whose AccessType lacks Get (secrets) are listed without data.
 */
import { aclGrants, isEmptyAcl } from '../acl.ts';
import type { Acl } from '../acl.ts';
import type { TreeNode } from '../node.ts';
import type { GetOutcome, ListEntry } from '../results.ts';
import { appendUri } from '../uri.ts';
import { effectiveAcl, granted, supports } from './env.ts';
import type { OpEnv } from './env.ts';

export function listStruct(env: OpEnv, start: TreeNode, written: string, withData: boolean): GetOutcome {
  if (!granted(env, start, 'Get')) return { status: 425 };
  const entries: ListEntry[] = [];
  const queue: { node: TreeNode; uri: string; acl: Acl }[] = [
    { node: start, uri: written, acl: effectiveAcl(start) },
  ];
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i];
    if (item === undefined) break;
    const { node, uri, acl } = item;
    const readable = env.principal.kind === 'device' || aclGrants(acl, 'Get', env.principal.serverId);
    if (readable) {
      if (node.children) entries.push({ uri, format: 'node', type: node.type });
      else if (withData && supports(env, node, 'Get')) {
        entries.push({ uri, format: node.format, type: node.type, data: node.value });
      } else entries.push({ uri, format: node.format, type: node.type });
    }
    if (node.children) {
      for (const child of node.children.values()) {
        queue.push({
          node: child,
          uri: appendUri(uri, [child.name]),
          acl: isEmptyAcl(child.acl) ? acl : child.acl,
        });
      }
    }
  }
  return { status: 200, result: { kind: 'list', entries } };
}
