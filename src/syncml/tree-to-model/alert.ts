import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Alert } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { requireCmdID, scanFields } from './fields.ts';
import type { CommandField } from './fields.ts';
import { readItem } from './item.ts';

/** (CmdID, NoResp?, Cred?, Data?, Correlator?, Item*): Data is the alert code (reference §2.6). */
const ACCEPTED: ReadonlySet<CommandField> = new Set([
  'CmdID',
  'NoResp',
  'Cred',
  'Data',
  'Correlator',
  'Item',
]);

export function readAlert(context: DecodeContext, element: WbxmlElement, where: string): Alert {
  const fields = scanFields(context, element, where, ACCEPTED);
  const alert: Alert = {
    kind: 'Alert',
    cmdID: requireCmdID(context, fields, element, where),
    items: fields.items.map((item, i) =>
      readItem(context, item, undefined, false, `${where}/Item[${i + 1}]`),
    ),
  };
  if (fields.noResp) alert.noResp = true;
  if (fields.cred !== undefined) alert.cred = fields.cred;
  if (fields.data !== undefined) alert.data = fields.data;
  else context.warnings.push(`${where}: Alert without Data (alert code)`);
  if (fields.correlator !== undefined) alert.correlator = fields.correlator;
  return alert;
}
