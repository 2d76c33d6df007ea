/**
 * Splitting a Results that does not fit the room left in a message (reference §2.5, §2.8): first by
 * Items (several Results for one Get, each carrying whole Items), and when one Item alone exceeds a
 * whole message, by cutting its Data into large-object chunks — MoreData on every chunk but the
 * last, Meta Size (the total as transmitted) on the first only. A Results that fits an empty message
 * is never split: it waits for the next message (objects that fit one message must not carry MoreData).
 */
import type { Item, Results } from '../../../syncml/index.ts';
import type { OutEntry, OutgoingObject } from '../handlers/index.ts';
import { utf8Length } from '../large-object/sizes.ts';
import type { MessageEncoding } from '../../../syncml/index.ts';
import { bytesPrefixLength, textPrefixLength, wireSize } from './chunk.ts';

/** Below this many bytes of room a chunk is not worth starting, unless nothing else is in the message. */
const MIN_CHUNK = 32;
const MAX_FIT_ATTEMPTS = 6;

export interface SplitContext {
  readonly encoding: MessageEncoding;
  /** Encoded size of a Results command standing alone in a message (its share of the message). */
  readonly measure: (results: Results) => number;
  readonly newObjectId: () => number;
}

export interface Split {
  readonly first: OutEntry;
  readonly rest: OutEntry;
}

function withItems(results: Results, items: Item[]): Results {
  return { ...results, items };
}

/** The largest k ≥ 0 such that the first k Items fit `room` (binary search: sizes grow with k). */
function fittingItems(results: Results, room: number, ctx: SplitContext): number {
  let lo = 0;
  let hi = results.items.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measure(withItems(results, results.items.slice(0, mid))) <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function chunkFirstItem(
  entry: OutEntry,
  results: Results,
  room: number,
  ctx: SplitContext,
  minChunk: number,
): Split | undefined {
  const [item, ...others] = results.items;
  const data = item?.data;
  if (item === undefined || (typeof data !== 'string' && !(data instanceof Uint8Array))) return undefined;
  const object: OutgoingObject = entry.continues ?? {
    id: ctx.newObjectId(),
    totalSize: wireSize(data, ctx.encoding, utf8Length),
    dropped: false,
  };
  const { size: _announced, ...plainMeta } = item.meta ?? {};
  const meta = entry.continues === undefined ? { ...plainMeta, size: object.totalSize } : plainMeta;
  const empty = typeof data === 'string' ? '' : new Uint8Array(0);
  const probe: Item = { ...item, meta, data: empty, moreData: true };
  let budget = room - ctx.measure(withItems(results, [probe]));
  for (let attempt = 0; attempt < MAX_FIT_ATTEMPTS && budget >= minChunk; attempt++) {
    const n =
      typeof data === 'string'
        ? textPrefixLength(data, budget, ctx.encoding)
        : bytesPrefixLength(data.length, budget, ctx.encoding);
    if (n <= 0 || n >= data.length) return undefined;
    const chunk: Item = { ...probe, data: data.slice(0, n) };
    const size = ctx.measure(withItems(results, [chunk]));
    if (size <= room) {
      const restItem: Item = { ...item, meta: plainMeta, data: data.slice(n) };
      delete restItem.moreData;
      const track = { kind: 'results-chunk', object } as const;
      return {
        first: { command: withItems(results, [chunk]), track, continues: object },
        rest: { command: { ...results, cmdID: '', items: [restItem, ...others] }, track, continues: object },
      };
    }
    budget -= size - room;
  }
  return undefined;
}

/**
 * Splits `entry` (a Results of `size` bytes) to use `room` bytes now; `emptyRoom` is what a message
 * with nothing else would offer. Undefined: send it whole in a later message (or it cannot be split).
 * The rest of an object already being chunked is cut again whenever it does not fit: it belongs to
 * an object larger than a message, and waiting for an emptier message could wait forever (the
 * Statuses owed to the server go first in every message).
 */
export function splitResults(
  entry: OutEntry,
  size: number,
  room: number,
  emptyRoom: number,
  ctx: SplitContext,
  /** Nothing else is in the message: any chunk, however small, is progress. */
  alone: boolean,
): Split | undefined {
  const results = entry.command;
  const chunking = entry.continues !== undefined;
  if (results.kind !== 'Results' || room <= 0 || (!chunking && size <= emptyRoom)) return undefined;
  const k = fittingItems(results, room, ctx);
  if (k >= 1 && k < results.items.length) {
    return {
      first: { ...entry, command: withItems(results, results.items.slice(0, k)) },
      rest: { command: { ...results, cmdID: '', items: results.items.slice(k) } },
    };
  }
  const first = results.items[0];
  if (first === undefined || (!chunking && ctx.measure(withItems(results, [first])) <= emptyRoom))
    return undefined;
  return chunkFirstItem(entry, results, room, ctx, alone ? 1 : MIN_CHUNK);
}
