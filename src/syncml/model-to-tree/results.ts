import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Results } from '../model.ts';
import type { EncodeTarget } from './build.ts';
import { element, leaf } from './build.ts';
import { commandMetaFor, writeItems } from './item.ts';
import { writeMeta } from './meta.ts';

/** Results: CmdID, MsgRef?, CmdRef, Meta?, TargetRef*, SourceRef*, Item+ (reference §2.3). */
export function writeResults(results: Results, target: EncodeTarget): WbxmlElement {
  const children: WbxmlElement[] = [leaf('CmdID', results.cmdID)];
  if (results.msgRef !== undefined) children.push(leaf('MsgRef', results.msgRef));
  children.push(leaf('CmdRef', results.cmdRef));
  const meta = commandMetaFor(results.meta, results.items, target);
  if (meta !== undefined) children.push(writeMeta(meta));
  for (const ref of results.targetRefs) children.push(leaf('TargetRef', ref));
  for (const ref of results.sourceRefs) children.push(leaf('SourceRef', ref));
  children.push(...writeItems(results.items, results.meta, target));
  return element('Results', children);
}
