import type { Command } from '../../../syncml/index.ts';
import { sessionError } from '../errors.ts';
import { commandStatus } from '../statuses.ts';
import { handleAlert } from './alert.ts';
import type { IntakeContext } from './context.ts';
import { handleReplace } from './replace.ts';
import { handleResults } from './results.ts';
import { handleStatus } from './status.ts';

export type { IntakeContext } from './context.ts';

/**
 * One client command. DM 1.2 Protocol §6 (reference §2.1): a client sends only Status, Results,
 * Alert and the DevInfo Replace; any other command is refused with 405 (command not allowed).
 */
export function handleClientCommand(ctx: IntakeContext, command: Command): void {
  switch (command.kind) {
    case 'Status':
      return handleStatus(ctx, command);
    case 'Results':
      return handleResults(ctx, command);
    case 'Alert':
      return handleAlert(ctx, command);
    case 'Replace':
      return handleReplace(ctx, command);
    case 'Add':
    case 'Atomic':
    case 'Copy':
    case 'Delete':
    case 'Exec':
    case 'Get':
    case 'Sequence':
      ctx.replies.push(commandStatus(ctx.msgRef, command, 405));
      return;
    default:
      return unreachable(command);
  }
}

function unreachable(command: never): never {
  throw sessionError('SCOMO_SESSION_ILLEGAL_STATE', `Unknown command kind in ${JSON.stringify(command)}.`);
}
