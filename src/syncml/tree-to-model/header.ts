import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Cred, Location, Meta, SyncHdr } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { duplicate, ignored, missing } from './context.ts';
import { readCred } from './credentials.ts';
import { readLocation } from './location.ts';
import { readMeta } from './meta.ts';
import { textValue } from './text.ts';

/** SyncHdr (VerDTD, VerProto, SessionID, MsgID, Target, Source, RespURI?, NoResp?, Cred?, Meta?). */
export function readHeader(context: DecodeContext, element: WbxmlElement): SyncHdr {
  const where = 'SyncHdr';
  const text: Partial<Record<'VerDTD' | 'VerProto' | 'SessionID' | 'MsgID' | 'RespURI', string>> = {};
  let target: Location | undefined;
  let source: Location | undefined;
  let cred: Cred | undefined;
  let meta: Meta | undefined;
  let noResp = false;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    switch (child.name) {
      case 'VerDTD':
      case 'VerProto':
      case 'SessionID':
      case 'MsgID':
      case 'RespURI':
        if (text[child.name] === undefined) text[child.name] = textValue(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Target':
        if (target === undefined) target = readLocation(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Source':
        if (source === undefined) source = readLocation(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Cred':
        if (cred === undefined) cred = readCred(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Meta':
        if (meta === undefined) meta = readMeta(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'NoResp':
        noResp = true;
        break;
      default:
        ignored(context, where, child);
    }
  }
  const header: SyncHdr = {
    verDTD: text.VerDTD ?? missing(context, where, 'VerDTD', element),
    verProto: text.VerProto ?? missing(context, where, 'VerProto', element),
    sessionID: text.SessionID ?? missing(context, where, 'SessionID', element),
    msgID: text.MsgID ?? missing(context, where, 'MsgID', element),
    target: target ?? missing(context, where, 'Target', element),
    source: source ?? missing(context, where, 'Source', element),
  };
  if (text.RespURI !== undefined) header.respURI = text.RespURI;
  if (noResp) header.noResp = true;
  if (cred !== undefined) header.cred = cred;
  if (meta !== undefined) header.meta = meta;
  return header;
}
