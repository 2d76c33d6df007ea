/**
 * Executes the server's commands in the order sent (DM 1.2 Protocol §6.5: free order outside
 * Sequence/Atomic; sent order is the simplest correct one) and collects the reply. Large objects: any
 * command other than the next chunk interrupts a pending object (Alert 1225), and so does a message
 * that ends without that chunk.
 */
import type { Command, SyncMLMessage } from '../../../syncml/index.ts';
import { ALERT, STATUS } from '../codes.ts';
import {
  emitNotExecuted,
  emitStatus,
  executeCommand,
  interruptPendingObject,
  TOP_SCOPE,
} from '../handlers/index.ts';
import type { ExecEnv, OutEntry, Outcome } from '../handlers/index.ts';

function isNextMessageAlert(command: Command): boolean {
  return command.kind === 'Alert' && command.data?.trim() === ALERT.NEXT_MESSAGE;
}

export function executeBody(message: SyncMLMessage, env: ExecEnv): OutEntry[] {
  const out: OutEntry[] = [];
  let cancelled = false;
  for (const command of message.body) {
    if (command.kind === 'Status') continue;
    if (cancelled) {
      // A cancelled UI alert stops the rest of what it belongs to (reference §2.6).
      emitNotExecuted(out, env, command);
      continue;
    }
    const writes = command.kind === 'Add' || command.kind === 'Replace';
    if (!writes && !isNextMessageAlert(command) && env.inbound.pending !== undefined)
      interruptPendingObject(env, out);
    let outcome: Outcome;
    try {
      outcome = executeCommand(command, env, TOP_SCOPE, out);
    } catch {
      // Handlers catch what the tree throws; this is a last line so one command cannot sink the message.
      emitStatus(out, env, command, STATUS.FAILED);
      outcome = 'failed';
    }
    if (outcome === 'cancelled') cancelled = true;
  }
  const pending = env.inbound.pending;
  if (pending !== undefined && pending.lastMsgId !== env.msgRef) interruptPendingObject(env, out);
  answerUnsupported(message, env, out);
  return out;
}

/**
 * Commands OMA DM does not use (SyncML DS Sync, Put, Map, …) are not in the model, but every command
 * gets a Status (DM 1.2 RepPro §5.1.8): 406, optional feature not supported.
 */
function answerUnsupported(message: SyncMLMessage, env: ExecEnv, out: OutEntry[]): void {
  if (env.quiet) return;
  for (const command of message.unsupported ?? []) {
    out.push({
      command: {
        kind: 'Status',
        cmdID: '',
        msgRef: env.msgRef,
        cmdRef: command.cmdID,
        cmd: command.name,
        targetRefs: [],
        sourceRefs: [],
        data: STATUS.NOT_SUPPORTED,
        items: [],
      },
    });
  }
}
