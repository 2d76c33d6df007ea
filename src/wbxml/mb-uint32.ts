import { wbxmlError } from './errors.ts';

/**
 * mb_u_int32 (WBXML 1.3 §5.1): an unsigned 32-bit integer as big-endian base-128 digits; every byte but
 * the last has the continuation bit 0x80 set. 32 bits need at most 5 bytes.
 */

/** Largest value an mb_u_int32 may carry. */
export const MB_UINT32_MAX = 0xffff_ffff;

/** Longest legal encoding: ceil(32 / 7) bytes. */
export const MB_UINT32_MAX_BYTES = 5;

/** A decoded mb_u_int32 and the offset just past it. */
export interface MbUint32Read {
  value: number;
  next: number;
}

/**
 * Reads an mb_u_int32 at `offset`. Throws `SCOMO_WBXML_TRUNCATED` when the input ends inside it and
 * `SCOMO_WBXML_BAD_MBUINT32` when it is longer than 5 bytes or exceeds 2^32-1. Non-minimal encodings
 * (leading 0x80 bytes) are accepted within the 5-byte limit: the spec does not forbid them.
 */
export function readMbUint32(bytes: Uint8Array, offset: number): MbUint32Read {
  let value = 0;
  let pos = offset;
  for (let count = 0; count < MB_UINT32_MAX_BYTES; count++) {
    if (pos >= bytes.length) {
      throw wbxmlError(
        'SCOMO_WBXML_TRUNCATED',
        `input ends inside an mb_u_int32 that starts at offset ${offset}`,
        pos,
      );
    }
    const byte = bytes[pos++] as number;
    // Multiplication, not `<<`: bitwise operators would wrap at 2^31.
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (value > MB_UINT32_MAX) {
        throw wbxmlError('SCOMO_WBXML_BAD_MBUINT32', `mb_u_int32 value ${value} exceeds 2^32-1`, offset);
      }
      return { value, next: pos };
    }
  }
  throw wbxmlError(
    'SCOMO_WBXML_BAD_MBUINT32',
    `mb_u_int32 is longer than ${MB_UINT32_MAX_BYTES} bytes (continuation bit still set)`,
    offset,
  );
}

/** Number of bytes `value` takes as an mb_u_int32 (1–5). */
export function mbUint32Length(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/** Throws `SCOMO_WBXML_BAD_MBUINT32` unless `value` is an integer in 0..2^32-1. */
export function checkMbUint32(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MB_UINT32_MAX) {
    throw wbxmlError('SCOMO_WBXML_BAD_MBUINT32', `${value} cannot be written as an mb_u_int32 (0..2^32-1)`);
  }
}

/**
 * Writes `value` as a minimal mb_u_int32 into `target` at `offset` and returns the offset after it.
 * The caller guarantees room for `mbUint32Length(value)` bytes.
 */
export function writeMbUint32Into(target: Uint8Array, offset: number, value: number): number {
  checkMbUint32(value);
  const length = mbUint32Length(value);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    target[offset + i] = (rest % 128) | (i === length - 1 ? 0 : 0x80);
    rest = Math.floor(rest / 128);
  }
  return offset + length;
}

/** `value` as a fresh minimal mb_u_int32 byte array. */
export function encodeMbUint32(value: number): Uint8Array {
  checkMbUint32(value);
  const out = new Uint8Array(mbUint32Length(value));
  writeMbUint32Into(out, 0, value);
  return out;
}
