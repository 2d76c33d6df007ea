import type { WbxmlElement, WbxmlNode } from '../../wbxml/index.ts';
import type { ItemData, Meta } from '../model.ts';
import { CONTENT_TYPES } from '../vocabulary/content-types.ts';
import { PAGES } from '../vocabulary/namespaces.ts';
import { writeXmlContent } from '../xml/writer.ts';
import { FORBIDDEN_CONTROL } from '../xml/xml-chars.ts';
import type { DecodeContext } from './context.ts';

// ignoreBOM: a leading U+FEFF is data here, not a byte order mark.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface DecodedData {
  data: ItemData;
  /** The text came as CDATA (XML) or as OPAQUE where the encoder would have written STR_I (WBXML). */
  cdata: boolean;
}

/**
 * Item Data → model. Text stays a string, exact (no trimming). OPAQUE becomes a string when it is
 * UTF-8 text, and stays bytes when the Meta says binary (Format `bin`, or a nested WBXML TNDS document,
 * reference §6.5–6.6) or when it is not text. An embedded DM DDF element (a TNDS MgmtTree written
 * inline) becomes markup; other inline markup (a client that did not escape XML Data) is read back as
 * the XML text it was meant to be, with a warning.
 *
 * `opaqueByDefault`: this Data is one the WBXML encoder writes as OPAQUE anyway (Item of Add/Replace),
 * so OPAQUE here says nothing about CDATA.
 */
export function readItemData(
  context: DecodeContext,
  element: WbxmlElement,
  meta: Meta | undefined,
  opaqueByDefault: boolean,
  where: string,
): DecodedData {
  const children = element.children;
  const only = children.length === 1 ? children[0] : undefined;
  if (only?.type === 'text') return { data: only.value, cdata: only.cdata === true };
  if (children.length === 0) return { data: '', cdata: false };

  let hasElement = false;
  let hasOpaque = false;
  let cdata = false;
  for (const child of children) {
    if (child.type === 'element') hasElement = true;
    else if (child.type === 'opaque') hasOpaque = true;
    else if (child.cdata === true) cdata = true;
  }
  if (hasElement) return readMarkup(context, element, where);
  if (!hasOpaque) return { data: joinText(children), cdata };

  const bytes = only?.type === 'opaque' ? only.bytes : joinBytes(children);
  if (isBinary(meta)) return { data: bytes, cdata: false };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { data: bytes, cdata: false };
  }
  if (FORBIDDEN_CONTROL.test(text)) {
    const trimmed = withoutTrailingNuls(text);
    if (FORBIDDEN_CONTROL.test(trimmed)) return { data: bytes, cdata: false };
    context.warnings.push(`${where}: trailing NUL removed from OPAQUE Data text`);
    text = trimmed;
  }
  return { data: text, cdata: cdata || !opaqueByDefault };
}

/** Format bin, or a nested WBXML document announced by its Type (reference §6.5–6.6). */
function isBinary(meta: Meta | undefined): boolean {
  if (meta === undefined) return false;
  if (meta.format?.toLowerCase() === 'bin') return true;
  return meta.type?.toLowerCase() === CONTENT_TYPES.TNDS_WBXML;
}

function readMarkup(context: DecodeContext, element: WbxmlElement, where: string): DecodedData {
  const elements = element.children.filter((child): child is WbxmlElement => child.type === 'element');
  const first = elements[0] as WbxmlElement;
  if (first.page === PAGES.DMDDF) {
    if (elements.length > 1 || element.children.some((child) => child.type !== 'element')) {
      context.warnings.push(
        `${where}: Data holds more than the embedded <${first.name}>; the rest was ignored`,
      );
    }
    return { data: { kind: 'markup', element: first }, cdata: false };
  }
  context.warnings.push(`${where}: Data holds unescaped markup <${first.name}>; read as XML text`);
  return { data: writeXmlContent(element), cdata: true };
}

function withoutTrailingNuls(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return text.slice(0, end);
}

function joinText(children: readonly WbxmlNode[]): string {
  let text = '';
  for (const child of children) if (child.type === 'text') text += child.value;
  return text;
}

function joinBytes(children: readonly WbxmlNode[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts = children.map((child) =>
    child.type === 'opaque'
      ? child.bytes
      : child.type === 'text'
        ? encoder.encode(child.value)
        : new Uint8Array(0),
  );
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
