/**
 * Atomic (DM 1.2 RepPro §6.6.2, reference §2.3): all or nothing. The children run in order inside a
 * tree transaction; on the first failure the transaction rolls back, the Atomic answers 507, children
 * that had succeeded answer 216, the failing one keeps its code, the rest 215. A nested Atomic, a Get
 * or an Exec inside (none may appear there, reference §2.3) makes the Atomic itself fail with 500
 * before anything runs; the offending commands answer 500, the others 215.
 */
import type { Atomic, Command } from '../../../syncml/index.ts';
import { STATUS, isSuccessCode } from '../codes.ts';
import type { ExecEnv, OutEntry, Outcome, Scope } from './env.ts';
import { emitNotExecuted, emitStatus } from './reply.ts';

export type RunCommand = (command: Command, env: ExecEnv, scope: Scope, out: OutEntry[]) => Outcome;

const FORBIDDEN_INSIDE_ATOMIC: ReadonlySet<Command['kind']> = new Set(['Atomic', 'Get', 'Exec']);

function containsForbidden(commands: readonly Command[]): boolean {
  return commands.some(
    (inner) =>
      FORBIDDEN_INSIDE_ATOMIC.has(inner.kind) ||
      (inner.kind === 'Sequence' && containsForbidden(inner.commands)),
  );
}

function refuse(commands: readonly Command[], env: ExecEnv, out: OutEntry[]): void {
  for (const inner of commands) {
    if (FORBIDDEN_INSIDE_ATOMIC.has(inner.kind)) emitStatus(out, env, inner, STATUS.FAILED);
    else if (inner.kind === 'Sequence') {
      emitStatus(out, env, inner, STATUS.NOT_EXECUTED);
      refuse(inner.commands, env, out);
    } else emitNotExecuted(out, env, inner);
  }
}

export function executeAtomic(
  command: Atomic,
  env: ExecEnv,
  scope: Scope,
  out: OutEntry[],
  run: RunCommand,
): Outcome {
  if (scope.atomic || containsForbidden(command.commands)) {
    emitStatus(out, env, command, STATUS.FAILED);
    refuse(command.commands, env, out);
    return 'failed';
  }
  const frame: OutEntry[] = [];
  const inner: Scope = { atomic: true, sequence: scope.sequence };
  const tx = env.tree.begin();
  let failedAt = -1;
  for (let i = 0; i < command.commands.length; i++) {
    const child = command.commands[i] as Command;
    let outcome: Outcome;
    try {
      outcome = run(child, env, inner, frame);
    } catch {
      emitStatus(frame, env, child, STATUS.FAILED);
      outcome = 'failed';
    }
    if (outcome !== 'ok') {
      failedAt = i;
      break;
    }
  }
  if (failedAt < 0) {
    try {
      tx.commit();
      emitStatus(out, env, command, STATUS.OK);
      out.push(...frame);
      return 'ok';
    } catch {
      failedAt = command.commands.length;
    }
  }
  let rolledBack = true;
  try {
    tx.rollback();
  } catch {
    rolledBack = false;
  }
  if (rolledBack) {
    for (const entry of frame) {
      if (entry.command.kind === 'Status' && isSuccessCode(entry.command.data))
        entry.command.data = STATUS.ROLLED_BACK;
    }
  }
  for (const skipped of command.commands.slice(failedAt + 1)) emitNotExecuted(frame, env, skipped);
  emitStatus(out, env, command, rolledBack ? STATUS.ATOMIC_FAILED : STATUS.ROLLBACK_FAILED);
  out.push(...frame);
  return 'failed';
}
