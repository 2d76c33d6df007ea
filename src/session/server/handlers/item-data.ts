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

export function resultItem(
  item: Item,
  commandMeta: Meta | undefined,
  markupToText: (markup: EmbeddedMarkup) => string,
): ResultItem {
  return {
    source: item.source?.locURI ?? null,
    format: item.meta?.format ?? commandMeta?.format ?? null,
    type: item.meta?.type ?? commandMeta?.type ?? null,
    ...storedData(item.data, markupToText),
  };
}

/** Item data as text (DevInfo values are chr): bytes are read as UTF-8. */
export function textOf(data: ItemData | undefined, markupToText: (markup: EmbeddedMarkup) => string): string {
  if (data === undefined) return '';
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  return markupToText(data);
}
