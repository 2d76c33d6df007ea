import { decodeWbxml, DMDDF_12, encodeWbxml, SYNCML_11 } from '../wbxml/index.ts';
import type { WbxmlElement, WbxmlLanguage, WbxmlNode, WbxmlVersion } from '../wbxml/index.ts';
import { nestedDdfDocument } from './codec.ts';
import { syncmlVersion, treeVerDTD } from './versions.ts';
import { CONTENT_TYPES } from './vocabulary/content-types.ts';
import { PAGES } from './vocabulary/namespaces.ts';
import { parseXmlTree } from './xml/reader.ts';
import { decodeXmlBytes } from './xml/text-decoding.ts';
import { writeXmlTree } from './xml/writer.ts';

export interface XmlToWbxmlOptions {
  /** WBXML version byte (default 2 = 1.2). */
  version?: WbxmlVersion;
  /** Share repeated strings through the string table (default off). */
  stringTable?: boolean;
}

const CHARSET_UTF8 = 106;
const TNDS_HINT = /dmddf|dmtnds/i;

/**
 * Generic XML → WBXML for SyncML DM messages and DM DDF (TNDS) documents, element for element (no
 * model in between: unknown elements and their order survive). Follows libwbxml's `xml2wbxml` so the
 * bytes match it: an embedded MgmtTree in Data becomes a nested WBXML document in OPAQUE, and text
 * `application/vnd.syncml.dmtnds+xml` reads `+wbxml` (reference §6.5).
 */
export function xmlToWbxml(input: Uint8Array | string, options: XmlToWbxmlOptions = {}): Uint8Array {
  const text = typeof input === 'string' ? input : decodeXmlBytes(input, []);
  const { root } = parseXmlTree(text);
  const version = options.version ?? 2;
  const stringTable = options.stringTable === true;
  const language = languageOf(root);
  // Both rewrites need "dmddf" (the DDF namespace) or "dmtnds" (the Type) in the text: skip the walk otherwise.
  const tree = language === DMDDF_12 || !TNDS_HINT.test(text) ? root : nestDdf(root, version, stringTable);
  return encodeWbxml(
    { version, publicId: language.publicIds[0] ?? language.fpis[0] ?? 0, charset: CHARSET_UTF8, root: tree },
    { language, version, stringTable },
  );
}

export interface WbxmlToXmlOptions {
  /** Indent for reading. */
  pretty?: boolean;
}

/**
 * Generic WBXML → XML, the inverse of xmlToWbxml (as `wbxml2xml`): a nested DM DDF document in the
 * OPAQUE Data of an Item typed `application/vnd.syncml.dmtnds+wbxml` is expanded inline and the Type
 * reads `+xml` again.
 */
export function wbxmlToXml(bytes: Uint8Array, options: WbxmlToXmlOptions = {}): string {
  const doc = decodeWbxml(bytes);
  // Nothing to expand or rewrite unless the Type text is somewhere in the bytes.
  const root =
    doc.language === DMDDF_12 || !containsAsciiNoCase(bytes, 'dmtnds+') ? doc.root : expandDdf(doc.root);
  const namespaces = doc.language === SYNCML_11 ? syncmlVersion('1.1').namespaces : undefined;
  return writeXmlTree(
    root,
    namespaces === undefined
      ? { pretty: options.pretty === true }
      : { pretty: options.pretty === true, namespaces },
  );
}

function languageOf(root: WbxmlElement): WbxmlLanguage {
  if (root.page === PAGES.DMDDF && root.name === 'MgmtTree') return DMDDF_12;
  return syncmlVersion(treeVerDTD(root)).language;
}

/**
 * The tree with DM DDF markup inside Data replaced by nested documents and the Type text rewritten;
 * copy-on-write, so a message without TNDS is returned as it is.
 */
function nestDdf(element: WbxmlElement, version: WbxmlVersion, stringTable: boolean): WbxmlElement {
  let children: WbxmlNode[] | undefined;
  const source = element.children;
  for (let i = 0; i < source.length; i++) {
    const child = source[i] as WbxmlNode;
    let replaced: WbxmlNode = child;
    if (child.type === 'element') {
      replaced =
        element.name === 'Data' && element.page === PAGES.SYNCML && child.page === PAGES.DMDDF
          ? { type: 'opaque', bytes: nestedDdfDocument(child, version, stringTable) }
          : nestDdf(child, version, stringTable);
    } else if (child.type === 'text' && child.cdata !== true && isTndsXmlText(child.value)) {
      // libwbxml rewrites this text wherever it stands (wbxml_encoder.c, SyncML languages).
      replaced = { type: 'text', value: CONTENT_TYPES.TNDS_WBXML };
    }
    if (replaced !== child) {
      children ??= source.slice(0, i);
    }
    children?.push(replaced);
  }
  return children === undefined ? element : { ...element, children };
}

const TNDS_XML_TEXT = /^\s*application\/vnd\.syncml\.dmtnds\+xml\s*$/i;
const TNDS_WBXML_TEXT = /^\s*application\/vnd\.syncml\.dmtnds\+wbxml\s*$/i;

function isTndsXmlText(value: string): boolean {
  return value.length >= CONTENT_TYPES.TNDS_XML.length && value.length < 64 && TNDS_XML_TEXT.test(value);
}

/**
 * The tree as `wbxml2xml` shows it: the OPAQUE of a Data whose Item (or command) Meta Type is
 * `application/vnd.syncml.dmtnds+wbxml` is expanded when it is a DM DDF document, and that Type text
 * reads `+xml` again wherever it stands. Copy-on-write.
 */
function expandDdf(element: WbxmlElement, tndsWbxml = false): WbxmlElement {
  const type = metaType(element);
  const nested = type === undefined ? tndsWbxml : isTndsWbxmlText(type);
  if (element.name === 'Data' && element.page === PAGES.SYNCML && nested) return expandData(element);
  let children: WbxmlNode[] | undefined;
  const source = element.children;
  for (let i = 0; i < source.length; i++) {
    const child = source[i] as WbxmlNode;
    let replaced: WbxmlNode = child;
    if (child.type === 'element') replaced = expandDdf(child, nested);
    else if (child.type === 'text' && isTndsWbxmlText(child.value))
      replaced = { type: 'text', value: CONTENT_TYPES.TNDS_XML };
    if (replaced !== child) children ??= source.slice(0, i);
    children?.push(replaced);
  }
  return children === undefined ? element : { ...element, children };
}

function expandData(data: WbxmlElement): WbxmlElement {
  const only = data.children[0];
  if (data.children.length !== 1 || only?.type !== 'opaque') return data;
  try {
    const nested = decodeWbxml(only.bytes, { languages: [DMDDF_12] });
    if (nested.language === DMDDF_12) return { ...data, children: [nested.root] };
  } catch {
    // Not a DM DDF document after all: the bytes stay OPAQUE, as wbxml2xml leaves them.
  }
  return data;
}

/** The Type text of an element's Meta child (Item or command level), if it has one. */
function metaType(element: WbxmlElement): string | undefined {
  for (const meta of element.children) {
    if (meta.type !== 'element' || meta.name !== 'Meta') continue;
    for (const type of meta.children) {
      if (type.type === 'element' && type.name === 'Type') return textOf(type);
    }
  }
  return undefined;
}

function isTndsWbxmlText(value: string): boolean {
  return value.length >= CONTENT_TYPES.TNDS_WBXML.length && value.length < 64 && TNDS_WBXML_TEXT.test(value);
}

/**
 * Whether `needle` (lower case) occurs in `bytes` in lower or upper case: a quick native scan that lets
 * messages without TNDS skip the tree walk. Mixed-case media types are not seen from real peers.
 */
function containsAsciiNoCase(bytes: Uint8Array, needle: string): boolean {
  return containsAscii(bytes, needle) || containsAscii(bytes, needle.toUpperCase());
}

/**
 * Whether the ASCII string `needle` occurs in `bytes`. Candidates are found by the needle's rarest
 * byte in SyncML text ('+' in a media-type suffix when present, else the last byte) with the native
 * TypedArray.indexOf, then checked around it.
 */
function containsAscii(bytes: Uint8Array, needle: string): boolean {
  const anchor = needle.includes('+') ? needle.indexOf('+') : needle.length - 1;
  const code = needle.charCodeAt(anchor);
  for (let i = bytes.indexOf(code, anchor); i >= 0; i = bytes.indexOf(code, i + 1)) {
    const start = i - anchor;
    if (start + needle.length > bytes.length) return false;
    let k = 0;
    while (k < needle.length && bytes[start + k] === needle.charCodeAt(k)) k++;
    if (k === needle.length) return true;
  }
  return false;
}

function textOf(element: WbxmlElement): string {
  let text = '';
  for (const child of element.children) if (child.type === 'text') text += child.value;
  return text;
}
