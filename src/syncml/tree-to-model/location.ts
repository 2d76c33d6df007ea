import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Location } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { duplicate, ignored, missing } from './context.ts';
import { textValue } from './text.ts';

/** Target or Source: LocURI (required), LocName (optional); Filter and the like are DS-only. */
export function readLocation(context: DecodeContext, element: WbxmlElement, where: string): Location {
  const here = `${where}/${element.name}`;
  let locURI: string | undefined;
  let locName: string | undefined;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (child.name === 'LocURI') {
      if (locURI === undefined) locURI = textValue(context, child, here);
      else duplicate(context, here, child);
    } else if (child.name === 'LocName') {
      if (locName === undefined) locName = textValue(context, child, here);
      else duplicate(context, here, child);
    } else {
      ignored(context, here, child);
    }
  }
  if (locURI === undefined) return missing(context, here, 'LocURI', element);
  return locName === undefined ? { locURI } : { locURI, locName };
}
