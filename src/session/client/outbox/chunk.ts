/**
 * Cutting a value into large-object chunks (DM 1.2 Protocol §6.1.9, reference §2.8) by its cost on
 * the wire: text costs its UTF-8 bytes (in XML also the escapes the writer adds), binary data its
 * bytes in WBXML (OPAQUE) or 4/3 of them in XML (base64, cut at multiples of 3 bytes so the pieces'
 * base64 texts concatenate to the whole's).
 */
import type { MessageEncoding } from '../../../syncml/index.ts';

function xmlCharCost(code: number): number {
  switch (code) {
    case 0x26: // &amp;
    case 0x0d: // &#13;
      return 5;
    case 0x3c: // &lt;
    case 0x3e: // &gt;
      return 4;
    default:
      return code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
}

/** How many UTF-16 units of `text` cost at most `budget` bytes (never splitting a surrogate pair). */
export function textPrefixLength(text: string, budget: number, encoding: MessageEncoding): number {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const cost = pair ? 4 : encoding === 'xml' ? xmlCharCost(code) : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    if (used + cost > budget) break;
    used += cost;
    i += pair ? 2 : 1;
  }
  return i;
}

/** How many bytes of binary data cost at most `budget` bytes. */
export function bytesPrefixLength(total: number, budget: number, encoding: MessageEncoding): number {
  const fit = encoding === 'xml' ? Math.floor(budget / 4) * 3 : budget;
  return Math.max(0, Math.min(total, fit));
}

/** The Meta Size of a value as transmitted in `encoding` (reference §2.8). */
export function wireSize(
  data: string | Uint8Array,
  encoding: MessageEncoding,
  utf8Length: (text: string) => number,
): number {
  if (typeof data === 'string') return utf8Length(data);
  return encoding === 'xml' ? Math.ceil(data.length / 3) * 4 : data.length;
}
