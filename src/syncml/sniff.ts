import type { MessageEncoding } from './vocabulary/content-types.ts';

/**
 * What the first bytes say: WBXML starts with its version byte 0x01–0x03 (WBXML 1.3 §5.4), XML with
 * `<` after an optional byte order mark and blanks. Undefined when neither fits.
 */
export function sniffEncoding(bytes: Uint8Array): MessageEncoding | undefined {
  const first = bytes[0];
  if (first === undefined) return undefined;
  if (first >= 0x01 && first <= 0x03) return 'wbxml';
  let i = 0;
  if (first === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  else if ((first === 0xff && bytes[1] === 0xfe) || (first === 0xfe && bytes[1] === 0xff)) return 'xml';
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return bytes[i] === 0x3c ? 'xml' : undefined;
}
