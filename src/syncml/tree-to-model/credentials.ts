import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Chal, Cred, Meta } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { duplicate, ignored, missing } from './context.ts';
import { readMeta } from './meta.ts';
import { textValue } from './text.ts';

/** Cred (Meta?, Data): DM 1.2 Protocol §5.1 / reference §3.2. */
export function readCred(context: DecodeContext, element: WbxmlElement, where: string): Cred {
  const here = `${where}/Cred`;
  let meta: Meta | undefined;
  let data: string | undefined;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (child.name === 'Meta') {
      if (meta === undefined) meta = readMeta(context, child, here);
      else duplicate(context, here, child);
    } else if (child.name === 'Data') {
      if (data === undefined) data = textValue(context, child, here);
      else duplicate(context, here, child);
    } else {
      ignored(context, here, child);
    }
  }
  if (data === undefined) return missing(context, here, 'Data', element);
  return meta === undefined ? { data } : { meta, data };
}

/** Chal (Meta): the challenge in a Status (reference §3.3). */
export function readChal(context: DecodeContext, element: WbxmlElement, where: string): Chal {
  const here = `${where}/Chal`;
  let meta: Meta | undefined;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (child.name === 'Meta' && meta === undefined) meta = readMeta(context, child, here);
    else if (child.name === 'Meta') duplicate(context, here, child);
    else ignored(context, here, child);
  }
  if (meta === undefined) return missing(context, here, 'Meta', element);
  return { meta };
}
