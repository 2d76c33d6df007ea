import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Location } from '../model.ts';
import { element, leaf } from './build.ts';

/** Target or Source: LocURI, LocName?. */
export function writeLocation(name: 'Target' | 'Source', location: Location): WbxmlElement {
  const children = [leaf('LocURI', location.locURI)];
  if (location.locName !== undefined) children.push(leaf('LocName', location.locName));
  return element(name, children);
}
