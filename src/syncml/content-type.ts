import { syncmlError } from './errors.ts';
import { CONTENT_TYPES, MESSAGE_CONTENT_TYPES } from './vocabulary/content-types.ts';
import type { ContentType, MessageEncoding } from './vocabulary/content-types.ts';

export interface ParsedContentType {
  encoding: MessageEncoding;
  /** The media type as listed (lower case, without parameters). */
  type: ContentType;
  /** `application/vnd.syncml+xml` / `+wbxml`: accepted on input, never sent. */
  legacy: boolean;
  /** The charset parameter, when one was given. */
  charset?: string;
}

/**
 * Parses an HTTP Content-Type of a DM message (reference §5): the media type without case, parameters
 * such as `; charset=UTF-8` tolerated. Anything that is not a SyncML DM type is a typed error.
 */
export function parseContentType(contentType: string): ParsedContentType {
  const [media = '', ...parameters] = String(contentType).split(';');
  const type = media.trim().toLowerCase();
  const entry = MESSAGE_CONTENT_TYPES.find((candidate) => candidate.type === type);
  if (entry === undefined) {
    throw syncmlError(
      'SCOMO_SYNCML_CONTENT_TYPE',
      `content type "${contentType}" is not a SyncML DM message type; expected ${CONTENT_TYPES.DM_XML} or ${CONTENT_TYPES.DM_WBXML}`,
    );
  }
  const parsed: ParsedContentType = { encoding: entry.encoding, type: entry.type, legacy: entry.legacy };
  for (const parameter of parameters) {
    const eq = parameter.indexOf('=');
    if (eq < 0 || parameter.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    parsed.charset = parameter
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return parsed;
}

/** The content type scomo sends for an encoding. */
export function contentTypeFor(encoding: MessageEncoding): ContentType {
  return encoding === 'xml' ? CONTENT_TYPES.DM_XML : CONTENT_TYPES.DM_WBXML;
}
