import type { Command, Item, Status } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import type { ExecEnv, OutEntry } from './env.ts';

export interface StatusRefs {
  readonly target?: string | undefined;
  readonly source?: string | undefined;
}

/** A Status for `command` (DM 1.2 RepPro §6.6.15: CmdRef, Cmd, TargetRef/SourceRef of the item). */
export function statusFor(
  env: ExecEnv,
  command: Command,
  code: string,
  refs: StatusRefs = {},
  items: Item[] = [],
): Status {
  return {
    kind: 'Status',
    cmdID: '',
    msgRef: env.msgRef,
    cmdRef: command.cmdID,
    cmd: command.kind,
    targetRefs: refs.target === undefined ? [] : [refs.target],
    sourceRefs: refs.source === undefined ? [] : [refs.source],
    data: code,
    items,
  };
}

/** Appends a Status unless the command (or the whole message) asked for none with NoResp. */
export function emitStatus(
  out: OutEntry[],
  env: ExecEnv,
  command: Command,
  code: string,
  refs: StatusRefs = {},
  items: Item[] = [],
): void {
  if (env.quiet || command.noResp === true) return;
  out.push({ command: statusFor(env, command, code, refs, items) });
}

/**
 * 215 "not executed" for a command that was skipped (after a failure in a Sequence, a rolled-back
 * Atomic, a cancelled UI alert): one per item, and for containers also for everything inside.
 */
export function emitNotExecuted(out: OutEntry[], env: ExecEnv, command: Command): void {
  switch (command.kind) {
    case 'Atomic':
    case 'Sequence':
      emitStatus(out, env, command, STATUS.NOT_EXECUTED);
      for (const inner of command.commands) emitNotExecuted(out, env, inner);
      return;
    case 'Status':
      return;
    case 'Alert':
    case 'Results':
      emitStatus(out, env, command, STATUS.NOT_EXECUTED);
      return;
    case 'Add':
    case 'Replace':
    case 'Delete':
    case 'Copy':
    case 'Get':
    case 'Exec':
      if (command.items.length === 0) emitStatus(out, env, command, STATUS.NOT_EXECUTED);
      for (const item of command.items) emitStatus(out, env, command, STATUS.NOT_EXECUTED, refsOf(item));
      return;
  }
}

export function refsOf(item: Item): StatusRefs {
  return { target: item.target?.locURI, source: item.source?.locURI };
}
