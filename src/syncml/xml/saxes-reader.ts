import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import type { WbxmlAttribute, WbxmlElement, WbxmlNode } from '../../wbxml/index.ts';
import { syncmlError } from '../errors.ts';
import { pageForXmlNamespace } from '../vocabulary/namespaces.ts';

/** 1-based position of an element's start tag in the text. */
export interface XmlPosition {
  line: number;
  column: number;
}

/** Deeper trees are refused: no DM message comes near, and recursion over the tree stays bounded. */
export const MAX_XML_DEPTH = 256;

interface Frame {
  element: WbxmlElement;
  /** Page of unprefixed child elements: the default namespace in scope (XML Namespaces §6.2). */
  defaultPage: number;
  /** Prefix → page declared on this element or inherited; shared with the parent when none declared. */
  prefixes: ReadonlyMap<string, number> | undefined;
}

/**
 * Reads XML text into the element tree with saxes (the conformant reader). A namespace becomes a
 * page (`pageForXmlNamespace`); an element without one stays on its parent's page, the root on page 0;
 * an unknown namespace is a warning and also keeps the parent's page. Whitespace-only text is dropped
 * (libwbxml's `xml2wbxml` does the same); adjacent text of one kind is merged. `positions`, when given,
 * receives each element's start-tag position for error reports.
 */
export function readXmlWithSaxes(
  text: string,
  warnings: string[],
  positions?: Map<WbxmlElement, XmlPosition>,
): WbxmlElement {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const stack: Frame[] = [];
  let root: WbxmlElement | undefined;
  let startLine = 1;
  let startColumn = 1;
  const here = (): XmlPosition => ({ line: parser.line, column: parser.column });

  parser.on('error', (err) => {
    const message = err.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '');
    throw syncmlError('SCOMO_XML_MALFORMED', `XML is not well-formed: ${message}`, { ...here(), cause: err });
  });
  parser.on('doctype', (doctype) => {
    // Entity-expansion defence: only an external-id DOCTYPE (libwbxml writes one) is tolerated.
    if (doctype.includes('[') || /<!ENTITY/i.test(doctype)) {
      throw syncmlError(
        'SCOMO_XML_DOCTYPE',
        'XML DOCTYPE with an internal subset or ENTITY declarations is refused; send at most <!DOCTYPE SyncML PUBLIC "…" "…">',
        here(),
      );
    }
  });
  if (positions !== undefined) {
    parser.on('opentagstart', (tag) => {
      startLine = parser.line;
      // saxes has read the name and the character after it.
      startColumn = Math.max(1, parser.column - tag.name.length - 1);
    });
  }
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const parent = stack[stack.length - 1];
    if (stack.length >= MAX_XML_DEPTH) {
      throw syncmlError('SCOMO_XML_MALFORMED', `XML nests deeper than ${MAX_XML_DEPTH} elements`, here());
    }
    const frame = openElement(tag, parent, warnings);
    if (parent === undefined) {
      if (root !== undefined)
        throw syncmlError('SCOMO_XML_MALFORMED', 'XML has more than one root element', here());
      root = frame.element;
    } else {
      parent.element.children.push(frame.element);
    }
    positions?.set(frame.element, { line: startLine, column: startColumn });
    stack.push(frame);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (value) => {
    const top = stack[stack.length - 1];
    if (top !== undefined && !isBlank(value)) pushText(top.element, value, false);
  });
  parser.on('cdata', (value) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) pushText(top.element, value, true);
  });

  parser.write(text).close();
  if (root === undefined) throw syncmlError('SCOMO_XML_MALFORMED', 'XML has no root element', here());
  return root;
}

function openElement(tag: SaxesTagPlain, parent: Frame | undefined, warnings: string[]): Frame {
  let defaultPage = parent?.defaultPage ?? 0;
  let prefixes = parent?.prefixes;
  const attributes: WbxmlAttribute[] = [];
  for (const name in tag.attributes) {
    const value = tag.attributes[name] as string;
    if (name === 'xmlns') {
      defaultPage = resolveNamespace(value, parent?.defaultPage ?? 0, tag.name, warnings);
    } else if (name.startsWith('xmlns:')) {
      const declared = new Map(prefixes);
      declared.set(name.slice(6), resolveNamespace(value, parent?.defaultPage ?? 0, tag.name, warnings));
      prefixes = declared;
    } else {
      attributes.push({ name, value });
    }
  }
  let name = tag.name;
  let page = defaultPage;
  const colon = name.indexOf(':');
  if (colon > 0) {
    const prefix = name.slice(0, colon);
    name = name.slice(colon + 1);
    const prefixed = prefixes?.get(prefix);
    if (prefixed === undefined) {
      warnings.push(`element <${tag.name}> uses undeclared prefix "${prefix}"; read as <${name}>`);
    } else {
      page = prefixed;
    }
  }
  return { element: { type: 'element', name, page, attributes, children: [] }, defaultPage, prefixes };
}

function resolveNamespace(namespace: string, inherited: number, element: string, warnings: string[]): number {
  if (namespace === '') return inherited;
  const page = pageForXmlNamespace(namespace);
  if (page !== undefined) return page;
  warnings.push(`unknown XML namespace "${namespace}" on <${element}>; kept on the parent's code page`);
  return inherited;
}

function isBlank(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

/** Appends text, merging with a preceding text node of the same kind (as the fast reader does). */
function pushText(element: WbxmlElement, value: string, cdata: boolean): void {
  const last: WbxmlNode | undefined = element.children[element.children.length - 1];
  if (last !== undefined && last.type === 'text' && (last.cdata ?? false) === cdata) {
    last.value += value;
    return;
  }
  element.children.push(cdata ? { type: 'text', value, cdata: true } : { type: 'text', value });
}
