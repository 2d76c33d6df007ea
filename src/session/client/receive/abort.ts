import type { Command } from '../../../syncml/index.ts';
import { ALERT } from '../codes.ts';

/** True when the server's message carries Alert 1223 "session abort" (reference §2.6), at any depth. */
export function containsAbort(body: readonly Command[]): boolean {
  return body.some(
    (command) =>
      (command.kind === 'Alert' && command.data?.trim() === ALERT.SESSION_ABORT) ||
      ((command.kind === 'Atomic' || command.kind === 'Sequence') && containsAbort(command.commands)),
  );
}
