import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Alert } from '../model.ts';
import type { EncodeTarget } from './build.ts';
import { element, flag, leaf } from './build.ts';
import { writeCred } from './credentials.ts';
import { writeItems } from './item.ts';

/** Alert: CmdID, NoResp?, Cred?, Data?, Correlator?, Item* (reference §2.3, §2.10). */
export function writeAlert(alert: Alert, target: EncodeTarget): WbxmlElement {
  const children: WbxmlElement[] = [leaf('CmdID', alert.cmdID)];
  if (alert.noResp === true) children.push(flag('NoResp'));
  if (alert.cred !== undefined) children.push(writeCred(alert.cred));
  if (alert.data !== undefined) children.push(leaf('Data', alert.data));
  if (alert.correlator !== undefined) children.push(leaf('Correlator', alert.correlator));
  children.push(...writeItems(alert.items, undefined, target));
  return element('Alert', children);
}
