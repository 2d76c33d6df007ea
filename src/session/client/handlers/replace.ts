import type { Replace } from '../../../syncml/index.ts';
import type { ExecEnv, OutEntry, Outcome, Scope } from './env.ts';
import { writeItem } from './item-write.ts';
import { forEachItem } from './per-item.ts';

/** Replace (DM 1.2 RepPro §6.6.12): the node must exist (404 otherwise); large objects as for Add. */
export function executeReplace(command: Replace, env: ExecEnv, scope: Scope, out: OutEntry[]): Outcome {
  return forEachItem(command, env, out, (item) => writeItem(command, item, env, scope, out));
}
