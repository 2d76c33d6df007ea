import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Exec } from '../model.ts';
import type { EncodeTarget } from './build.ts';
import { element, flag, leaf } from './build.ts';
import { writeCred } from './credentials.ts';
import { commandMetaFor, writeItems } from './item.ts';
import { writeMeta } from './meta.ts';

/** Exec: CmdID, NoResp?, Cred?, Meta?, Correlator?, Item (RepPro 1.2 DTD). */
export function writeExec(exec: Exec, target: EncodeTarget): WbxmlElement {
  const children: WbxmlElement[] = [leaf('CmdID', exec.cmdID)];
  if (exec.noResp === true) children.push(flag('NoResp'));
  if (exec.cred !== undefined) children.push(writeCred(exec.cred));
  const meta = commandMetaFor(exec.meta, exec.items, target);
  if (meta !== undefined) children.push(writeMeta(meta));
  if (exec.correlator !== undefined) children.push(leaf('Correlator', exec.correlator));
  children.push(...writeItems(exec.items, exec.meta, target));
  return element('Exec', children);
}
