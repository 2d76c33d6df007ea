import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Status } from '../model.ts';
import type { EncodeTarget } from './build.ts';
import { element, leaf } from './build.ts';
import { writeChal, writeCred } from './credentials.ts';
import { writeItems } from './item.ts';

/** Status: CmdID, MsgRef, CmdRef, Cmd, TargetRef*, SourceRef*, Cred?, Chal?, Data, Item* (reference §2.3). */
export function writeStatus(status: Status, target: EncodeTarget): WbxmlElement {
  const children: WbxmlElement[] = [
    leaf('CmdID', status.cmdID),
    leaf('MsgRef', status.msgRef),
    leaf('CmdRef', status.cmdRef),
    leaf('Cmd', status.cmd),
  ];
  for (const ref of status.targetRefs) children.push(leaf('TargetRef', ref));
  for (const ref of status.sourceRefs) children.push(leaf('SourceRef', ref));
  if (status.cred !== undefined) children.push(writeCred(status.cred));
  if (status.chal !== undefined) children.push(writeChal(status.chal));
  children.push(leaf('Data', status.data));
  children.push(...writeItems(status.items, undefined, target));
  return element('Status', children);
}
