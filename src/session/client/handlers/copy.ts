import type { Copy } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import type { ExecEnv, OutEntry, Outcome } from './env.ts';
import { forEachItem, targetOf } from './per-item.ts';

/** Copy (DM 1.2 RepPro §6.6.4): Item Source (existing leaf) to Item Target (created or overwritten). */
export function executeCopy(command: Copy, env: ExecEnv, out: OutEntry[]): Outcome {
  return forEachItem(command, env, out, (item) => {
    const target = targetOf(item);
    const source = item.source?.locURI;
    if (target === undefined || source === undefined || source === '') return STATUS.BAD_REQUEST;
    return String(env.tree.copy(target, source));
  });
}
