import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Command } from '../model.ts';
import { readAlert } from './alert.ts';
import { readContainer } from './container.ts';
import type { DecodeContext } from './context.ts';
import { ignored } from './context.ts';
import { readExec } from './exec.ts';
import { readItemCommand } from './item-command.ts';
import { readResults } from './results.ts';
import { readStatus } from './status.ts';

/**
 * Command elements → model, in order. Elements that are not DM commands (Sync, Map, Put, Search,
 * Move: SyncML DS) are reported and skipped.
 */
export function readCommands(
  context: DecodeContext,
  elements: readonly WbxmlElement[],
  parent: string,
): Command[] {
  const commands: Command[] = [];
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i] as WbxmlElement;
    const command = readCommand(context, element, `${parent}/${element.name}[${i + 1}]`);
    if (command !== undefined) commands.push(command);
  }
  return commands;
}

export function readCommand(
  context: DecodeContext,
  element: WbxmlElement,
  where: string,
): Command | undefined {
  switch (element.name) {
    case 'Add':
    case 'Replace':
    case 'Delete':
    case 'Copy':
    case 'Get':
      return readItemCommand(context, element, element.name, where);
    case 'Alert':
      return readAlert(context, element, where);
    case 'Exec':
      return readExec(context, element, where);
    case 'Atomic':
    case 'Sequence':
      return readContainer(context, element, element.name, where, readCommands);
    case 'Results':
      return readResults(context, element, where);
    case 'Status':
      return readStatus(context, element, where);
    default:
      ignored(context, where.slice(0, where.lastIndexOf('/')), element);
      return undefined;
  }
}
