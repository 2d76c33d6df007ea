import { base64ToBytes } from '../../../syncml/index.ts';
import type { Item, Results } from '../../../syncml/index.ts';
import { b64ToBytes, bytesToB64 } from '../base64.ts';
import { findSent } from '../in-flight.ts';
import { utf8Length } from '../large-object.ts';
import type { ResultItem } from '../outcome.ts';
import type { IncomingObject, IncomingUnit, SentNode } from '../state.ts';
import { commandStatus } from '../statuses.ts';
import type { IntakeContext } from './context.ts';
import { isB64Format, resultItem } from './item-data.ts';

/**
 * Results for one of our Gets (sent after its Status, reference §2.3). No Status is returned for
 * Results unless something is wrong, except 213 for each chunk of a large object the client sends
 * (reference §2.8, receiver side) and 424 when the reassembled size is not the announced one.
 */
export function handleResults(ctx: IntakeContext, results: Results): void {
  const draft = ctx.draft;
  const msgRef = results.msgRef?.trim() || String(draft.serverMsgId);
  const cmdRef = results.cmdRef.trim();
  const node = findSent(draft, msgRef, cmdRef)?.node ?? null;
  for (const item of results.items) {
    const stored = resultItem(item, results.meta, ctx.markupToText);
    const incoming = draft.incoming;
    const continues = incoming !== null && incoming.msgRef === msgRef && incoming.cmdRef === cmdRef;
    if (item.moreData === true) {
      if (continues) incoming.parts.push(partOf(item, stored, incoming.unit));
      else draft.incoming = startIncoming(msgRef, cmdRef, item, stored, results);
      ctx.replies.push(commandStatus(ctx.msgRef, results, 213));
    } else if (continues) {
      draft.incoming = null;
      incoming.parts.push(partOf(item, stored, incoming.unit));
      finishIncoming(ctx, results, incoming, node);
    } else node?.results.push(stored);
  }
}

function unitOf(item: Item, stored: ResultItem): IncomingUnit {
  if (item.data instanceof Uint8Array) return 'bytes';
  return typeof item.data === 'string' && isB64Format(stored.format) ? 'b64-text' : 'text';
}

/** A chunk as buffered: the text as sent for `b64-text` (a piece need not be base64 on its own). */
function partOf(item: Item, stored: ResultItem, unit: IncomingUnit): string {
  if (unit === 'b64-text' && typeof item.data === 'string') return item.data;
  return stored.data ?? '';
}

function startIncoming(
  msgRef: string,
  cmdRef: string,
  item: Item,
  stored: ResultItem,
  results: Results,
): IncomingObject {
  const unit = unitOf(item, stored);
  return {
    msgRef,
    cmdRef,
    source: stored.source,
    format: stored.format,
    type: stored.type,
    // Reference §2.8: the first chunk's Meta Size announces the whole object.
    size: item.meta?.size ?? results.meta?.size ?? null,
    unit,
    parts: [partOf(item, stored, unit)],
  };
}

function finishIncoming(
  ctx: IntakeContext,
  results: Results,
  incoming: IncomingObject,
  node: SentNode | null,
): void {
  const whole = reassemble(incoming);
  if (incoming.size !== null && !whole.sizes.includes(incoming.size)) {
    // Reference §2.8: a size mismatch is 424 and nothing is kept.
    ctx.replies.push(commandStatus(ctx.msgRef, results, 424));
    node?.statuses.push({ targetRef: incoming.source, status: 424 });
    return;
  }
  node?.results.push({
    source: incoming.source,
    format: incoming.format,
    type: incoming.type,
    data: whole.data,
    encoding: whole.encoding,
  });
}

/**
 * The object from its parts, and the Meta Size values that match it: the size as transmitted
 * (reference §2.8: for b64 in XML the encoded text) and, for b64 text, also the decoded bytes, which
 * some clients announce instead.
 */
function reassemble(
  incoming: IncomingObject,
): Pick<ResultItem, 'encoding'> & { data: string; sizes: number[] } {
  if (incoming.unit === 'bytes') {
    const chunks = incoming.parts.map(b64ToBytes);
    const bytes = concat(chunks);
    const data = incoming.parts.length === 1 ? (incoming.parts[0] ?? '') : bytesToB64(bytes);
    return { data, encoding: 'b64', sizes: [bytes.length] };
  }
  const text = incoming.parts.join('');
  const bytes = incoming.unit === 'b64-text' ? base64ToBytes(text) : undefined;
  if (bytes === undefined) return { data: text, encoding: 'text', sizes: [utf8Length(text)] };
  return { data: bytesToB64(bytes), encoding: 'b64', sizes: [utf8Length(text), bytes.length] };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}
