import { notificationError } from './errors.ts';

// Readers for the WSP value encodings used by a push PDU (WAP-230-WSP §8.1.2 uintvar, §8.4.2
// header values). Each reads inside [pos, end) and throws SCOMO_WSP_* instead of running past it.

export interface WspCursor {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
}

/** Long-integer values above 6 octets would not fit a JS number exactly; none is needed here. */
const MAX_LONG_INTEGER_OCTETS = 6;
/** WAP-230-WSP §8.1.2: a uintvar holds at most 32 bits, i.e. 5 octets. */
const MAX_UINTVAR_OCTETS = 5;

export function readByte(c: WspCursor, what: string): number {
  const b = c.pos < c.end ? c.bytes[c.pos] : undefined;
  if (b === undefined) {
    throw notificationError('SCOMO_WSP_TRUNCATED', `WSP push ends at offset ${c.pos} inside ${what}.`, c.pos);
  }
  c.pos++;
  return b;
}

export function readUintvar(c: WspCursor, what: string): number {
  const start = c.pos;
  let value = 0;
  for (let n = 0; n < MAX_UINTVAR_OCTETS; n++) {
    const b = readByte(c, what);
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (value > 0xffffffff) break;
      return value;
    }
  }
  throw notificationError(
    'SCOMO_WSP_BAD_UINTVAR',
    `WSP ${what} at offset ${start} is not a uintvar of at most 32 bits.`,
    start,
  );
}

/** Text-string: optional quote (0x7F, or 0x22 for Quoted-string), characters, then 0x00. */
export function readText(c: WspCursor, what: string): string {
  let text = '';
  const first = c.pos < c.end ? c.bytes[c.pos] : undefined;
  if (first === 0x7f || first === 0x22) c.pos++;
  for (;;) {
    const b = readByte(c, what);
    if (b === 0) return text;
    text += String.fromCharCode(b);
  }
}

/** Value-length (§8.4.2.2): Short-length 0..30, or 31 then a uintvar. */
export function readValueLength(c: WspCursor, what: string): number {
  const first = readByte(c, what);
  const length = first === 31 ? readUintvar(c, what) : first;
  if (first > 31 || length > c.end - c.pos) {
    throw notificationError(
      'SCOMO_WSP_BAD_HEADERS',
      `WSP ${what} at offset ${c.pos} has a length past the headers.`,
      c.pos,
    );
  }
  return length;
}

/** Integer-value (§8.4.2.3): Short-integer (one octet with the top bit set) or Long-integer. */
export function readInteger(c: WspCursor, what: string): number {
  const first = readByte(c, what);
  if (first >= 0x80) return first & 0x7f;
  if (first === 0 || first > MAX_LONG_INTEGER_OCTETS || first > c.end - c.pos) {
    throw notificationError(
      'SCOMO_WSP_BAD_HEADERS',
      `WSP ${what} at offset ${c.pos - 1} is not an integer value.`,
      c.pos - 1,
    );
  }
  let value = 0;
  for (let n = 0; n < first; n++) value = value * 256 + readByte(c, what);
  return value;
}

/** A well-known code (Integer-value) or a text token: how content types and app ids are written. */
export function readIntegerOrText(c: WspCursor, what: string): number | string {
  const first = c.pos < c.end ? c.bytes[c.pos] : undefined;
  if (first === undefined) return readByte(c, what); // throws SCOMO_WSP_TRUNCATED
  return first >= 0x80 || first <= 30 ? readInteger(c, what) : readText(c, what);
}

/** Skips one header value of any encoding (§8.4.1.2: the first octet says which). */
export function skipValue(c: WspCursor, what: string): void {
  const first = c.pos < c.end ? c.bytes[c.pos] : undefined;
  if (first === undefined) {
    readByte(c, what); // throws SCOMO_WSP_TRUNCATED
    return;
  }
  if (first >= 0x80) c.pos++;
  else if (first <= 31) c.pos += readValueLength(c, what);
  else readText(c, what);
}
