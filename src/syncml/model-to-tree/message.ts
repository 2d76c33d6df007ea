import type { WbxmlElement } from '../../wbxml/index.ts';
import type { SyncMLMessage } from '../model.ts';
import type { EncodeTarget } from './build.ts';
import { element, flag } from './build.ts';
import { writeCommand } from './commands.ts';
import { writeHeader } from './header.ts';

/** Model → element tree: SyncML (SyncHdr, SyncBody (commands…, Final?)). */
export function writeMessage(message: SyncMLMessage, target: EncodeTarget): WbxmlElement {
  const body: WbxmlElement[] = message.body.map((command) => writeCommand(command, target));
  if (message.final) body.push(flag('Final'));
  return element('SyncML', [writeHeader(message.header), element('SyncBody', body)]);
}
