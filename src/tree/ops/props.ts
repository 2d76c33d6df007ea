/**
 * `?prop=<Name>` Get and Replace (DM 1.2 TND §7.3–7.7; reference §7.3, §7.4). Only ACL, Name and
 * Title can be replaced; the others answer 405. Reading any property needs Get in the ACL; Size of a
 * node whose value is unreadable (AccessType without Get) is 405 too, so a secret's length stays hidden.
 */
import { aclEquals, aclGrants, formatAcl, isEmptyAcl, tryParseAcl, ACL_WILDCARD } from '../acl.ts';
import { utf8Decode, utf8Length } from '../bytes.ts';
import { valueSize } from '../format.ts';
import type { NodeData } from '../format.ts';
import { pathOf } from '../node.ts';
import type { TreeNode } from '../node.ts';
import { MAX_TITLE_BYTES, PROPERTIES } from '../properties.ts';
import type { PropertyName } from '../properties.ts';
import type { GetOutcome } from '../results.ts';
import type { TreeStatus } from '../status.ts';
import { checkLimits, isValidNodeName } from '../uri.ts';
import { effectiveAcl, granted, isServer, supports } from './env.ts';
import type { OpEnv } from './env.ts';
import { formatTStamp } from '../tstamp.ts';

function text(data: string): GetOutcome {
  return { status: 200, result: { kind: 'value', format: 'chr', type: 'text/plain', data } };
}

export function getProperty(env: OpEnv, node: TreeNode, name: PropertyName): GetOutcome {
  if (!granted(env, node, 'Get')) return { status: 425 };
  switch (name) {
    case 'ACL':
      // The node's own value: an inheriting node answers "" (reference §7.4).
      return text(formatAcl(node.acl));
    case 'Format':
      return text(node.format);
    case 'Name':
      return text(node.parent === undefined ? '.' : node.name);
    case 'Size':
      if (node.children) return { status: 406 };
      if (!supports(env, node, 'Get')) return { status: 405 };
      return text(String(valueSize(node.format, node.value)));
    case 'Title':
      return text(node.title ?? '');
    case 'TStamp':
      return node.tstamp === undefined ? { status: 406 } : text(formatTStamp(node.tstamp));
    case 'Type':
      return text(node.type);
    case 'VerNo':
      return text(String(node.verNo));
    default: {
      const never: never = name;
      return never;
    }
  }
}

function asText(data: NodeData | undefined): string | undefined {
  if (data === undefined) return '';
  return typeof data === 'string' ? data : utf8Decode(data);
}

/**
 * Who may Replace `?prop=ACL` (reference §7.4): on an interior node a server with Replace in the
 * node's ACL or in its parent's; on a leaf only a server with Replace on the parent.
 */
function mayReplaceAcl(env: OpEnv, node: TreeNode): boolean {
  if (env.principal.kind === 'device') return true;
  const sid = env.principal.serverId;
  const parent = node.parent;
  if (parent === undefined) return aclGrants(effectiveAcl(node), 'Replace', sid);
  if (aclGrants(effectiveAcl(parent), 'Replace', sid)) return true;
  return node.children !== undefined && aclGrants(effectiveAcl(node), 'Replace', sid);
}

function replaceAcl(env: OpEnv, node: TreeNode, value: string): TreeStatus {
  if (!mayReplaceAcl(env, node)) return 425;
  const acl = tryParseAcl(value);
  if (acl === undefined) return 400;
  // The root must keep a value and Add=* (reference §7.4: changing it MAY give 405).
  if (node.parent === undefined && (isEmptyAcl(acl) || !acl.Add?.includes(ACL_WILDCARD))) return 405;
  if (aclEquals(acl, node.acl)) return 200;
  env.core.patch(node, { acl });
  env.core.touch(node, env.now);
  return 200;
}

function rename(env: OpEnv, node: TreeNode, name: string): TreeStatus {
  const parent = node.parent;
  if (parent?.children === undefined) return 405;
  if (isServer(env) && (node.permanent || !supports(env, node, 'Replace'))) return 405;
  const path = pathOf(node);
  if (env.core.hasMountWithin(path)) return 405;
  if (!granted(env, node, 'Replace')) return 425;
  if (!isValidNodeName(name)) return 400;
  if (checkLimits([...path.slice(0, -1), name], env.core.limits) === 414) return 414;
  if (name === node.name) return 200;
  if (parent.children.has(name)) return 418;
  env.core.rename(node, name);
  env.core.touch(node, env.now);
  env.core.touch(parent, env.now);
  return 200;
}

function retitle(env: OpEnv, node: TreeNode, title: string): TreeStatus {
  if (!supports(env, node, 'Replace')) return 405;
  if (!granted(env, node, 'Replace')) return 425;
  if (utf8Length(title) > MAX_TITLE_BYTES) return 413;
  if (title === (node.title ?? '')) return 200;
  env.core.patch(node, { title: title === '' ? undefined : title });
  env.core.touch(node, env.now);
  return 200;
}

export function replaceProperty(
  env: OpEnv,
  node: TreeNode,
  name: PropertyName,
  data: NodeData | undefined,
): TreeStatus {
  if (!PROPERTIES[name].replace) return 405;
  const value = asText(data);
  if (value === undefined) return 400;
  switch (name) {
    case 'ACL':
      return replaceAcl(env, node, value);
    case 'Name':
      return rename(env, node, value);
    case 'Title':
      return retitle(env, node, value);
    default:
      return 405;
  }
}
