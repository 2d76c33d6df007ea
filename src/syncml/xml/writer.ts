import type { WbxmlElement, WbxmlNode } from '../../wbxml/index.ts';
import { bytesToBase64 } from '../base64.ts';
import { syncmlError } from '../errors.ts';
import { isEmptyElement } from '../vocabulary/empty-elements.ts';
import { xmlNamespaceForPage } from '../vocabulary/namespaces.ts';
import { assertXmlText, cdataSection, escapeAttribute, escapeText } from './escape.ts';
import { NOT_XML_CHAR } from './xml-chars.ts';

export interface XmlWriteOptions {
  /** Indent nested elements for reading (`scomo wbxml decode --pretty`); text content stays exact. */
  pretty?: boolean;
  /** Indentation unit when pretty; two spaces by default. */
  indent?: string;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`. Off by default, as in the corpus. */
  declaration?: boolean;
  /** Namespace per page where it differs from the default (e.g. page 0 → `SYNCML:SYNCML1.1`). */
  namespaces?: Readonly<Record<number, string>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// ignoreBOM: a leading U+FEFF is data here, not a byte order mark.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Element tree → canonical XML text: no whitespace between elements, the namespace of the root's page
 * on the root and `xmlns` again wherever the page changes (each MetInf element inside Meta, an
 * embedded MgmtTree), flags as `<Final/>`, other empty elements as `<Data></Data>`, CDATA-born text as
 * CDATA. OPAQUE bytes are written as CDATA when they are XML-safe UTF-8 (as `wbxml2xml` does), else as
 * base64 text (XML cannot carry raw bytes; reference §6.6).
 */
export function writeXmlTree(root: WbxmlElement, options: XmlWriteOptions = {}): string {
  const head = options.declaration === true ? '<?xml version="1.0" encoding="UTF-8"?>' : '';
  const indent = options.pretty === true ? (options.indent ?? '  ') : undefined;
  const body = writeElement(root, undefined, { indent, namespaces: options.namespaces }, '');
  return indent === undefined ? head + body : `${head === '' ? '' : `${head}\n`}${body}\n`;
}

/**
 * The children of an element as XML text, without the element itself: what an element's content
 * reads as when it must become a string (inline markup in Data). Children on the parent's page get
 * no `xmlns`.
 */
export function writeXmlContent(parent: WbxmlElement): string {
  let content = '';
  for (const child of parent.children) content += writeNode(child, parent, COMPACT, '');
  return content;
}

interface Style {
  readonly indent: string | undefined;
  readonly namespaces: Readonly<Record<number, string>> | undefined;
}

const COMPACT: Style = { indent: undefined, namespaces: undefined };

function writeElement(
  element: WbxmlElement,
  parentPage: number | undefined,
  style: Style,
  pad: string,
): string {
  const name = checkName(element.name);
  let open = `<${name}`;
  if (element.page !== parentPage) {
    const namespace = style.namespaces?.[element.page] ?? xmlNamespaceForPage(element.page);
    if (namespace === undefined) {
      throw syncmlError(
        'SCOMO_XML_UNREPRESENTABLE',
        `<${name}> is on code page ${element.page}, which has no XML namespace`,
      );
    }
    open += ` xmlns="${namespace}"`;
  }
  for (const attribute of element.attributes) {
    assertXmlText(attribute.value, `attribute ${attribute.name} of`, name);
    open += ` ${checkName(attribute.name)}="${escapeAttribute(attribute.value)}"`;
  }
  const children = element.children;
  if (children.length === 0) return isEmptyElement(element.page, name) ? `${open}/>` : `${open}></${name}>`;
  let content = '';
  if (style.indent !== undefined && children.every((child) => child.type === 'element')) {
    const inner = pad + style.indent;
    for (const child of children)
      content += `\n${inner}${writeElement(child as WbxmlElement, element.page, style, inner)}`;
    content += `\n${pad}`;
  } else {
    for (const child of children) content += writeNode(child, element, style, pad);
  }
  return `${open}>${content}</${name}>`;
}

function writeNode(node: WbxmlNode, parent: WbxmlElement, style: Style, pad: string): string {
  switch (node.type) {
    case 'element':
      return writeElement(node, parent.page, style, pad);
    case 'text':
      assertXmlText(node.value, 'text of', parent.name);
      return node.cdata === true ? cdataSection(node.value) : escapeText(node.value);
    case 'opaque': {
      const text = xmlSafeUtf8(node.bytes);
      return text === undefined ? bytesToBase64(node.bytes) : cdataSection(text);
    }
  }
}

/** The bytes as text when they are UTF-8 that XML can carry; undefined otherwise. */
function xmlSafeUtf8(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return undefined;
  }
  return NOT_XML_CHAR.test(text) ? undefined : text;
}

const checkedNames = new Set<string>();

/** Names come from WBXML tables or LITERALs; a LITERAL could hold anything, so check before writing. */
function checkName(name: string): string {
  if (checkedNames.has(name)) return name;
  if (!NAME.test(name)) {
    throw syncmlError('SCOMO_XML_UNREPRESENTABLE', `"${name}" is not an XML name this writer emits`);
  }
  if (checkedNames.size < 1024) checkedNames.add(name);
  return name;
}
