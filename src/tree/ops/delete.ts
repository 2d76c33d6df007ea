/**
 * Delete (DM 1.2 RepPro §6.6.6; reference §2.3, §7.2): removes the node and its subtree. Checks:
 * 404 → 405 (root, permanent node, AccessType without Delete, or a permanent node inside the subtree)
 * → 425 (Delete on the node; and, scomo's choice, on every descendant that carries its own ACL, so
 * that a server cannot remove another server's subtree by deleting an ancestor).
 */
import { aclGrants, isEmptyAcl } from '../acl.ts';
import { walk } from '../node.ts';
import type { TreeStatus } from '../status.ts';
import { granted, supports } from './env.ts';
import type { OpEnv } from './env.ts';

export function deleteNode(env: OpEnv, segments: readonly string[]): TreeStatus {
  const node = env.core.resolve(segments);
  if (node === undefined) return 404;
  const parent = node.parent;
  if (parent === undefined) return 405;
  if (env.principal.kind === 'server') {
    const sid = env.principal.serverId;
    if (node.permanent || !supports(env, node, 'Delete')) return 405;
    let foreign = false;
    for (const n of walk(node)) {
      if (n.permanent) return 405;
      if (n !== node && !isEmptyAcl(n.acl) && !aclGrants(n.acl, 'Delete', sid)) foreign = true;
    }
    if (!granted(env, node, 'Delete') || foreign) return 425;
  }
  env.core.detach(node);
  env.core.touch(parent, env.now);
  return 200;
}
