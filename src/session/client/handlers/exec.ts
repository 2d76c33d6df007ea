import type { Exec } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import type { ExecValue } from '../ports/tree-port.ts';
import type { ExecEnv, OutEntry, Outcome } from './env.ts';
import { forEachItem, targetOf } from './per-item.ts';

/**
 * Exec (DM 1.2 RepPro §6.6.8): the tree (an MO plugin) decides between 200 (done) and 202 (accepted:
 * the result follows later as a Generic Alert carrying this Exec's Correlator, which the summary keeps).
 */
export function executeExec(command: Exec, env: ExecEnv, out: OutEntry[]): Outcome {
  return forEachItem(command, env, out, (item) => {
    const uri = targetOf(item);
    if (uri === undefined) return STATUS.BAD_REQUEST;
    const meta = item.meta ?? command.meta;
    const value: ExecValue = {
      ...(item.data === undefined ? {} : { data: item.data }),
      ...(meta?.format === undefined ? {} : { format: meta.format }),
      ...(meta?.type === undefined ? {} : { type: meta.type }),
      ...(command.correlator === undefined ? {} : { correlator: command.correlator }),
    };
    const code = String(env.tree.exec(uri, value));
    if (code === STATUS.ACCEPTED) {
      env.summary.acceptedExecs.push(
        command.correlator === undefined ? { uri } : { uri, correlator: command.correlator },
      );
    }
    return code;
  });
}
