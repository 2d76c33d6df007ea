/**
 * SyncML DM 1.2 messages (DESIGN.md L1): the typed model, its XML and WBXML codecs, the generic
 * XML ⇄ element-tree conversion, vocabulary tables and message sizing.
 */
export type {
  Location,
  UnsupportedCommand,
  Meta,
  Cred,
  Chal,
  ItemData,
  EmbeddedMarkup,
  Item,
  Add,
  Replace,
  Delete,
  Copy,
  Get,
  Exec,
  Alert,
  Atomic,
  Sequence,
  Results,
  Status,
  Command,
  CommandKind,
  SyncHdr,
  SyncMLMessage,
} from './model.ts';

export { decodeMessage, encodeMessage, messageToXml } from './codec.ts';
export type { DecodedMessage, EncodeMessageOptions } from './codec.ts';
export { xmlToWbxml, wbxmlToXml } from './convert.ts';
export type { XmlToWbxmlOptions, WbxmlToXmlOptions } from './convert.ts';
export { parseXmlTree } from './xml/reader.ts';
export type { XmlTree } from './xml/reader.ts';
export { writeXmlTree } from './xml/writer.ts';
export type { XmlWriteOptions } from './xml/writer.ts';
export { parseContentType, contentTypeFor } from './content-type.ts';
export type { ParsedContentType } from './content-type.ts';
export { encodedSize, splitPackage } from './sizing.ts';
export type { SizingOptions, SplitPackageOptions } from './sizing.ts';
export { bytesToBase64, base64ToBytes } from './base64.ts';
export { SYNCML_ERROR_CODES } from './errors.ts';
export type { SyncMLErrorCode } from './errors.ts';

export {
  STATUS_CODES,
  statusMeaning,
  isKnownStatusCode,
  isSuccessStatus,
} from './vocabulary/status-codes.ts';
export type { StatusName, StatusCode } from './vocabulary/status-codes.ts';
export { ALERT_CODES, alertName, isUserInteractionAlert } from './vocabulary/alert-codes.ts';
export type { AlertName, AlertCode, AlertDirection } from './vocabulary/alert-codes.ts';
export {
  META_FORMATS,
  META_DEFAULTS,
  isMetaFormat,
  MARK_SEVERITIES,
  DEFAULT_MARK,
  isMarkSeverity,
  compareMarkSeverity,
} from './vocabulary/meta.ts';
export type { MetaFormat, MarkSeverity } from './vocabulary/meta.ts';
export { AUTH_TYPES, TRANSPORT_AUTH_TYPES, authTypeForMetaType } from './vocabulary/auth-types.ts';
export type { AAuthType, AuthMetaType, TransportAuthType } from './vocabulary/auth-types.ts';
export { CONTENT_TYPES, MESSAGE_CONTENT_TYPES, MESSAGE_ENCODINGS } from './vocabulary/content-types.ts';
export type { ContentType, MessageEncoding } from './vocabulary/content-types.ts';
export { PAGES, XML_NAMESPACES, pageForXmlNamespace, xmlNamespaceForPage } from './vocabulary/namespaces.ts';
export type { Page, XmlNamespace } from './vocabulary/namespaces.ts';
