import type { SyncMLMessage } from '../../../syncml/index.ts';
import type { ExecEnv, OutEntry } from '../handlers/index.ts';
import { emitStatus } from '../handlers/index.ts';

/**
 * Answers every command of the message with `code`, executing nothing: 401 / 407 when the server
 * failed our authentication of it (reference §3.3: one Status per received command, the same code,
 * no new commands), 215 when it rejected ours and we resend instead.
 */
export function refuseAll(message: SyncMLMessage, code: string, env: ExecEnv): OutEntry[] {
  const out: OutEntry[] = [];
  for (const command of message.body) {
    if (command.kind !== 'Status') emitStatus(out, env, command, code);
  }
  return out;
}
