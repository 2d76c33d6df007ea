import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Chal, Cred, Meta } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { duplicate, ignored, missing } from './context.ts';
import { readChal, readCred } from './credentials.ts';
import { readMeta } from './meta.ts';
import { textValue } from './text.ts';

/** Child elements a command may hold; `Command` stands for nested commands (Atomic, Sequence). */
export const COMMAND_FIELDS = [
  'CmdID',
  'NoResp',
  'Cred',
  'Meta',
  'Item',
  'Data',
  'Correlator',
  'MsgRef',
  'CmdRef',
  'Cmd',
  'TargetRef',
  'SourceRef',
  'Chal',
  'Command',
] as const;

export type CommandField = (typeof COMMAND_FIELDS)[number];

/** Element names of the commands the model has (RepPro 1.2 §6; DM 1.2 Protocol §6.6). */
export const COMMAND_NAMES: ReadonlySet<string> = new Set([
  'Add',
  'Alert',
  'Atomic',
  'Copy',
  'Delete',
  'Exec',
  'Get',
  'Replace',
  'Results',
  'Sequence',
  'Status',
]);

/** The children of one command, collected in one pass whatever their order. */
export interface CommandFields {
  cmdID?: string;
  noResp: boolean;
  cred?: Cred;
  meta?: Meta;
  /** Item elements, read by the caller once the Meta is known. */
  items: WbxmlElement[];
  data?: string;
  correlator?: string;
  msgRef?: string;
  cmdRef?: string;
  cmd?: string;
  targetRefs: string[];
  sourceRefs: string[];
  chal?: Chal;
  /** Nested command elements, in order. */
  commands: WbxmlElement[];
}

/**
 * Collects the children of a command element. Children outside `accepted` (DS-only ones such as
 * Lang, Archive, SftDel, or a field this command does not have) are reported and dropped.
 */
export function scanFields(
  context: DecodeContext,
  element: WbxmlElement,
  where: string,
  accepted: ReadonlySet<CommandField>,
): CommandFields {
  const fields: CommandFields = { noResp: false, items: [], targetRefs: [], sourceRefs: [], commands: [] };
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    const name = child.name;
    const field: CommandField | undefined = COMMAND_NAMES.has(name) ? 'Command' : asField(name);
    if (field === undefined || !accepted.has(field)) {
      ignored(context, where, child);
      continue;
    }
    switch (field) {
      case 'CmdID':
        if (fields.cmdID === undefined) fields.cmdID = textValue(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'NoResp':
        fields.noResp = true;
        break;
      case 'Cred':
        if (fields.cred === undefined) fields.cred = readCred(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Meta':
        if (fields.meta === undefined) fields.meta = readMeta(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Item':
        fields.items.push(child);
        break;
      case 'Data':
        if (fields.data === undefined) fields.data = textValue(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Correlator':
        if (fields.correlator === undefined) fields.correlator = textValue(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'MsgRef':
        if (fields.msgRef === undefined) fields.msgRef = textValue(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'CmdRef':
        if (fields.cmdRef === undefined) fields.cmdRef = textValue(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Cmd':
        if (fields.cmd === undefined) fields.cmd = textValue(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'TargetRef':
        fields.targetRefs.push(textValue(context, child, where));
        break;
      case 'SourceRef':
        fields.sourceRefs.push(textValue(context, child, where));
        break;
      case 'Chal':
        if (fields.chal === undefined) fields.chal = readChal(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Command':
        fields.commands.push(child);
        break;
    }
  }
  return fields;
}

const FIELD_SET: ReadonlySet<string> = new Set(COMMAND_FIELDS);

function asField(name: string): CommandField | undefined {
  return name !== 'Command' && FIELD_SET.has(name) ? (name as CommandField) : undefined;
}

/** CmdID is required on every command (RepPro 1.2 DTD; reference §2.4). */
export function requireCmdID(
  context: DecodeContext,
  fields: CommandFields,
  element: WbxmlElement,
  where: string,
): string {
  return fields.cmdID ?? missing(context, where, 'CmdID', element);
}
