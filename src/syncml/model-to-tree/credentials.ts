import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Chal, Cred } from '../model.ts';
import { element, leaf } from './build.ts';
import { writeMeta } from './meta.ts';

/** Cred (Meta?, Data). */
export function writeCred(cred: Cred): WbxmlElement {
  const children: WbxmlElement[] = [];
  if (cred.meta !== undefined) children.push(writeMeta(cred.meta));
  children.push(leaf('Data', cred.data));
  return element('Cred', children);
}

/** Chal (Meta). */
export function writeChal(chal: Chal): WbxmlElement {
  return element('Chal', [writeMeta(chal.meta)]);
}
