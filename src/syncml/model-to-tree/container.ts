import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Atomic, Command, Sequence } from '../model.ts';
import type { EncodeTarget } from './build.ts';
import { element, flag, leaf } from './build.ts';
import { writeMeta } from './meta.ts';

export type WriteCommand = (command: Command, target: EncodeTarget) => WbxmlElement;

/** Atomic, Sequence: CmdID, NoResp?, Meta?, commands (nested ones written by `writeCommand`). */
export function writeContainer(
  container: Atomic | Sequence,
  target: EncodeTarget,
  writeCommand: WriteCommand,
): WbxmlElement {
  const children: WbxmlElement[] = [leaf('CmdID', container.cmdID)];
  if (container.noResp === true) children.push(flag('NoResp'));
  if (container.meta !== undefined) children.push(writeMeta(container.meta));
  for (const command of container.commands) children.push(writeCommand(command, target));
  return element(container.kind, children);
}
