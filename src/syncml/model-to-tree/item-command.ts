import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Add, Copy, Delete, Get, Replace } from '../model.ts';
import type { EncodeTarget } from './build.ts';
import { element, flag, leaf } from './build.ts';
import { writeCred } from './credentials.ts';
import { commandMetaFor, writeItems } from './item.ts';
import { writeMeta } from './meta.ts';

/** Add, Replace, Delete, Copy, Get: CmdID, NoResp?, Cred?, Meta?, Item+ (RepPro 1.2 DTD). */
export function writeItemCommand(
  command: Add | Replace | Delete | Copy | Get,
  target: EncodeTarget,
): WbxmlElement {
  const children: WbxmlElement[] = [leaf('CmdID', command.cmdID)];
  if (command.noResp === true) children.push(flag('NoResp'));
  if (command.cred !== undefined) children.push(writeCred(command.cred));
  const meta = commandMetaFor(command.meta, command.items, target);
  if (meta !== undefined) children.push(writeMeta(meta));
  children.push(...writeItems(command.items, command.meta, target));
  return element(command.kind, children);
}
