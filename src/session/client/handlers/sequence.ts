/**
 * Sequence (DM 1.2 RepPro §6.6.14, reference §2.3): children run in the order sent. The Sequence
 * answers 200 once started; after a child fails, is declined (1101 "No", 304) or cancelled (214),
 * the remaining children are not executed and answer 215.
 */
import type { Command, Sequence } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import type { RunCommand } from './atomic.ts';
import type { ExecEnv, OutEntry, Outcome, Scope } from './env.ts';
import { emitNotExecuted, emitStatus } from './reply.ts';

export function executeSequence(
  command: Sequence,
  env: ExecEnv,
  scope: Scope,
  out: OutEntry[],
  run: RunCommand,
): Outcome {
  emitStatus(out, env, command, STATUS.OK);
  const inner: Scope = { atomic: scope.atomic, sequence: true };
  let result: Outcome = 'ok';
  for (const child of command.commands as readonly Command[]) {
    if (result !== 'ok') {
      emitNotExecuted(out, env, child);
      continue;
    }
    const outcome = run(child, env, inner, out);
    // A stop inside the Sequence stays inside it: the enclosing body goes on (an enclosing Atomic fails).
    if (outcome !== 'ok') result = 'failed';
  }
  return result;
}
