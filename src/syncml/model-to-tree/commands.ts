import type { WbxmlElement } from '../../wbxml/index.ts';
import { syncmlError } from '../errors.ts';
import type { Command } from '../model.ts';
import { writeAlert } from './alert.ts';
import type { EncodeTarget } from './build.ts';
import { writeContainer } from './container.ts';
import { writeExec } from './exec.ts';
import { writeItemCommand } from './item-command.ts';
import { writeResults } from './results.ts';
import { writeStatus } from './status.ts';

/** One command → its element, canonical child order. */
export function writeCommand(command: Command, target: EncodeTarget): WbxmlElement {
  switch (command.kind) {
    case 'Add':
    case 'Replace':
    case 'Delete':
    case 'Copy':
    case 'Get':
      return writeItemCommand(command, target);
    case 'Alert':
      return writeAlert(command, target);
    case 'Exec':
      return writeExec(command, target);
    case 'Atomic':
    case 'Sequence':
      return writeContainer(command, target, writeCommand);
    case 'Results':
      return writeResults(command, target);
    case 'Status':
      return writeStatus(command, target);
    default: {
      const unknown: never = command;
      throw syncmlError(
        'SCOMO_SYNCML_BAD_MODEL',
        `unknown command kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`,
      );
    }
  }
}
