import type { Command, Item } from '../../syncml/index.ts';
import { b64DecodedLength, b64ToBytes } from './base64.ts';
import { itemMeta } from './build.ts';
import type { CmdIdAllocator } from './build.ts';
import type { IntakeContext } from './handlers/context.ts';
import { resolveQueued } from './in-flight.ts';
import type { OutboxEntry, LargeObjectSend, SessionState } from './state.ts';
import type { Effect, MessageEncoding } from './types.ts';
import type { MessagePacker } from './packer.ts';
import { failed } from './outcome.ts';
import { sessionError } from './errors.ts';

/*
 * Large objects from server to client (DM 1.2 Protocol §6.1.9; reference §2.8): an Add or Replace
 * whose data does not fit one message goes out in chunks, one per message, each but the last with
 * MoreData; the first chunk's Meta Size is the whole object as transmitted; the client answers 213
 * per chunk and the command's real status after the last. Nothing else is sent between chunks.
 */

/** Only a single-item Add or Replace with data, outside Atomic/Sequence, can travel in chunks. */
export function chunkable(entry: OutboxEntry): boolean {
  const op = entry.operation;
  if (entry.emulation !== null || (op.kind !== 'Add' && op.kind !== 'Replace')) return false;
  return op.items.length === 1 && op.items[0]?.data !== undefined;
}

/** The size the client's MaxObjSize is compared with: data as transmitted in this encoding. */
export function transmittedSize(data: string, binary: boolean, encoding: MessageEncoding): number {
  if (!binary) return utf8Length(data);
  // XML carries bytes as base64 text (reference §6.6); WBXML as OPAQUE bytes.
  return encoding === 'xml' ? data.length : b64DecodedLength(data);
}

export function startLargeObject(entry: OutboxEntry, encoding: MessageEncoding): LargeObjectSend {
  const op = entry.operation;
  if ((op.kind !== 'Add' && op.kind !== 'Replace') || op.items[0]?.data === undefined) {
    throw sessionError(
      'SCOMO_SESSION_ILLEGAL_STATE',
      'startLargeObject needs a chunkable operation; check chunkable() first.',
    );
  }
  const { data, binary, ...rest } = op.items[0];
  const asText = binary !== true || encoding === 'xml';
  // Binary in XML is sent as its base64 text, Format b64, so every chunk is plain text.
  const item = binary === true && encoding === 'xml' ? { ...rest, format: 'b64' } : rest;
  return {
    queueId: entry.queueId,
    operation: op,
    kind: op.kind,
    item,
    unit: asText ? 'text' : 'bytes',
    payload: data,
    total: transmittedSize(data, binary === true, encoding),
    offset: 0,
    sent: null,
  };
}

/**
 * Adds the next chunk, as large as the message allows. Returns false when not even `minChunk` units
 * (or the whole rest) fit: the chunk waits for the next message.
 */
export function addChunk(
  packer: MessagePacker,
  lo: LargeObjectSend,
  msgId: string,
  minChunk: number,
): boolean {
  const remaining = unitsLeft(lo);
  const build = (units: number) => (alloc: CmdIdAllocator) => chunkCommand(lo, units, alloc);
  // Binary search on the chunk length: the encoded size grows monotonically with it.
  let best = 0;
  let low = 1;
  let high = remaining;
  while (low <= high) {
    const units = Math.floor((low + high) / 2);
    if (packer.wouldFit(build(units))) {
      best = units;
      low = units + 1;
    } else high = units - 1;
  }
  best = safeCut(lo, best);
  if (best === 0 || (best < remaining && best < minChunk)) return false;
  const added = packer.tryAdd(build(best));
  if (added === null) return false;
  lo.sent = { msgId, cmdId: added.cmdID, last: lo.offset + best >= unitLength(lo) };
  lo.offset += best;
  return true;
}

/** The chunk just added was the object's last one. */
export function lastChunkSent(lo: LargeObjectSend): boolean {
  return lo.sent?.last ?? false;
}

function chunkCommand(lo: LargeObjectSend, units: number, alloc: CmdIdAllocator): Command {
  const end = lo.offset + units;
  const item: Item = {};
  if (lo.item.target !== undefined) item.target = { locURI: lo.item.target };
  if (lo.item.source !== undefined) item.source = { locURI: lo.item.source };
  // Reference §2.8: repeat Meta on every chunk; Size only on the first.
  const meta = { ...itemMeta(lo.item), ...(lo.offset === 0 ? { size: lo.total } : {}) };
  if (Object.keys(meta).length > 0) item.meta = meta;
  item.data =
    lo.unit === 'text' ? lo.payload.slice(lo.offset, end) : b64ToBytes(lo.payload).subarray(lo.offset, end);
  if (end < unitLength(lo)) item.moreData = true;
  return { kind: lo.kind, cmdID: alloc(), items: [item] };
}

function unitLength(lo: LargeObjectSend): number {
  return lo.unit === 'text' ? lo.payload.length : b64DecodedLength(lo.payload);
}

function unitsLeft(lo: LargeObjectSend): number {
  return unitLength(lo) - lo.offset;
}

/** Never split a UTF-16 surrogate pair between chunks (each chunk must be valid UTF-8). */
function safeCut(lo: LargeObjectSend, units: number): number {
  if (lo.unit !== 'text' || units === 0 || lo.offset + units >= lo.payload.length) return units;
  const last = lo.payload.charCodeAt(lo.offset + units - 1);
  return last >= 0xd800 && last <= 0xdbff ? units - 1 : units;
}

/**
 * A Status for the chunk in flight. 213 asks for the next chunk; any other code on a non-last chunk,
 * or the code on the last one, is the command's answer. Returns false when the Status is not ours.
 */
export function chunkStatus(ctx: IntakeContext, msgRef: string, cmdRef: string, code: number): boolean {
  const lo = ctx.draft.largeObject;
  if (lo === null || lo.sent === null || lo.sent.msgId !== msgRef || lo.sent.cmdId !== cmdRef) return false;
  if (!lo.sent.last && code === 213) {
    lo.sent = null;
    return true;
  }
  ctx.draft.largeObject = null;
  resolveQueued(ctx.draft, ctx.effects, lo.queueId, {
    kind: 'answered',
    status: code,
    itemStatuses: [{ targetRef: lo.item.target ?? null, status: code }],
    results: [],
    children: [],
  });
  return true;
}

/** The client gave up on our object (Alert 1225) or closed its package without answering a chunk. */
export function abandonLargeObject(draft: SessionState, effects: Effect[], why: string): void {
  const lo = draft.largeObject;
  if (lo === null) return;
  draft.largeObject = null;
  resolveQueued(draft, effects, lo.queueId, failed('SCOMO_SESSION_LARGE_OBJECT_ABANDONED', why));
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
