/**
 * Large objects from the server (DM 1.2 Protocol §6.1.9, reference §2.8): the chunks of one Add or
 * Replace Item arrive in consecutive messages, each but the last with MoreData. Nothing reaches the
 * tree before the last chunk; the state lives here, across messages, owned by the session.
 */
import type { ItemData } from '../../../syncml/index.ts';
import type { InboundObjectSink, StreamTally } from './sink.ts';

export interface PendingObject {
  readonly kind: 'Add' | 'Replace';
  readonly uri: string;
  /** Source LocURI of the server's Item, echoed in Alert 1225. */
  readonly source: string | undefined;
  readonly format: string | undefined;
  readonly type: string | undefined;
  /** Meta Size of the first chunk. */
  readonly declaredSize: number | undefined;
  readonly parts: (string | Uint8Array)[];
  /** Bytes received so far (as transmitted). */
  received: number;
  /** MsgID of the server message that carried the latest chunk. */
  lastMsgId: string;
  /**
   * Already refused (413 over MaxObjSize, or the sink's own code): the remaining chunks are swallowed,
   * each answered with this code, and never written.
   */
  refusedWith: string | undefined;
  /** Where the chunks go instead of `parts` when the session's InboundObjectHook took the object. */
  sink: InboundObjectSink | undefined;
  /** The streamed object's size so far (only with a sink). */
  readonly tally: StreamTally | undefined;
}

export class InboundObjects {
  pending: PendingObject | undefined = undefined;

  /** Takes the pending object (its last chunk is here, or it is being dropped). */
  discard(): PendingObject | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  /** Drops the pending object for good, telling its sink; returns it (for Alert 1225). */
  abandon(): PendingObject | undefined {
    const pending = this.discard();
    abortSink(pending);
    return pending;
  }
}

/** Tells the object's sink (if any) that the object will not complete; at most once. */
export function abortSink(pending: PendingObject | undefined): void {
  const sink = pending?.sink;
  if (sink === undefined || pending === undefined) return;
  pending.sink = undefined;
  try {
    sink.abort();
  } catch {
    // A sink must not throw; if it does, the object is dropped all the same.
  }
}

const UTF8 = new TextEncoder();

/** The reassembled value: text when every chunk was text, else bytes (text chunks as UTF-8). */
export function assemble(parts: readonly (string | Uint8Array)[]): ItemData {
  if (parts.every((part) => typeof part === 'string')) return parts.join('');
  const bytes = parts.map((part) => (typeof part === 'string' ? UTF8.encode(part) : part));
  const total = bytes.reduce((n, part) => n + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of bytes) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
