/**
 * Replace of a leaf value (DM 1.2 RepPro §6.6.11; reference §2.3). Never creates (404). Omitted
 * Meta Format / Type keep the node's own (lenient on input). Checks: 404 → 405 (interior node without
 * TNDS, AccessType without Replace, a leaf turned into `node`, Format/Type change on a permanent
 * node) → 425 → 415/400 value → 420 quota.
 */
import { checkValue, isNodeFormat, valueSize } from '../format.ts';
import type { NodeItem } from '../results.ts';
import type { TreeStatus } from '../status.ts';
import { granted, isServer, supports } from './env.ts';
import type { OpEnv } from './env.ts';

export function replaceNode(env: OpEnv, segments: readonly string[], item: NodeItem): TreeStatus {
  const node = env.core.resolve(segments);
  if (node === undefined) return 404;
  if (node.children) return 405;
  if (!supports(env, node, 'Replace')) return 405;
  const format = item.format ?? node.format;
  const type = item.type ?? node.type;
  if (format === 'node') return 405;
  if (isServer(env) && node.permanent && (format !== node.format || type !== node.type)) return 405;
  if (!granted(env, node, 'Replace')) return 425;
  if (!isNodeFormat(format)) return 415;
  const checked = checkValue(format, item.data);
  if (!checked.ok) return checked.status;
  const growth = valueSize(format, checked.value) - valueSize(node.format, node.value);
  if (!env.core.fits(growth, 0)) return 420;
  env.core.patch(node, { format, type, value: checked.value });
  env.core.touch(node, env.now);
  return 200;
}
