import { parseServerSessionState } from '../session/index.ts';
import type { ServerSessionState } from '../session/index.ts';
import type { MessageEncoding } from '../syncml/index.ts';
import type { JsonValue, SessionRecord } from './ports/store.ts';

/** A reply kept so that a retransmitted client message (same MsgID) gets the same answer. */
export type CachedReply = {
  readonly clientMsgId: string;
  /** SHA-256 (hex) of the request: only an identical message is a retransmission. */
  readonly requestDigest: string;
  /** Base64 of the reply bytes. */
  readonly body: string;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
};

/** What the core keeps in SessionRecord.state: the engine's state plus transport facts. */
export type CoreSessionState = {
  readonly engine: ServerSessionState;
  readonly encoding: MessageEncoding;
  readonly lastReply: CachedReply | null;
};

export function readCoreState(record: SessionRecord): CoreSessionState {
  const state = record.state as { engine?: unknown; encoding?: unknown; lastReply?: unknown } | null;
  const engine = parseServerSessionState(state?.engine);
  const encoding = state?.encoding === 'wbxml' ? 'wbxml' : 'xml';
  const lastReply = (state?.lastReply ?? null) as CachedReply | null;
  return { engine, encoding, lastReply };
}

/** Plain JSON for the Store: drops undefined, fails loudly on anything JSON cannot carry. */
export function toJson(state: CoreSessionState): JsonValue {
  return JSON.parse(JSON.stringify(state)) as JsonValue;
}
