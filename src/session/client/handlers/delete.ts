import type { Delete } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import type { ExecEnv, OutEntry, Outcome } from './env.ts';
import { forEachItem, targetOf } from './per-item.ts';

/** Delete (DM 1.2 RepPro §6.6.6): the node and its subtree; permanent nodes or the root → 405. */
export function executeDelete(command: Delete, env: ExecEnv, out: OutEntry[]): Outcome {
  return forEachItem(command, env, out, (item) => {
    const uri = targetOf(item);
    return uri === undefined ? STATUS.BAD_REQUEST : String(env.tree.delete(uri));
  });
}
