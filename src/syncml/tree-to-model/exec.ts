import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Exec } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { requireCmdID, scanFields } from './fields.ts';
import type { CommandField } from './fields.ts';
import { readItem } from './item.ts';

/** (CmdID, NoResp?, Cred?, Meta?, Correlator?, Item): DM 1.2 adds Correlator for async results. */
const ACCEPTED: ReadonlySet<CommandField> = new Set([
  'CmdID',
  'NoResp',
  'Cred',
  'Meta',
  'Correlator',
  'Item',
]);

export function readExec(context: DecodeContext, element: WbxmlElement, where: string): Exec {
  const fields = scanFields(context, element, where, ACCEPTED);
  const exec: Exec = {
    kind: 'Exec',
    cmdID: requireCmdID(context, fields, element, where),
    items: fields.items.map((item, i) =>
      readItem(context, item, fields.meta, false, `${where}/Item[${i + 1}]`),
    ),
  };
  if (fields.noResp) exec.noResp = true;
  if (fields.cred !== undefined) exec.cred = fields.cred;
  if (fields.meta !== undefined) exec.meta = fields.meta;
  if (fields.correlator !== undefined) exec.correlator = fields.correlator;
  return exec;
}
