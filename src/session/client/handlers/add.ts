import type { Add } from '../../../syncml/index.ts';
import type { ExecEnv, OutEntry, Outcome, Scope } from './env.ts';
import { writeItem } from './item-write.ts';
import { forEachItem } from './per-item.ts';

/** Add (DM 1.2 RepPro §6.6.1): creates nodes; 418 when one exists; chunks of large objects → 213. */
export function executeAdd(command: Add, env: ExecEnv, scope: Scope, out: OutEntry[]): Outcome {
  return forEachItem(command, env, out, (item) => writeItem(command, item, env, scope, out));
}
