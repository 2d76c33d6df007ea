import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Command, SyncHdr, SyncMLMessage, UnsupportedCommand } from '../model.ts';
import { PAGES } from '../vocabulary/namespaces.ts';
import type { DecodeContext } from './context.ts';
import { duplicate, fail, ignored, missing } from './context.ts';
import { readCommands } from './commands.ts';
import { readHeader } from './header.ts';

/** SyncML (SyncHdr, SyncBody) → model. Both parts are required. */
export function readMessage(context: DecodeContext, root: WbxmlElement): SyncMLMessage {
  if (root.name !== 'SyncML' || root.page !== PAGES.SYNCML) {
    fail(
      context,
      'SCOMO_SYNCML_NOT_SYNCML',
      `the document's root is <${root.name}>, expected <SyncML>`,
      root,
    );
  }
  let header: SyncHdr | undefined;
  let body: WbxmlElement | undefined;
  for (const child of root.children) {
    if (child.type !== 'element') continue;
    if (child.name === 'SyncHdr') {
      if (header === undefined) header = readHeader(context, child);
      else duplicate(context, 'SyncML', child);
    } else if (child.name === 'SyncBody') {
      if (body === undefined) body = child;
      else duplicate(context, 'SyncML', child);
    } else {
      ignored(context, 'SyncML', child);
    }
  }
  if (header === undefined) return missing(context, 'SyncML', 'SyncHdr', root);
  if (body === undefined) return missing(context, 'SyncML', 'SyncBody', root);
  const unsupported: UnsupportedCommand[] = [];
  const { commands, final } = readBody({ ...context, unsupported }, body);
  return unsupported.length === 0
    ? { header, body: commands, final }
    : { header, body: commands, final, unsupported };
}

function readBody(context: DecodeContext, body: WbxmlElement): { commands: Command[]; final: boolean } {
  const elements: WbxmlElement[] = [];
  let final = false;
  for (const child of body.children) {
    if (child.type !== 'element') continue;
    if (child.name === 'Final') final = true;
    else elements.push(child);
  }
  return { commands: readCommands(context, elements, 'SyncBody'), final };
}
