import type { Item, Results } from '../../../syncml/index.ts';
import { b64ToBytes, bytesToB64 } from '../base64.ts';
import { findSent } from '../in-flight.ts';
import { utf8Length } from '../large-object.ts';
import type { ResultItem } from '../outcome.ts';
import type { IncomingObject, SentNode } from '../state.ts';
import { commandStatus } from '../statuses.ts';
import type { IntakeContext } from './context.ts';
import { resultItem } from './item-data.ts';

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
      if (continues) incoming.parts.push(stored.data ?? '');
      else draft.incoming = startIncoming(msgRef, cmdRef, item, stored, results);
      ctx.replies.push(commandStatus(ctx.msgRef, results, 213));
    } else if (continues) {
      draft.incoming = null;
      incoming.parts.push(stored.data ?? '');
      finishIncoming(ctx, results, incoming, node);
    } else node?.results.push(stored);
  }
}

function startIncoming(
  msgRef: string,
  cmdRef: string,
  item: Item,
  stored: ResultItem,
  results: Results,
): IncomingObject {
  return {
    msgRef,
    cmdRef,
    source: stored.source,
    format: stored.format,
    type: stored.type,
    // Reference §2.8: the first chunk's Meta Size announces the whole object.
    size: item.meta?.size ?? results.meta?.size ?? null,
    binary: stored.encoding === 'b64',
    parts: [stored.data ?? ''],
  };
}

function finishIncoming(
  ctx: IntakeContext,
  results: Results,
  incoming: IncomingObject,
  node: SentNode | null,
): void {
  let data: string;
  let size: number;
  if (incoming.binary) {
    const chunks = incoming.parts.map(b64ToBytes);
    size = chunks.reduce((n, c) => n + c.length, 0);
    const whole = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      whole.set(chunk, at);
      at += chunk.length;
    }
    data = incoming.parts.length === 1 ? (incoming.parts[0] ?? '') : bytesToB64(whole);
  } else {
    data = incoming.parts.join('');
    size = utf8Length(data);
  }
  if (incoming.size !== null && incoming.size !== size) {
    // Reference §2.8: a size mismatch is 424 and nothing is kept.
    ctx.replies.push(commandStatus(ctx.msgRef, results, 424));
    node?.statuses.push({ targetRef: incoming.source, status: 424 });
    return;
  }
  node?.results.push({
    source: incoming.source,
    format: incoming.format,
    type: incoming.type,
    data,
    encoding: incoming.binary ? 'b64' : 'text',
  });
}
