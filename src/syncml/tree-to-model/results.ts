import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Results } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { missing } from './context.ts';
import { requireCmdID, scanFields } from './fields.ts';
import type { CommandField } from './fields.ts';
import { readItem } from './item.ts';

/** (CmdID, MsgRef?, CmdRef, Meta?, TargetRef?, SourceRef?, Item+): reference §2.3. */
const ACCEPTED: ReadonlySet<CommandField> = new Set([
  'CmdID',
  'MsgRef',
  'CmdRef',
  'Meta',
  'TargetRef',
  'SourceRef',
  'Item',
]);

export function readResults(context: DecodeContext, element: WbxmlElement, where: string): Results {
  const fields = scanFields(context, element, where, ACCEPTED);
  const results: Results = {
    kind: 'Results',
    cmdID: requireCmdID(context, fields, element, where),
    cmdRef: fields.cmdRef ?? missing(context, where, 'CmdRef', element),
    targetRefs: fields.targetRefs,
    sourceRefs: fields.sourceRefs,
    items: fields.items.map((item, i) =>
      readItem(context, item, fields.meta, false, `${where}/Item[${i + 1}]`),
    ),
  };
  if (fields.msgRef !== undefined) results.msgRef = fields.msgRef;
  if (fields.meta !== undefined) results.meta = fields.meta;
  return results;
}
