/**
 * The environment of one tree operation: the state, who acts, and when. A `server` principal is
 * held to AccessType, permanence and ACLs; the `device` principal (the agent's own code, through
 * LocalTree) is not.
 */
import { aclGrants, isEmptyAcl } from '../acl.ts';
import type { Acl, AclCommand } from '../acl.ts';
import { accessAllows } from '../access.ts';
import type { AccessType } from '../access.ts';
import type { TreeCore } from '../core.ts';
import type { TreeNode } from '../node.ts';
import type { LocalTree } from '../local.ts';

export type Principal = { readonly kind: 'server'; readonly serverId: string } | { readonly kind: 'device' };

export const DEVICE: Principal = { kind: 'device' };

export interface OpEnv {
  readonly core: TreeCore;
  readonly principal: Principal;
  readonly now: number | undefined;
  /** Handed to plugins for privileged storage access. */
  readonly local: LocalTree;
}

/** The ACL in force: the node's own, else the nearest ancestor's whole ACL (reference §7.4). */
export function effectiveAcl(node: TreeNode): Acl {
  for (let n: TreeNode | undefined = node; n !== undefined; n = n.parent) {
    if (!isEmptyAcl(n.acl)) return n.acl;
  }
  return node.acl;
}

/** ACL check against the acting server (always true for the device). */
export function granted(env: OpEnv, node: TreeNode, command: AclCommand): boolean {
  return env.principal.kind === 'device' || aclGrants(effectiveAcl(node), command, env.principal.serverId);
}

/** AccessType check (always true for the device). */
export function supports(env: OpEnv, node: TreeNode, type: AccessType): boolean {
  return env.principal.kind === 'device' || accessAllows(node.access, type);
}

export function isServer(env: OpEnv): boolean {
  return env.principal.kind === 'server';
}

export function serverIdOf(env: OpEnv): string {
  return env.principal.kind === 'server' ? env.principal.serverId : '';
}
