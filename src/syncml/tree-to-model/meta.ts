import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Meta } from '../model.ts';
import { PAGES } from '../vocabulary/namespaces.ts';
import type { DecodeContext } from './context.ts';
import { duplicate, ignored } from './context.ts';
import { integerValue, textValue } from './text.ts';

/**
 * Meta → model (MetInf 1.2). Children normally sit on the MetInf page; a MetInf element written
 * without `xmlns="syncml:metinf"` (page 0, a common client slip) is accepted with a warning.
 */
export function readMeta(context: DecodeContext, element: WbxmlElement, where: string): Meta {
  const meta: Meta = {};
  const here = `${where}/Meta`;
  let unqualified = false;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (child.page !== PAGES.METINF) unqualified = true;
    switch (child.name) {
      case 'Format':
        if (meta.format === undefined) meta.format = textValue(context, child, here);
        else duplicate(context, here, child);
        break;
      case 'Type':
        if (meta.type === undefined) meta.type = textValue(context, child, here);
        else duplicate(context, here, child);
        break;
      case 'Size':
        if (meta.size === undefined) meta.size = integerValue(context, child, here);
        else duplicate(context, here, child);
        break;
      case 'Mark':
        if (meta.mark === undefined) meta.mark = textValue(context, child, here);
        else duplicate(context, here, child);
        break;
      case 'NextNonce':
        if (meta.nextNonce === undefined) meta.nextNonce = textValue(context, child, here);
        else duplicate(context, here, child);
        break;
      case 'MaxMsgSize':
        if (meta.maxMsgSize === undefined) meta.maxMsgSize = integerValue(context, child, here);
        else duplicate(context, here, child);
        break;
      case 'MaxObjSize':
        if (meta.maxObjSize === undefined) meta.maxObjSize = integerValue(context, child, here);
        else duplicate(context, here, child);
        break;
      case 'EMI':
        (meta.emi ??= []).push(textValue(context, child, here));
        break;
      case 'Version':
        if (meta.version === undefined) meta.version = textValue(context, child, here);
        else duplicate(context, here, child);
        break;
      default:
        // Anchor, Mem, FreeMem, SharedMem, FieldLevel, … are SyncML DS metadata.
        ignored(context, here, child);
    }
  }
  if (unqualified)
    context.warnings.push(`${here}: MetInf elements without the syncml:metinf namespace were accepted`);
  return meta;
}
