import { syncmlError } from '../errors.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of an XML message body. DM XML is UTF-8 (a BOM is skipped); a UTF-16 BOM is honoured since
 * XML 1.0 §4.3.3 allows it. Invalid UTF-8 is a fatal error (XML 1.0 §4.3.3) reported at its offset.
 */
export function decodeXmlBytes(bytes: Uint8Array, warnings: string[]): string {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    warnings.push('XML message is UTF-16 (byte order mark); DM peers are expected to send UTF-8');
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw syncmlError(
      'SCOMO_XML_ENCODING',
      `XML message is not valid UTF-8 (bad byte sequence at offset ${offset})`,
      {
        offset,
      },
    );
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629 §4). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      // Overlongs (E0 80..9F) and surrogates (ED A0..BF) are invalid.
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
