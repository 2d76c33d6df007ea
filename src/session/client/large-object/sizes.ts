import type { ItemData } from '../../../syncml/index.ts';

/** UTF-8 byte length of `text` without allocating (lone surrogates count 3, as U+FFFD). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * The size of a value as transmitted (DM 1.2 Protocol §6.1.9, reference §2.8: Meta Size counts what
 * travels, e.g. the b64 text in XML): UTF-8 bytes of text, bytes of binary data. Embedded markup (an
 * inline TNDS tree) has no size before it is encoded: undefined.
 */
export function transmittedSize(data: ItemData | undefined): number | undefined {
  if (data === undefined) return 0;
  if (typeof data === 'string') return utf8Length(data);
  if (data instanceof Uint8Array) return data.length;
  return undefined;
}

/** The number of bytes a base64 text carries (whitespace ignored), or undefined when it is not base64. */
export function base64PayloadLength(text: string): number | undefined {
  const compact = text.replace(/[\t\n\r ]+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return (compact.length / 4) * 3 - padding;
}

/**
 * True when the received value matches the announced Meta Size. Peers differ on what Size counts for
 * b64 values (the encoded text, as the reference says, or the raw bytes, as the node Size property
 * does): both readings are accepted.
 */
export function sizeMatches(declared: number, data: ItemData, format: string | undefined): boolean {
  if (transmittedSize(data) === declared) return true;
  return format === 'b64' && typeof data === 'string' && base64PayloadLength(data) === declared;
}
