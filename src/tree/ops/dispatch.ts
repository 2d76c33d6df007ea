/**
 * Server operations with MO plugin dispatch (plugin.ts). Without a mount covering the URI these are
 * exactly the ordinary operations.
 */
import { ScomoError } from '../../errors/index.ts';
import { accessAllows } from '../access.ts';
import type { AccessType } from '../access.ts';
import type { AclCommand } from '../acl.ts';
import type { MoPlugin, PluginRequest } from '../plugin.ts';
import type { ExecOutcome, ExecRequest, GetOutcome, NodeItem } from '../results.ts';
import { isTreeStatus } from '../status.ts';
import type { TreeStatus } from '../status.ts';
import { formatUri } from '../uri.ts';
import type { UriQuery } from '../uri.ts';
import { addNode } from './add.ts';
import { deleteNode } from './delete.ts';
import { granted, serverIdOf, supports } from './env.ts';
import type { OpEnv } from './env.ts';
import { execNode } from './exec.ts';
import { getNode } from './get.ts';
import { replaceNode } from './replace.ts';

function request(env: OpEnv, segments: readonly string[], depth: number): PluginRequest {
  return {
    uri: formatUri(segments),
    segments,
    relative: segments.slice(depth),
    serverId: serverIdOf(env),
    now: env.now,
    tree: env.local,
    onRollback: (undo) => env.core.record(undo),
  };
}

/**
 * Pre-checks before a plugin runs: AccessType of the node when it exists (405), then the ACL of the
 * node, of its nearest existing ancestor, or for Add of the parent (425).
 */
function precheck(
  env: OpEnv,
  segments: readonly string[],
  command: AclCommand,
  access: AccessType | undefined,
): 200 | 405 | 425 {
  const { node, depth } = env.core.nearest(segments);
  const exists = depth === segments.length;
  if (exists && access !== undefined && !supports(env, node, access)) return 405;
  const aclNode = exists && command === 'Add' ? (node.parent ?? node) : node;
  return granted(env, aclNode, command) ? 200 : 425;
}

/** Runs a plugin handler; a throw or an unknown status becomes 500 (and is reported). */
function guarded<T extends { status: number } | number>(env: OpEnv, call: () => T, failed: T): T {
  try {
    const out = call();
    const status = typeof out === 'number' ? out : out.status;
    if (isTreeStatus(status)) return out;
    env.core.onError?.(
      new ScomoError(
        'SCOMO_TREE_PLUGIN_STATUS',
        `MO plugin answered ${String(status)}, which is not a DM status code`,
      ),
    );
  } catch (err) {
    env.core.onError?.(err);
  }
  return failed;
}

function mountFor(env: OpEnv, segments: readonly string[]): { plugin: MoPlugin; depth: number } | undefined {
  return env.principal.kind === 'server' ? env.core.findMount(segments) : undefined;
}

export function dispatchGet(
  env: OpEnv,
  segments: readonly string[],
  written: string,
  query: UriQuery,
): GetOutcome {
  const mount = query.kind === 'none' ? mountFor(env, segments) : undefined;
  const next = (): GetOutcome => getNode(env, segments, written, query);
  const handler = mount?.plugin.get?.bind(mount.plugin);
  if (!mount || !handler) return next();
  const pre = precheck(env, segments, 'Get', 'Get');
  if (pre !== 200) return { status: pre };
  return guarded<GetOutcome>(env, () => handler(request(env, segments, mount.depth), next), { status: 500 });
}

function write(
  env: OpEnv,
  segments: readonly string[],
  item: NodeItem,
  kind: 'add' | 'replace',
  next: () => TreeStatus,
): TreeStatus {
  const mount = mountFor(env, segments);
  const handler = mount?.plugin[kind]?.bind(mount.plugin);
  if (!mount || !handler) return next();
  const pre =
    kind === 'add'
      ? precheck(env, segments, 'Add', undefined)
      : precheck(env, segments, 'Replace', 'Replace');
  if (pre !== 200) return pre;
  return guarded<TreeStatus>(env, () => handler({ ...request(env, segments, mount.depth), item }, next), 500);
}

export function dispatchAdd(env: OpEnv, segments: readonly string[], item: NodeItem): TreeStatus {
  return write(env, segments, item, 'add', () => addNode(env, segments, item));
}

export function dispatchReplace(env: OpEnv, segments: readonly string[], item: NodeItem): TreeStatus {
  return write(env, segments, item, 'replace', () => replaceNode(env, segments, item));
}

export function dispatchDelete(env: OpEnv, segments: readonly string[]): TreeStatus {
  const mount = mountFor(env, segments);
  const next = (): TreeStatus => deleteNode(env, segments);
  const handler = mount?.plugin.delete?.bind(mount.plugin);
  if (!mount || !handler) return next();
  const pre = precheck(env, segments, 'Delete', 'Delete');
  if (pre !== 200) return pre;
  return guarded<TreeStatus>(env, () => handler(request(env, segments, mount.depth), next), 500);
}

export function dispatchExec(env: OpEnv, segments: readonly string[], exec: ExecRequest): ExecOutcome {
  const mount = mountFor(env, segments);
  const next = (): ExecOutcome => execNode(env, segments);
  const handler = mount?.plugin.exec?.bind(mount.plugin);
  if (!mount || !handler) return next();
  // Exec is opt-in: only an explicit AccessType without Exec refuses before the plugin is asked.
  const node = env.core.resolve(segments);
  if (node?.access !== undefined && !accessAllows(node.access, 'Exec')) return { status: 405 };
  const pre = precheck(env, segments, 'Exec', undefined);
  if (pre !== 200) return { status: pre };
  return guarded<ExecOutcome>(env, () => handler({ ...request(env, segments, mount.depth), exec }, next), {
    status: 500,
  });
}
