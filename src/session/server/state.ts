import type { Command, Status } from '../../syncml/index.ts';
import { sessionError } from './errors.ts';
import type { Operation, OperationItem } from './operation.ts';
import type { AnsweredOutcome, ItemStatus, ResultItem } from './outcome.ts';
import type { QuirkName } from './quirks.ts';

/**
 * The server side of one DM session as plain JSON (it lives in the Store between messages, so any
 * node can take the next message). Named phases (DESIGN.md "State machines"):
 *   authenticating → active → ended
 * `authenticating` answers every message with a challenge until the client's credentials verify.
 */
export const SESSION_PHASES = ['authenticating', 'active', 'ended'] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

/** How a session ended (the Store's SessionEnding). */
export const SESSION_ENDINGS = [
  'completed',
  'aborted',
  'auth-failed',
  'refused',
  'expired',
  'taken-over',
] as const;
export type SessionEnding = (typeof SESSION_ENDINGS)[number];

/**
 * Where the client's package stands after its last message (reference §2.5):
 * - `closed`: Final — its package is complete;
 * - `waiting`: no Final but Alert 1222 — it has sent everything and asks for the rest of ours;
 * - `answering`: no Final, no 1222, while our package is open, and nothing says it has more — a
 *   client may omit 1222 when it sends other commands anyway (reference §2.5);
 * - `continues`: it has more to send — its large object is incomplete, it still owes Statuses for our
 *   Alert 1222s, or our package was already complete (only its own package can go on).
 */
export const CLIENT_PACKAGE_STATES = ['closed', 'waiting', 'answering', 'continues'] as const;
export type ClientPackage = (typeof CLIENT_PACKAGE_STATES)[number];

/** One command we sent and what the device has said about it so far. */
export type SentNode = {
  cmdId: string;
  kind: Operation['kind'];
  statuses: ItemStatus[];
  results: ResultItem[];
  /** Get: a 2xx Status is followed by Results. */
  expectsResults: boolean;
  children: SentNode[];
};

export type InFlight = {
  queueId: string;
  /** Our MsgID that carried it. */
  msgId: string;
  node: SentNode;
  /** The operation, kept so that a command refused for our credentials (401/407) can be re-sent. */
  operation: Operation;
  /** A step of an emulated Sequence (quirk no-sequence): the child index; otherwise null. */
  step: number | null;
};

/** Progress of a Sequence sent child by child (quirk no-sequence). */
export type Emulation = { next: number; outcomes: AnsweredOutcome[]; waiting: boolean };

/** A claimed queued operation not yet (completely) sent. */
export type OutboxEntry = { queueId: string; operation: Operation; emulation: Emulation | null };

/** A large object we are sending in chunks (DM 1.2 Protocol §6.1.9; reference §2.8). */
export type LargeObjectSend = {
  queueId: string;
  operation: Operation;
  kind: 'Add' | 'Replace';
  /** The item without its data. */
  item: OperationItem;
  /** `text`: the payload is the text as sent, Size counts its UTF-8 bytes. `bytes`: payload is base64. */
  unit: 'text' | 'bytes';
  payload: string;
  /** Meta Size of the first chunk: the whole object as transmitted. */
  total: number;
  /** Units already sent: UTF-16 code units of text, or bytes. */
  offset: number;
  /** The chunk awaiting its Status (213, or the final status for the last chunk). */
  sent: { msgId: string; cmdId: string; last: boolean } | null;
};

/** A large object the client is sending us in Results (reference §2.8, receiver side). */
export type IncomingObject = {
  msgRef: string;
  cmdRef: string;
  source: string | null;
  format: string | null;
  type: string | null;
  size: number | null;
  /**
   * How the parts join: `text` as is; `bytes` (WBXML OPAQUE) each part the base64 of its bytes;
   * `b64-text` (Format b64, binary over XML, reference §6.6) pieces of one base64 text, cut anywhere.
   */
  unit: IncomingUnit;
  parts: string[];
};

export type IncomingUnit = 'text' | 'bytes' | 'b64-text';

export type SessionState = {
  v: 1;
  phase: SessionPhase;
  token: string;
  devId: string;
  /** The DM SessionID of the session (SyncHdr). */
  sessionId: string;
  /** Our URI as the client addressed it (its header Target); our header Source. */
  serverUri: string;
  respUri: string | null;
  startedAt: number;
  updatedAt: number;
  /** The MsgID of the last client message processed. */
  clientMsgId: string | null;
  /** The MsgID of our last message; 0 before the first. */
  serverMsgId: number;
  clientMaxMsgSize: number | null;
  clientMaxObjSize: number | null;
  auth: { authenticated: boolean; failures: number; nonce: string | null };
  serverAuth: { accepted: boolean; failures: number; nonce: string | null };
  quirks: QuirkName[];
  devInfo: Record<string, string>;
  inFlight: InFlight[];
  outbox: OutboxEntry[];
  largeObject: LargeObjectSend | null;
  incoming: IncomingObject | null;
  /** Statuses and alerts waiting for room in our next message (their cmdID is assigned when sent). */
  carry: (Status | Command)[];
  /**
   * Our last message left part of our package for later: commands or large-object chunks not yet
   * sent, or Statuses that did not fit. A reply that only asks for the client's next message (Alert
   * 1222) does not open our package (reference §2.5).
   */
  serverPackageOpen: boolean;
  /** What the client's last message said about its package (see exchange.ts). */
  clientPackage: ClientPackage;
  /** Our Alert 1222s the client has not answered with a Status yet (reference §2.5). */
  awaiting1222: { msgId: string; cmdId: string }[];
  /** Set while one client message is processed; read when the reply is composed. */
  pending: { need1222: boolean; ending: SessionEnding | null; headerStatus: number };
  stats: { messagesIn: number; messagesOut: number; commandsResolved: number };
  /** The statuses of the last client message, kept for the session history. */
  finalStatuses: { cmd: string; status: number }[];
};

export interface SessionStart {
  readonly token: string;
  readonly devId: string;
  readonly sessionId: string;
  readonly serverUri: string;
  readonly respUri: string | null;
  readonly now: number;
}

export function newSessionState(start: SessionStart): SessionState {
  return {
    v: 1,
    phase: 'authenticating',
    token: start.token,
    devId: start.devId,
    sessionId: start.sessionId,
    serverUri: start.serverUri,
    respUri: start.respUri,
    startedAt: start.now,
    updatedAt: start.now,
    clientMsgId: null,
    serverMsgId: 0,
    clientMaxMsgSize: null,
    clientMaxObjSize: null,
    auth: { authenticated: false, failures: 0, nonce: null },
    serverAuth: { accepted: false, failures: 0, nonce: null },
    quirks: [],
    devInfo: {},
    inFlight: [],
    outbox: [],
    largeObject: null,
    incoming: null,
    carry: [],
    serverPackageOpen: false,
    clientPackage: 'closed',
    awaiting1222: [],
    pending: { need1222: false, ending: null, headerStatus: 200 },
    stats: { messagesIn: 0, messagesOut: 0, commandsResolved: 0 },
    finalStatuses: [],
  };
}

/**
 * Reads a state back from the Store. Checks the envelope (version, phase, identity); the rest was
 * written by this engine through the same Store and is trusted.
 */
export function parseSessionState(value: unknown): SessionState {
  if (typeof value !== 'object' || value === null) throw badState('is not an object');
  const record = value as Record<string, unknown>;
  if (record['v'] !== 1) throw badState(`has version ${String(record['v'])}; this engine reads version 1`);
  const phase = record['phase'];
  if (typeof phase !== 'string' || !(SESSION_PHASES as readonly string[]).includes(phase)) {
    throw badState(`has unknown phase ${String(phase)}`);
  }
  for (const key of ['token', 'devId', 'sessionId', 'serverUri'] as const) {
    if (typeof record[key] !== 'string') throw badState(`has no string ${key}`);
  }
  for (const key of ['inFlight', 'outbox', 'carry', 'quirks'] as const) {
    if (!Array.isArray(record[key])) throw badState(`has no ${key} list`);
  }
  return withDefaults(value as SessionState, record);
}

/**
 * Fields added to version 1 later, for a session stored by the previous release and continued by
 * this one: nothing was awaited, the client's package counts as closed, and an incoming object's
 * `binary` flag becomes its `unit`.
 */
function withDefaults(state: SessionState, record: Record<string, unknown>): SessionState {
  type Stored = Omit<IncomingObject, 'unit'> & { unit?: IncomingUnit; binary?: boolean };
  const incoming = record['incoming'] as Stored | null | undefined;
  const clientPackage = record['clientPackage'];
  return {
    ...state,
    incoming:
      incoming === null || incoming === undefined
        ? null
        : { ...incoming, unit: incoming.unit ?? (incoming.binary === true ? 'bytes' : 'text') },
    clientPackage: (CLIENT_PACKAGE_STATES as readonly unknown[]).includes(clientPackage)
      ? (clientPackage as ClientPackage)
      : 'closed',
    awaiting1222: Array.isArray(record['awaiting1222'])
      ? (record['awaiting1222'] as SessionState['awaiting1222'])
      : [],
  };
}

function badState(what: string) {
  return sessionError('SCOMO_SESSION_BAD_STATE', `Stored session state ${what}.`);
}
