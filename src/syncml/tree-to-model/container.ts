import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Atomic, Command, Sequence } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { requireCmdID, scanFields } from './fields.ts';
import type { CommandField } from './fields.ts';

/** (CmdID, NoResp?, Meta?, commands+). Which commands may nest is the session layer's check (500). */
const ACCEPTED: ReadonlySet<CommandField> = new Set(['CmdID', 'NoResp', 'Meta', 'Command']);

export type ReadCommands = (
  context: DecodeContext,
  elements: readonly WbxmlElement[],
  where: string,
) => Command[];

/** Atomic and Sequence; nested commands are read by `readCommands` (the dispatcher). */
export function readContainer(
  context: DecodeContext,
  element: WbxmlElement,
  kind: 'Atomic' | 'Sequence',
  where: string,
  readCommands: ReadCommands,
): Atomic | Sequence {
  const fields = scanFields(context, element, where, ACCEPTED);
  const container: Atomic | Sequence = {
    kind,
    cmdID: requireCmdID(context, fields, element, where),
    commands: readCommands(context, fields.commands, where),
  };
  if (fields.noResp) container.noResp = true;
  if (fields.meta !== undefined) container.meta = fields.meta;
  return container;
}
