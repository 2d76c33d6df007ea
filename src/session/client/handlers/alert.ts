import type { Alert } from '../../../syncml/index.ts';
import { ALERT, CLIENT_ONLY_ALERTS, STATUS } from '../codes.ts';
import { isUiAlertCode } from '../ui/parse.ts';
import type { ExecEnv, OutEntry, Outcome } from './env.ts';
import { emitStatus } from './reply.ts';
import { executeUiAlert } from './ui-alert.ts';

/**
 * Alert from the server (DM 1.2 Protocol §8.7, reference §2.6). 1222 "next message" is answered 200
 * (the next message follows anyway); 1225 stops our chunked object; 1223 never reaches here (the
 * session ends before executing anything). Client-only codes → 405, unknown codes → 406, no code → 412.
 */
export function executeAlert(command: Alert, env: ExecEnv, out: OutEntry[]): Outcome {
  const code = command.data?.trim();
  if (code === undefined || code === '') {
    emitStatus(out, env, command, STATUS.INCOMPLETE);
    return 'failed';
  }
  if (isUiAlertCode(code)) return executeUiAlert(command, code, env, out);
  switch (code) {
    case ALERT.NEXT_MESSAGE:
    case ALERT.SESSION_ABORT:
      emitStatus(out, env, command, STATUS.OK);
      return 'ok';
    case ALERT.NO_END_OF_DATA:
      env.dropOutgoingObjects = true;
      emitStatus(out, env, command, STATUS.OK);
      return 'ok';
    default: {
      const status = CLIENT_ONLY_ALERTS.has(code) ? STATUS.NOT_ALLOWED : STATUS.NOT_SUPPORTED;
      emitStatus(out, env, command, status);
      return 'failed';
    }
  }
}
