import type { WbxmlElement, WbxmlNode } from '../../wbxml/index.ts';
import { PAGES } from '../vocabulary/namespaces.ts';

/** Where the tree is going: XML text or WBXML bytes. */
export interface EncodeTarget {
  readonly encoding: 'xml' | 'wbxml';
  /**
   * WBXML only: an embedded DM DDF element (TNDS) as a nested WBXML document, carried in OPAQUE as
   * libwbxml does (reference §6.5).
   */
  readonly nest?: (element: WbxmlElement) => Uint8Array;
}

export function element(name: string, children: WbxmlNode[], page: number = PAGES.SYNCML): WbxmlElement {
  return { type: 'element', name, page, attributes: [], children };
}

/** A value element; an empty value is an element without content (`<Data></Data>`, WBXML bare tag). */
export function leaf(name: string, value: string, page: number = PAGES.SYNCML): WbxmlElement {
  return {
    type: 'element',
    name,
    page,
    attributes: [],
    children: value === '' ? [] : [{ type: 'text', value }],
  };
}

/** A flag element (`<Final/>`, `<NoResp/>`, `<MoreData/>`). */
export function flag(name: string): WbxmlElement {
  return { type: 'element', name, page: PAGES.SYNCML, attributes: [], children: [] };
}
