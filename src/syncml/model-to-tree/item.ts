import type { WbxmlElement, WbxmlNode } from '../../wbxml/index.ts';
import { bytesToBase64 } from '../base64.ts';
import { syncmlError } from '../errors.ts';
import type { Item, Meta } from '../model.ts';
import { CONTENT_TYPES } from '../vocabulary/content-types.ts';
import type { EncodeTarget } from './build.ts';
import { element, flag } from './build.ts';
import { writeLocation } from './location.ts';
import { writeMeta } from './meta.ts';

/** Item in DTD order: Target?, Source?, Meta?, Data?, MoreData?. */
export function writeItem(item: Item, commandMeta: Meta | undefined, target: EncodeTarget): WbxmlElement {
  const children: WbxmlElement[] = [];
  if (item.target !== undefined) children.push(writeLocation('Target', item.target));
  if (item.source !== undefined) children.push(writeLocation('Source', item.source));
  let meta = item.meta;
  let data: WbxmlNode | undefined;
  const value = item.data;
  if (value === undefined || typeof value === 'string') {
    if (value !== undefined && value !== '')
      data = item.cdata === true ? { type: 'text', value, cdata: true } : { type: 'text', value };
  } else if (value instanceof Uint8Array) {
    if (target.encoding === 'wbxml') {
      if (value.length > 0) data = { type: 'opaque', bytes: value };
    } else {
      // XML cannot carry raw bytes: base64, and the Meta says so (reference §6.6).
      if (value.length > 0) data = { type: 'text', value: bytesToBase64(value) };
      if ((meta?.format ?? commandMeta?.format) !== 'b64') meta = { ...meta, format: 'b64' };
    }
  } else if (value.kind === 'markup') {
    if (target.encoding === 'xml' || target.nest === undefined) {
      data = value.element;
    } else {
      // libwbxml: a nested WBXML document in OPAQUE, and the Type says +wbxml (reference §6.5).
      data = { type: 'opaque', bytes: target.nest(value.element) };
      if (isTndsXml(meta?.type)) meta = { ...meta, type: CONTENT_TYPES.TNDS_WBXML };
    }
  } else {
    throw syncmlError(
      'SCOMO_SYNCML_BAD_MODEL',
      'Item data must be a string, a Uint8Array or embedded markup',
    );
  }
  if (meta !== undefined) children.push(writeMeta(meta));
  if (value !== undefined) children.push(element('Data', data === undefined ? [] : [data]));
  if (item.moreData === true) children.push(flag('MoreData'));
  return element('Item', children);
}

/**
 * The command-level Meta as written: when it announces TNDS as XML and an Item without its own Type
 * carries embedded markup that goes out as nested WBXML, it must announce +wbxml instead.
 */
export function commandMetaFor(
  meta: Meta | undefined,
  items: readonly Item[],
  target: EncodeTarget,
): Meta | undefined {
  if (target.encoding !== 'wbxml' || meta === undefined || !isTndsXml(meta.type)) return meta;
  const nested = items.some((item) => isMarkup(item) && item.meta?.type === undefined);
  return nested ? { ...meta, type: CONTENT_TYPES.TNDS_WBXML } : meta;
}

export function writeItems(
  items: readonly Item[],
  commandMeta: Meta | undefined,
  target: EncodeTarget,
): WbxmlElement[] {
  return items.map((item) => writeItem(item, commandMeta, target));
}

function isMarkup(item: Item): boolean {
  const data = item.data;
  return data !== undefined && typeof data !== 'string' && !(data instanceof Uint8Array);
}

function isTndsXml(type: string | undefined): boolean {
  return type !== undefined && type.toLowerCase() === CONTENT_TYPES.TNDS_XML;
}
