import { isScomoError } from '../errors/index.ts';
import {
  CONTENT_TYPES,
  contentTypeFor,
  decodeMessage,
  encodeMessage,
  encodedSize,
  writeXmlTree,
} from '../syncml/index.ts';
import type { EmbeddedMarkup, MessageEncoding, SyncMLMessage } from '../syncml/index.ts';
import { serverError } from './errors.ts';

export interface DecodedRequest {
  readonly message: SyncMLMessage;
  readonly encoding: MessageEncoding;
}

/**
 * Request body → model. A body that is not a SyncML DM message is a typed error (the HTTP adapter
 * answers 415 or 400); everything after decoding is answered in SyncML.
 */
export function decodeRequest(body: Uint8Array, contentType: string): DecodedRequest {
  try {
    const decoded = decodeMessage(body, contentType);
    return { message: decoded.message, encoding: decoded.encoding };
  } catch (error) {
    if (isScomoError(error, 'SCOMO_SYNCML_CONTENT_TYPE')) {
      throw serverError('SCOMO_SERVER_UNSUPPORTED_MEDIA_TYPE', error.message, { cause: error });
    }
    const why = error instanceof Error ? error.message : String(error);
    const where = isScomoError(error) ? error : undefined;
    throw serverError('SCOMO_SERVER_NOT_SYNCML', `The request body is not a SyncML DM message: ${why}`, {
      cause: error,
      ...(where?.offset === undefined ? {} : { offset: where.offset }),
      ...(where?.line === undefined ? {} : { line: where.line }),
      ...(where?.column === undefined ? {} : { column: where.column }),
    });
  }
}

/** The reply in the request's encoding; quirk legacy-content-type picks the SyncML DS era names. */
export function encodeReply(
  message: SyncMLMessage,
  encoding: MessageEncoding,
  legacy: boolean,
): { body: Uint8Array; contentType: string } {
  const body = encodeMessage(message, encoding);
  if (!legacy) return { body, contentType: contentTypeFor(encoding) };
  return { body, contentType: encoding === 'xml' ? CONTENT_TYPES.LEGACY_XML : CONTENT_TYPES.LEGACY_WBXML };
}

export function sizeIn(encoding: MessageEncoding): (message: SyncMLMessage) => number {
  return (message) => encodedSize(message, encoding);
}

export function markupToText(markup: EmbeddedMarkup): string {
  return writeXmlTree(markup.element);
}
