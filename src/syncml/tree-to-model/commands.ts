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
      noteUnsupported(context, element, where);
      return undefined;
  }
}

/** A command-like element (it has a CmdID) directly in SyncBody is recorded so it can be answered. */
function noteUnsupported(context: DecodeContext, element: WbxmlElement, where: string): void {
  if (context.unsupported === undefined || element.page !== 0 || !where.startsWith('SyncBody/')) return;
  if (where.indexOf('/', 'SyncBody/'.length) >= 0) return;
  for (const child of element.children) {
    if (child.type !== 'element' || child.name !== 'CmdID' || child.page !== 0) continue;
    const text = child.children
      .map((node) => (node.type === 'text' ? node.value : ''))
      .join('')
      .trim();
    if (text !== '') context.unsupported.push({ name: element.name, cmdID: text });
    return;
  }
}
