/**
 * The element tree that WBXML bytes decode to and encode from (DESIGN.md L0). It is also what the
 * XML reader in src/syncml produces, so one tree serves both encodings.
 */

/** An element. `page` is the WBXML code page of its tag; the language maps pages to XML namespaces. */
export interface WbxmlElement {
  readonly type: 'element';
  name: string;
  page: number;
  attributes: WbxmlAttribute[];
  children: WbxmlNode[];
}

export interface WbxmlAttribute {
  name: string;
  value: string;
}

/**
 * Character data. `cdata` records that the text came from an XML CDATA section: libwbxml encodes
 * those as OPAQUE, and the encoder follows it to stay byte-identical.
 */
export interface WbxmlText {
  readonly type: 'text';
  value: string;
  cdata?: boolean;
}

/** OPAQUE data (WBXML §5.8.4.6): raw bytes, e.g. binary node values or a nested WBXML document. */
export interface WbxmlOpaque {
  readonly type: 'opaque';
  bytes: Uint8Array;
}

export type WbxmlNode = WbxmlElement | WbxmlText | WbxmlOpaque;

export type WbxmlVersion = 1 | 2 | 3;

export interface WbxmlDocument {
  /** WBXML version: 1 = 1.1, 2 = 1.2, 3 = 1.3. */
  version: WbxmlVersion;
  /** Numeric public id, or the formal public identifier (FPI) string when given through the string table. */
  publicId: number | string;
  /** IANA MIBenum of the charset; only 106 (UTF-8) is supported. */
  charset: number;
  root: WbxmlElement;
}
