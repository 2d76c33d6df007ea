import { base64ToBytes } from '../../../syncml/index.ts';
import type { EmbeddedMarkup, Item, ItemData, Meta } from '../../../syncml/index.ts';
import { bytesToB64 } from '../base64.ts';
import type { ResultItem } from '../outcome.ts';

/** Item data as stored: text as is, bytes as base64, embedded markup (TNDS) as its XML text. */
export function storedData(
  data: ItemData | undefined,
  markupToText: (markup: EmbeddedMarkup) => string,
): { data: string | null; encoding: 'text' | 'b64' } {
  if (data === undefined) return { data: null, encoding: 'text' };
  if (typeof data === 'string') return { data, encoding: 'text' };
  if (data instanceof Uint8Array) return { data: bytesToB64(data), encoding: 'b64' };
  return { data: markupToText(data), encoding: 'text' };
}

/**
 * A Results Item as stored. Binary data over XML travels as base64 text with Format b64 (reference
 * §6.6): stored as the bytes it encodes (`b64`), like OPAQUE bytes in WBXML; text that is not
 * base64 after all is kept as text.
 */
export function resultItem(
  item: Item,
  commandMeta: Meta | undefined,
  markupToText: (markup: EmbeddedMarkup) => string,
): ResultItem {
  const format = item.meta?.format ?? commandMeta?.format ?? null;
  const bytes = isB64Format(format) && typeof item.data === 'string' ? base64ToBytes(item.data) : undefined;
  return {
    source: item.source?.locURI ?? null,
    format,
    type: item.meta?.type ?? commandMeta?.type ?? null,
    ...(bytes === undefined
      ? storedData(item.data, markupToText)
      : { data: bytesToB64(bytes), encoding: 'b64' }),
  };
}

export function isB64Format(format: string | null): boolean {
  return format?.trim().toLowerCase() === 'b64';
}

/** Item data as text (DevInfo values are chr): bytes are read as UTF-8. */
export function textOf(data: ItemData | undefined, markupToText: (markup: EmbeddedMarkup) => string): string {
  if (data === undefined) return '';
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  return markupToText(data);
}
