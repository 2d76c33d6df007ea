export type {
  WbxmlElement,
  WbxmlAttribute,
  WbxmlText,
  WbxmlOpaque,
  WbxmlNode,
  WbxmlDocument,
  WbxmlVersion,
} from './tree.ts';
export { decodeWbxml, DEFAULT_MAX_DEPTH } from './decoder.ts';
export type { DecodeWbxmlOptions, DecodedWbxml } from './decoder.ts';
export { encodeWbxml } from './encoder.ts';
export type { EncodeWbxmlOptions } from './encoder.ts';
export {
  SYNCML_12,
  SYNCML_11,
  DMDDF_12,
  WBXML_LANGUAGES,
  PUBLIC_IDS,
  FPIS,
  languageFor,
  defaultPublicId,
  pageForNamespace,
  namespaceForPage,
  syncmlOpaqueText,
} from './languages.ts';
export type { WbxmlLanguage } from './languages.ts';
export {
  SYNCML_PAGE_TOKENS,
  METINF_PAGE_TOKENS,
  DMDDF_PAGE_TOKENS,
  NAMESPACES,
  SYNCML_12_PAGE,
  SYNCML_11_PAGE,
  METINF_PAGE,
  DMDDF_12_PAGE,
  defineCodePage,
} from './code-pages.ts';
export type { CodePage, SyncMLTag, MetInfTag, DmDdfTag } from './code-pages.ts';
export { GLOBAL_TOKENS, CHARSET_UTF8, PUBLIC_ID_UNKNOWN } from './tokens.ts';
export type { GlobalTokenName } from './tokens.ts';
export {
  readMbUint32,
  encodeMbUint32,
  writeMbUint32Into,
  mbUint32Length,
  MB_UINT32_MAX,
  MB_UINT32_MAX_BYTES,
} from './mb-uint32.ts';
export type { MbUint32Read } from './mb-uint32.ts';
export { WBXML_ERROR_CODES } from './errors.ts';
export type { WbxmlErrorCode } from './errors.ts';
