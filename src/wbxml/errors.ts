import { ScomoError } from '../errors/index.ts';

export { ScomoError };

/**
 * The stable error codes of the WBXML codec. Decoders report every failure with one of these and the
 * byte offset where it was detected; the encoder uses the `SCOMO_WBXML_ENCODE_*` codes for trees it
 * cannot represent; `SCOMO_WBXML_BAD_CODE_PAGE` and `SCOMO_WBXML_BAD_OPTIONS` reject programming errors
 * (a malformed code page definition, an out-of-range option).
 */
export const WBXML_ERROR_CODES = [
  'SCOMO_WBXML_TRUNCATED',
  'SCOMO_WBXML_BAD_MBUINT32',
  'SCOMO_WBXML_VERSION',
  'SCOMO_WBXML_CHARSET',
  'SCOMO_WBXML_BAD_STRTBL_REF',
  'SCOMO_WBXML_UNKNOWN_TAG',
  'SCOMO_WBXML_UNKNOWN_ATTRIBUTE',
  'SCOMO_WBXML_UNEXPECTED_TOKEN',
  'SCOMO_WBXML_EXTENSION',
  'SCOMO_WBXML_BAD_UTF8',
  'SCOMO_WBXML_BAD_ENTITY',
  'SCOMO_WBXML_TOO_DEEP',
  'SCOMO_WBXML_TRAILING_DATA',
  'SCOMO_WBXML_ENCODE_BAD_TEXT',
  'SCOMO_WBXML_ENCODE_BAD_TREE',
  'SCOMO_WBXML_ENCODE_BAD_PUBLIC_ID',
  'SCOMO_WBXML_BAD_CODE_PAGE',
  'SCOMO_WBXML_BAD_OPTIONS',
] as const;

export type WbxmlErrorCode = (typeof WBXML_ERROR_CODES)[number];

/** A ScomoError with a WBXML code; `offset` is the input byte offset (decoders) when known. */
export function wbxmlError(code: WbxmlErrorCode, message: string, offset?: number): ScomoError {
  return new ScomoError(code, message, offset === undefined ? {} : { offset });
}

/** `0x2d` style hex for messages. */
export function hex(value: number, width = 2): string {
  return `0x${value.toString(16).toUpperCase().padStart(width, '0')}`;
}
