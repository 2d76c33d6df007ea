import {
  decodeTrigger,
  sessionIdHex,
  unwrapWspPush,
  verifyTrigger,
  WSP_CONTENT_TYPE_NOTIFICATION,
  NOTIFICATION_MIME_TYPE,
} from '../../notification/index.ts';
import type { DecodedTrigger, TriggerSecret, UiMode } from '../../notification/index.ts';

/**
 * What the agent knows about the server a trigger names: the DMAcc SRVCRED secret; 'no-secret' when
 * the account has an empty one (a digest keyed by nothing proves nothing); undefined for no account.
 */
export type TriggerSecretLookup = (serverId: string) => TriggerSecret | 'no-secret' | undefined;

/** The verdict on one received package #0, and what to do about it. */
export type TriggerOutcome =
  | {
      readonly kind: 'accepted';
      readonly serverId: string;
      /** The SyncHdr SessionID for the session: the trigger's id in hex (reference §2.2). */
      readonly sessionId: string;
      /** True when the digest matched the zero nonce only: package #1 Cred uses that nonce (reference §4.2). */
      readonly resync: boolean;
      readonly uiMode: UiMode;
    }
  | { readonly kind: 'duplicate'; readonly serverId: string; readonly sessionId: string }
  | { readonly kind: 'unknown-server'; readonly serverId: string; readonly sessionId: string }
  | { readonly kind: 'no-secret'; readonly serverId: string; readonly sessionId: string }
  | { readonly kind: 'bad-digest'; readonly serverId: string; readonly sessionId: string }
  | { readonly kind: 'malformed'; readonly reason: string };

export interface TriggerGate {
  /** Decodes and verifies package #0 bytes (raw, or inside a WSP push) and remembers accepted ids. */
  handle(bytes: Uint8Array): TriggerOutcome;
}

/** How many accepted (server, session id) pairs are remembered to refuse repeats. */
const DEFAULT_MEMORY = 256;

/**
 * Package #0 admission: decode, find the account by ServerID, verify the digest with its SRVCRED
 * (and the zero-nonce resynchronisation), and refuse a session id already accepted: "the same
 * session id repeated ⇒ only one session" (reference §4.2). Only verified triggers are remembered,
 * so a forged trigger cannot block a future genuine one.
 */
export function createTriggerGate(lookup: TriggerSecretLookup, memory = DEFAULT_MEMORY): TriggerGate {
  const seen = new Set<string>();
  const remember = (key: string): void => {
    seen.add(key);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (seen.size > memory) seen.delete(seen.values().next().value ?? key);
  };

  const judge = (decoded: DecodedTrigger): TriggerOutcome => {
    const serverId = decoded.serverId;
    const sessionId = sessionIdHex(decoded.sessionId);
    const secret = lookup(serverId);
    if (secret === undefined) return { kind: 'unknown-server', serverId, sessionId };
    if (secret === 'no-secret') return { kind: 'no-secret', serverId, sessionId };
    const verdict = verifyTrigger(decoded, secret);
    if (verdict === 'bad-digest') return { kind: 'bad-digest', serverId, sessionId };
    const key = `${serverId}\u0000${sessionId}`;
    if (seen.has(key)) return { kind: 'duplicate', serverId, sessionId };
    remember(key);
    return { kind: 'accepted', serverId, sessionId, resync: verdict === 'ok-resync', uiMode: decoded.uiMode };
  };

  return {
    handle(bytes: Uint8Array): TriggerOutcome {
      const candidates = decodeCandidates(bytes);
      if (candidates.decoded.length === 0) return { kind: 'malformed', reason: candidates.reason };
      let first: TriggerOutcome | undefined;
      for (const decoded of candidates.decoded) {
        const outcome = judge(decoded);
        if (outcome.kind === 'accepted' || outcome.kind === 'duplicate') return outcome;
        first ??= outcome;
      }
      return first ?? { kind: 'malformed', reason: candidates.reason };
    },
  };
}

/**
 * The readings of the bytes as package #0: the raw bytes, and the body of a WSP push carrying
 * application/vnd.syncml.notification (reference §4.3: the same blob may arrive framed for port 2948).
 */
function decodeCandidates(bytes: Uint8Array): { decoded: DecodedTrigger[]; reason: string } {
  const decoded: DecodedTrigger[] = [];
  let reason = 'empty input';
  try {
    decoded.push(decodeTrigger(bytes));
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  try {
    const push = unwrapWspPush(bytes);
    if (push.contentType === WSP_CONTENT_TYPE_NOTIFICATION || push.contentType === NOTIFICATION_MIME_TYPE) {
      decoded.push(decodeTrigger(push.body));
    }
  } catch {
    // Not a WSP push (or not a valid one): the raw reading's error is the one worth reporting.
  }
  return { decoded, reason };
}
