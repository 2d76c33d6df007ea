import { notificationError } from './errors.ts';
import {
  readByte,
  readIntegerOrText,
  readText,
  readUintvar,
  readValueLength,
  skipValue,
} from './wsp-reader.ts';
import type { WspCursor } from './wsp-reader.ts';

// Optional WAP-push framing of package #0 (reference §4.3). Only the connectionless Push PDU
// (WAP-230-WSP §8.2.4.1: TID, PDU type, HeadersLen uintvar, ContentType, Headers, Data) is handled;
// SMS user-data headers and WDP are left to the bearer.

export const WSP_PDU_PUSH = 0x06;
/** application/vnd.syncml.notification, WSP well-known content type 0x44. */
export const WSP_CONTENT_TYPE_NOTIFICATION = 0x44;
export const NOTIFICATION_MIME_TYPE = 'application/vnd.syncml.notification';
/** X-Wap-Application-Id header field 0x2F; x-wap-application:syncml.dm is app id 0x07. */
export const WSP_HEADER_APPLICATION_ID = 0x2f;
export const WSP_APP_ID_SYNCML_DM = 0x07;
export const WSP_APP_ID_SYNCML_DM_URI = 'x-wap-application:syncml.dm';
/** WDP/WSP connectionless push port. */
export const WSP_PUSH_PORT = 2948;

export interface WspPush {
  readonly transactionId: number;
  /** A well-known code (0x44 for package #0) or a media type string. */
  readonly contentType: number | string;
  /** X-Wap-Application-Id: a code (0x07 for syncml.dm) or a URI; undefined when absent. */
  readonly applicationId: number | string | undefined;
  readonly body: Uint8Array;
}

/** Minimal push: `<TID> 06 03 C4 AF 87` then package #0 (reference §4.3). */
export function wrapWspPush(pkg0: Uint8Array, options: { readonly transactionId?: number } = {}): Uint8Array {
  const tid = options.transactionId ?? 0;
  if (!Number.isInteger(tid) || tid < 0 || tid > 0xff) {
    throw notificationError(
      'SCOMO_WSP_BAD_INPUT',
      `WSP transaction id ${String(tid)} is not an integer in 0..255.`,
    );
  }
  const headers = [
    0x80 | WSP_CONTENT_TYPE_NOTIFICATION,
    0x80 | WSP_HEADER_APPLICATION_ID,
    0x80 | WSP_APP_ID_SYNCML_DM,
  ];
  const out = new Uint8Array(3 + headers.length + pkg0.length);
  out.set([tid, WSP_PDU_PUSH, headers.length, ...headers], 0);
  out.set(pkg0, 3 + headers.length);
  return out;
}

/** Parses a connectionless WSP Push PDU; the body is package #0 when contentType is 0x44. */
export function unwrapWspPush(bytes: Uint8Array): WspPush {
  if (!(bytes instanceof Uint8Array)) {
    throw notificationError('SCOMO_WSP_BAD_INPUT', 'A WSP push must be given as a Uint8Array.');
  }
  const c: WspCursor = { bytes, pos: 0, end: bytes.length };
  const transactionId = readByte(c, 'the transaction id');
  const type = readByte(c, 'the PDU type');
  if (type !== WSP_PDU_PUSH) {
    throw notificationError(
      'SCOMO_WSP_NOT_PUSH',
      `WSP PDU type is 0x${type.toString(16)}; expected 0x06 (Push).`,
      1,
    );
  }
  const headersLength = readUintvar(c, 'the headers length');
  const headersEnd = c.pos + headersLength;
  if (headersEnd > bytes.length) {
    throw notificationError(
      'SCOMO_WSP_TRUNCATED',
      `WSP push declares ${headersLength} header bytes but has fewer.`,
      bytes.length,
    );
  }
  c.end = headersEnd;
  const contentType = readContentType(c);
  let applicationId: number | string | undefined;
  while (c.pos < c.end) {
    const b = readByte(c, 'a header');
    if (b === (0x80 | WSP_HEADER_APPLICATION_ID))
      applicationId = readIntegerOrText(c, 'X-Wap-Application-Id');
    else if (b >= 0x80) skipValue(c, 'a header value');
    else if (b === 0x7f) readByte(c, 'a code page shift');
    else if (b >= 0x20) {
      // Application-header: the rest of the Token-text, then a Text-string value.
      readText(c, 'an application header name');
      readText(c, 'an application header value');
    } else if (b === 0)
      throw notificationError(
        'SCOMO_WSP_BAD_HEADERS',
        `WSP header at offset ${c.pos - 1} is empty.`,
        c.pos - 1,
      );
    // 0x01..0x1F: short-cut shift to another header code page; nothing more to skip.
  }
  return { transactionId, contentType, applicationId, body: new Uint8Array(bytes.subarray(headersEnd)) };
}

/** Content-type-value (§8.4.2.24): a constrained media or a general form with parameters. */
function readContentType(c: WspCursor): number | string {
  const first = c.pos < c.end ? c.bytes[c.pos] : undefined;
  if (first === undefined) return readByte(c, 'the content type'); // throws SCOMO_WSP_TRUNCATED
  if (first > 31) return readIntegerOrText(c, 'the content type');
  const length = readValueLength(c, 'the content type');
  const end = c.pos + length;
  const outer = c.end;
  c.end = end;
  const media = readIntegerOrText(c, 'the content type');
  c.pos = end; // parameters are not needed
  c.end = outer;
  return media;
}
