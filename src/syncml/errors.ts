import { ScomoError } from '../errors/index.ts';
import type { ScomoErrorDetails } from '../errors/index.ts';

/**
 * The stable error codes of the SyncML codecs. `SCOMO_XML_*` are failures to read or write XML text
 * (with line and column when reading); `SCOMO_SYNCML_*` are messages that are well-formed but are not a
 * SyncML DM message we can map, and local misuse such as an unknown content type.
 */
export const SYNCML_ERROR_CODES = [
  /** The XML text is not well-formed (saxes' diagnosis, with line and column). */
  'SCOMO_XML_MALFORMED',
  /** A DOCTYPE with an internal subset or an ENTITY declaration: refused (entity-expansion defence). */
  'SCOMO_XML_DOCTYPE',
  /** The bytes are not valid UTF-8 (the only charset DM XML messages use). */
  'SCOMO_XML_ENCODING',
  /** Text that XML 1.0 cannot carry (e.g. U+0000) was given to the XML writer. */
  'SCOMO_XML_UNREPRESENTABLE',
  /** A content type that is neither SyncML DM XML nor WBXML. */
  'SCOMO_SYNCML_CONTENT_TYPE',
  /** The document's root is not `SyncML`. */
  'SCOMO_SYNCML_NOT_SYNCML',
  /** An element the SyncML DTD requires is absent (e.g. no SyncHdr, Status without CmdRef). */
  'SCOMO_SYNCML_MISSING_ELEMENT',
  /** A value has the wrong form (e.g. MaxMsgSize that is not a decimal number). */
  'SCOMO_SYNCML_BAD_VALUE',
  /** The model handed to an encoder cannot be written (e.g. Item data of an unknown type). */
  'SCOMO_SYNCML_BAD_MODEL',
  /** One command (a whole Atomic/Sequence included) does not fit the peer's MaxMsgSize. */
  'SCOMO_SYNCML_COMMAND_TOO_LARGE',
  /** The header and Final alone exceed MaxMsgSize. */
  'SCOMO_SYNCML_ENVELOPE_TOO_LARGE',
  /** The caller's MsgID sequence ran out while splitting a package. */
  'SCOMO_SYNCML_MSGID_EXHAUSTED',
  /** An option is out of range (e.g. a MaxMsgSize that is not a positive integer). */
  'SCOMO_SYNCML_BAD_OPTION',
] as const;

export type SyncMLErrorCode = (typeof SYNCML_ERROR_CODES)[number];

export function syncmlError(
  code: SyncMLErrorCode,
  message: string,
  details: ScomoErrorDetails = {},
): ScomoError {
  return new ScomoError(code, message, details);
}
