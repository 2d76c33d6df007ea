/**
 * Copy (DM 1.2 RepPro §6.6.4; reference §2.3): source and target are leaves; the target is
 * overwritten. Copy has no ACL keyword of its own: it needs Get on the source (and Copy in the
 * source's AccessType) plus Replace on an existing target or Add on the new target's parent.
 */
import type { TreeStatus } from '../status.ts';
import { dispatchAdd, dispatchGet, dispatchReplace } from './dispatch.ts';
import { supports } from './env.ts';
import type { OpEnv } from './env.ts';

const NONE = { kind: 'none' } as const;

export function copyNode(env: OpEnv, source: readonly string[], target: readonly string[]): TreeStatus {
  const src = env.core.resolve(source);
  if (src !== undefined && !supports(env, src, 'Copy')) return 405;
  const got = dispatchGet(env, source, '', NONE);
  if (got.status !== 200) return got.status;
  const { result } = got;
  if (result.kind !== 'value' || result.format === 'node') return 405;
  const item = { format: result.format, type: result.type, data: result.data };
  const existing = env.core.resolve(target);
  if (existing?.children) return 405;
  return existing ? dispatchReplace(env, target, item) : dispatchAdd(env, target, item);
}
