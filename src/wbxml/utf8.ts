import { wbxmlError } from './errors.ts';

// fatal: invalid UTF-8 is an error, never U+FFFD; ignoreBOM: a leading EF BB BF is content, not
// a byte-order mark to drop.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Below this length an all-ASCII string is built char by char: cheaper than a TextDecoder call. */
const ASCII_FAST_PATH_MAX = 48;

/**
 * Decodes `bytes[start, end)` as strict UTF-8. `SCOMO_WBXML_BAD_UTF8` at `errorOffset` (the offset of
 * the string in the input) when the bytes are not valid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number, errorOffset: number): string {
  const length = end - start;
  if (length === 0) return '';
  if (length <= ASCII_FAST_PATH_MAX) {
    let i = start;
    while (i < end && (bytes[i] as number) < 0x80) i++;
    // All ASCII: one fromCharCode call over the bytes (they are char codes as they stand).
    if (i === end) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  try {
    return strictDecoder.decode(bytes.subarray(start, end));
  } catch (cause) {
    throw wbxmlError(
      'SCOMO_WBXML_BAD_UTF8',
      `string of ${length} bytes at offset ${errorOffset} is not valid UTF-8 (charset 106): ${String(cause)}`,
      errorOffset,
    );
  }
}

/**
 * UTF-8 byte length of a well-formed string (what TextEncoder produces). Lone surrogates count as
 * 3 bytes, as TextEncoder writes U+FFFD for them; callers reject them before relying on this.
 */
export function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) length += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair: 2 UTF-16 units, 4 UTF-8 bytes.
        length += 2;
        i++;
      } else length += 2;
    } else length += 2;
  }
  return length;
}
