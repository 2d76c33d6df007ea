import type { Add, Copy, Delete, Exec, Get, Item, Replace } from '../../../syncml/index.ts';
import { STATUS, isSuccessCode } from '../codes.ts';
import type { ExecEnv, OutEntry, Outcome } from './env.ts';
import { emitStatus, refsOf } from './reply.ts';

type ItemCommand = Add | Copy | Delete | Exec | Get | Replace;

/**
 * Runs `run` for every Item and answers one Status per Item carrying its TargetRef/SourceRef (what
 * libdmclient does; reference §2.3). A command without Items is malformed: 400.
 */
export function forEachItem(
  command: ItemCommand,
  env: ExecEnv,
  out: OutEntry[],
  run: (item: Item) => string,
): Outcome {
  if (command.items.length === 0) {
    emitStatus(out, env, command, STATUS.BAD_REQUEST);
    return 'failed';
  }
  let ok = true;
  for (const item of command.items) {
    let code: string;
    try {
      code = run(item);
    } catch {
      // A tree plugin or adapter that throws fails this Item only (the tree undid its changes).
      code = STATUS.FAILED;
    }
    if (!isSuccessCode(code)) ok = false;
    emitStatus(out, env, command, code, refsOf(item));
  }
  return ok ? 'ok' : 'failed';
}

/** The Item's Target LocURI, or undefined when it is missing or empty (→ 400). */
export function targetOf(item: Item): string | undefined {
  const uri = item.target?.locURI;
  return uri === undefined || uri === '' ? undefined : uri;
}
