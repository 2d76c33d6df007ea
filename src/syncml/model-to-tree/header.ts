import type { WbxmlElement } from '../../wbxml/index.ts';
import type { SyncHdr } from '../model.ts';
import { element, flag, leaf } from './build.ts';
import { writeCred } from './credentials.ts';
import { writeLocation } from './location.ts';
import { writeMeta } from './meta.ts';

/** SyncHdr in reference §2.2 order: VerDTD, VerProto, SessionID, MsgID, Target, Source, RespURI?, NoResp?, Cred?, Meta?. */
export function writeHeader(header: SyncHdr): WbxmlElement {
  const children: WbxmlElement[] = [
    leaf('VerDTD', header.verDTD),
    leaf('VerProto', header.verProto),
    leaf('SessionID', header.sessionID),
    leaf('MsgID', header.msgID),
    writeLocation('Target', header.target),
    writeLocation('Source', header.source),
  ];
  if (header.respURI !== undefined) children.push(leaf('RespURI', header.respURI));
  if (header.noResp === true) children.push(flag('NoResp'));
  if (header.cred !== undefined) children.push(writeCred(header.cred));
  if (header.meta !== undefined) children.push(writeMeta(header.meta));
  return element('SyncHdr', children);
}
