import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Status } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { missing } from './context.ts';
import { requireCmdID, scanFields } from './fields.ts';
import type { CommandField } from './fields.ts';
import { readItem } from './item.ts';

/** (CmdID, MsgRef, CmdRef, Cmd, TargetRef*, SourceRef*, Cred?, Chal?, Data, Item*): reference §2.3. */
const ACCEPTED: ReadonlySet<CommandField> = new Set([
  'CmdID',
  'MsgRef',
  'CmdRef',
  'Cmd',
  'TargetRef',
  'SourceRef',
  'Cred',
  'Chal',
  'Data',
  'Item',
]);

export function readStatus(context: DecodeContext, element: WbxmlElement, where: string): Status {
  const fields = scanFields(context, element, where, ACCEPTED);
  const status: Status = {
    kind: 'Status',
    cmdID: requireCmdID(context, fields, element, where),
    msgRef: fields.msgRef ?? missing(context, where, 'MsgRef', element),
    cmdRef: fields.cmdRef ?? missing(context, where, 'CmdRef', element),
    cmd: fields.cmd ?? missing(context, where, 'Cmd', element),
    targetRefs: fields.targetRefs,
    sourceRefs: fields.sourceRefs,
    data: fields.data ?? missing(context, where, 'Data', element),
    items: fields.items.map((item, i) =>
      readItem(context, item, undefined, false, `${where}/Item[${i + 1}]`),
    ),
  };
  if (fields.cred !== undefined) status.cred = fields.cred;
  if (fields.chal !== undefined) status.chal = fields.chal;
  return status;
}
