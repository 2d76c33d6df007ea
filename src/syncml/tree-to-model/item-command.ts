import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Add, Copy, Delete, Get, Replace } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { requireCmdID, scanFields } from './fields.ts';
import type { CommandField } from './fields.ts';
import { readItem } from './item.ts';

export type ItemCommandKind = 'Add' | 'Replace' | 'Delete' | 'Copy' | 'Get';
type ItemCommandOf<K extends ItemCommandKind> = Extract<Add | Replace | Delete | Copy | Get, { kind: K }>;

/** (CmdID, NoResp?, Cred?, Meta?, Item+): RepPro 1.2 DTD for Add, Replace, Delete, Copy and Get. */
const ACCEPTED: ReadonlySet<CommandField> = new Set(['CmdID', 'NoResp', 'Cred', 'Meta', 'Item']);

/**
 * Add, Replace, Delete, Copy, Get. Items of Add and Replace are the ones the WBXML encoder writes as
 * OPAQUE (libwbxml), which matters for telling CDATA-born Data apart.
 */
export function readItemCommand<K extends ItemCommandKind>(
  context: DecodeContext,
  element: WbxmlElement,
  kind: K,
  where: string,
): ItemCommandOf<K> {
  const fields = scanFields(context, element, where, ACCEPTED);
  const opaqueByDefault = kind === 'Add' || kind === 'Replace';
  const command: Add | Replace | Delete | Copy | Get = {
    kind,
    cmdID: requireCmdID(context, fields, element, where),
    items: fields.items.map((item, i) =>
      readItem(context, item, fields.meta, opaqueByDefault, `${where}/Item[${i + 1}]`),
    ),
  };
  if (fields.noResp) command.noResp = true;
  if (fields.cred !== undefined) command.cred = fields.cred;
  if (fields.meta !== undefined) command.meta = fields.meta;
  return command as ItemCommandOf<K>;
}
