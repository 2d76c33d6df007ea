import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Item, Meta } from '../model.ts';
import type { DecodeContext } from './context.ts';
import { duplicate, ignored } from './context.ts';
import { readItemData } from './item-data.ts';
import { readLocation } from './location.ts';
import { readMeta } from './meta.ts';

/**
 * Item (Target?, Source?, Meta?, Data?, MoreData?) in any order. `commandMeta` is the command's Meta,
 * which applies to the Item unless the Item has its own (SyncML RepPro §5.1.13): it decides whether
 * OPAQUE Data is binary. `opaqueByDefault` is true for Items of Add/Replace (see readItemData).
 */
export function readItem(
  context: DecodeContext,
  element: WbxmlElement,
  commandMeta: Meta | undefined,
  opaqueByDefault: boolean,
  where: string,
): Item {
  const item: Item = {};
  let dataElement: WbxmlElement | undefined;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    switch (child.name) {
      case 'Target':
        if (item.target === undefined) item.target = readLocation(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Source':
        if (item.source === undefined) item.source = readLocation(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Meta':
        if (item.meta === undefined) item.meta = readMeta(context, child, where);
        else duplicate(context, where, child);
        break;
      case 'Data':
        if (dataElement === undefined) dataElement = child;
        else duplicate(context, where, child);
        break;
      case 'MoreData':
        item.moreData = true;
        break;
      default:
        // SourceParent, TargetParent: SyncML DS only.
        ignored(context, where, child);
    }
  }
  // Data is read last: whether OPAQUE is binary depends on the Meta, which may follow it.
  if (dataElement !== undefined) {
    const effective = mergeMeta(commandMeta, item.meta);
    const decoded = readItemData(context, dataElement, effective, opaqueByDefault, `${where}/Data`);
    item.data = decoded.data;
    if (decoded.cdata) item.cdata = true;
  }
  return item;
}

/** Item Meta overrides the command's Meta field by field. */
function mergeMeta(command: Meta | undefined, item: Meta | undefined): Meta | undefined {
  if (command === undefined) return item;
  if (item === undefined) return command;
  return { ...command, ...item };
}
