/**
 * Server commands, one handler file each, dispatched by an exhaustive switch (DESIGN.md "Commands are
 * a discriminated union"). Each handler appends its Status(es) — and Results or Alerts — to `out` and
 * returns an Outcome for the enclosing Sequence / Atomic.
 */
import type { Command } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import { executeAdd } from './add.ts';
import { executeAlert } from './alert.ts';
import { executeAtomic } from './atomic.ts';
import { executeCopy } from './copy.ts';
import { executeDelete } from './delete.ts';
import type { ExecEnv, OutEntry, Outcome, Scope } from './env.ts';
import { executeExec } from './exec.ts';
import { executeGet } from './get.ts';
import { executeReplace } from './replace.ts';
import { emitStatus } from './reply.ts';
import { executeSequence } from './sequence.ts';

export type { ExecEnv, OutEntry, Outcome, Scope, Track, OutgoingObject } from './env.ts';
export { TOP_SCOPE } from './env.ts';
export { emitNotExecuted, emitStatus, statusFor } from './reply.ts';
export { interruptPendingObject } from './interrupt.ts';

export function executeCommand(command: Command, env: ExecEnv, scope: Scope, out: OutEntry[]): Outcome {
  switch (command.kind) {
    case 'Add':
      return executeAdd(command, env, scope, out);
    case 'Replace':
      return executeReplace(command, env, scope, out);
    case 'Delete':
      return executeDelete(command, env, out);
    case 'Copy':
      return executeCopy(command, env, out);
    case 'Get':
      return executeGet(command, env, out);
    case 'Exec':
      return executeExec(command, env, out);
    case 'Alert':
      return executeAlert(command, env, out);
    case 'Atomic':
      return executeAtomic(command, env, scope, out, executeCommand);
    case 'Sequence':
      return executeSequence(command, env, scope, out, executeCommand);
    case 'Results':
      // Only a client sends Results in DM (reference §2.1): from a server it is not supported.
      emitStatus(out, env, command, STATUS.NOT_SUPPORTED);
      return 'failed';
    case 'Status':
      // A Status inside Atomic/Sequence has no meaning; it is not a command needing a reply.
      return 'ok';
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}
