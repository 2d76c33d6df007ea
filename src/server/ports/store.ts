/**
 * The Store port of the DM server (DESIGN.md "Scaling out"): everything the server core keeps between
 * messages and across restarts. The core knows no database driver; `src/store/` implements this port
 * on node:sqlite and PostgreSQL and both run `runStoreContract` (./store-contract.ts).
 *
 * Conventions every implementation follows:
 * - Every method is async and every method that changes state is atomic on its own: a concurrent
 *   caller observes the state before or after it, never a mix. Methods whose doc says "compare-and-set"
 *   decide and write in one step (a row lock / conditional UPDATE in SQL).
 * - Times are integers, milliseconds since the Unix epoch, always supplied by the caller (the store
 *   never reads a clock), so tests and multiple nodes agree on "now".
 * - Absent values are `null`, never `undefined`, so records map one-to-one onto table columns.
 * - `JsonValue` fields are stored as JSON and must read back deep-equal to what was written.
 * - Records returned are copies: mutating them does not change the store.
 */

import type { MessageCommit, MessageCommitResult } from './message-commit.ts';
import type { ScomoStore } from './scomo-store.ts';

// The SCOMO records and methods of the port (packages, jobs, results, inventory, roots, settings).
export * from './scomo-store.ts';
// The per-message commit (one transaction for the end of each DM message).
export type * from './message-commit.ts';

/** A JSON-serialisable value (what the store keeps in JSON / JSONB columns). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Devices
// ---------------------------------------------------------------------------------------------

/** Authentication schemes a device can use towards the server (reference §3.1, AAuthType). */
export const CLIENT_AUTH_TYPES = ['BASIC', 'DIGEST', 'HMAC'] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

/**
 * Schemes the server can present to a device (SRVCRED). BASIC is absent on purpose: it would need
 * the clear password, and the store keeps only password equivalents.
 */
export const SERVER_AUTH_TYPES = ['DIGEST', 'HMAC'] as const;
export type ServerAuthType = (typeof SERVER_AUTH_TYPES)[number];

/**
 * What the client presents (CLCRED). No clear password is stored: `passwordEquivalent` is
 * `B64(MD5(username ":" password))` (reference §3.2), enough to verify basic, md5 and HMAC-MD5.
 */
export interface ClientCredential {
  readonly authType: ClientAuthType;
  readonly username: string;
  readonly passwordEquivalent: string;
}

/** What the server presents to the device when the device requires it (SRVCRED, reference §3.1). */
export interface ServerCredential {
  readonly authType: ServerAuthType;
  /** The server's name as the device knows it (DMAcc SRVCRED AAuthName / ServerID). */
  readonly username: string;
  readonly passwordEquivalent: string;
}

export interface DeviceRecord {
  /** DevInfo/DevId, the SyncHdr Source LocURI of the device's messages (e.g. `IMEI:4901…`). */
  readonly devId: string;
  /** False: the device is known but refused (403) until re-enabled. */
  readonly enabled: boolean;
  readonly registeredAt: number;
  readonly lastSeenAt: number | null;
  /** null: the server does not authenticate this device. */
  readonly clientCredential: ClientCredential | null;
  /** null: the server presents no credentials to this device. */
  readonly serverCredential: ServerCredential | null;
  /**
   * The nonce the server issued to the device in its last Chal (b64, as sent in NextNonce); the
   * device's next md5/HMAC credential must use it (CLCRED AAuthData on the device side).
   */
  readonly clientNonce: string | null;
  /** The nonce the device issued to the server (b64); used for the server's Cred and for pkg #0. */
  readonly serverNonce: string | null;
  /** ./DevInfo leaves from package #1, keyed by full URI (`./DevInfo/Man` → `Acme`). */
  readonly devInfo: Readonly<Record<string, string>>;
  /** ./DevDetail leaves learned from Get results, keyed by full URI. */
  readonly devDetail: Readonly<Record<string, string>>;
  /** Quirk names (docs/quirks.md) forced by an operator, applied in addition to the matched ones. */
  readonly quirks: readonly string[];
  /** Where the Notifier reaches the device (opaque to the core: URL, MSISDN, …), or null. */
  readonly notifyAddress: string | null;
}

/** Fields `updateDevice` may change; the devId and registeredAt never change. */
export type DevicePatch = Partial<Omit<DeviceRecord, 'devId' | 'registeredAt'>>;

export interface ListDevicesQuery {
  /** Return devices whose devId sorts after this one (keyset paging by devId). */
  readonly afterDevId?: string;
  readonly limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

/**
 * The per-device session lock: one session per device at a time. The holder is the session token,
 * so whichever node serves the session's next message renews the same lock; a dead node's lock
 * simply expires.
 */
export interface DeviceLock {
  readonly devId: string;
  readonly holder: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

export interface AcquireLockOptions {
  /**
   * Also succeed when the current holder is this token (a device that starts a new session takes
   * over its own previous, abandoned session).
   */
  readonly replace?: string;
}

export type AcquireLockResult =
  | { readonly acquired: true; readonly lock: DeviceLock }
  | { readonly acquired: false; readonly current: DeviceLock };

/** The state of one DM session, keyed by the token carried in RespURI. */
export interface SessionRecord {
  readonly token: string;
  readonly devId: string;
  /** Incremented by the store on every successful save; used for compare-and-set. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** After this the session is dead: the core refuses its messages and sweeps it. */
  readonly expiresAt: number;
  /** The engine's serialised state (opaque to the store). */
  readonly state: JsonValue;
}

/** What the caller writes; the store assigns `version`. */
export type SessionWrite = Omit<SessionRecord, 'version'>;

export type SaveSessionResult =
  | { readonly saved: true; readonly version: number }
  | { readonly saved: false; readonly currentVersion: number | null };

// ---------------------------------------------------------------------------------------------
// Command queue
// ---------------------------------------------------------------------------------------------

/** pending → claimed (by a session) → resolved; claimed → pending when a session gives it back. */
export const QUEUED_COMMAND_STATES = ['pending', 'claimed', 'resolved'] as const;
export type QueuedCommandState = (typeof QUEUED_COMMAND_STATES)[number];

/** One returned item of a Get (or of a Results for an Exec), as stored. */
export interface ResultItem {
  /** Source LocURI of the Results item (the node read). */
  readonly source: string | null;
  readonly format: string | null;
  readonly type: string | null;
  /** Text data, or base64 of binary / embedded markup data (see `encoding`). */
  readonly data: string | null;
  readonly encoding: 'text' | 'b64';
}

/** The device's answer to one command (and, for Atomic and Sequence, to each child). */
export interface AnsweredOutcome {
  readonly kind: 'answered';
  /**
   * The DM status code of the command (the first Status when there is one per item); 0 when the
   * device sent no Status for it (e.g. an Atomic child of a device that only answers the Atomic).
   */
  readonly status: number;
  /** One entry per Status received (per item when the device answers per item). */
  readonly itemStatuses: readonly { readonly targetRef: string | null; readonly status: number }[];
  readonly results: readonly ResultItem[];
  /** Atomic / Sequence: the children's outcomes in sent order; otherwise empty. */
  readonly children: readonly AnsweredOutcome[];
}

/** The command could not complete at the protocol level (session aborted, too large, …). */
export interface FailedOutcome {
  readonly kind: 'failed';
  /** Stable code, e.g. `SCOMO_SERVER_SESSION_ABORTED`. */
  readonly code: string;
  readonly message: string;
}

export interface ExpiredOutcome {
  readonly kind: 'expired';
}

export interface CancelledOutcome {
  readonly kind: 'cancelled';
  readonly reason: string | null;
}

export type CommandOutcome = AnsweredOutcome | FailedOutcome | ExpiredOutcome | CancelledOutcome;

export interface NewQueuedCommand {
  /** Caller-chosen unique id: enqueueing the same id twice is idempotent. */
  readonly id: string;
  readonly devId: string;
  /** The operation, as the server core describes it (opaque to the store). */
  readonly payload: JsonValue;
  readonly enqueuedAt: number;
  /** After this a pending command is no longer claimed and `expireCommands` resolves it. */
  readonly expiresAt: number | null;
  /** Free correlation for the caller (job id, deployment id, …). */
  readonly tag: string | null;
}

export interface QueuedCommand extends NewQueuedCommand {
  /** Store-assigned, strictly increasing in enqueue order; claims follow it. */
  readonly seq: number;
  readonly state: QueuedCommandState;
  /** Token of the session holding the claim while `claimed`, else null. */
  readonly claimedBy: string | null;
  readonly claimedAt: number | null;
  /** How many times a session has claimed it. */
  readonly attempts: number;
  readonly resolvedAt: number | null;
  readonly outcome: CommandOutcome | null;
}

export interface EnqueueResult {
  readonly created: boolean;
  readonly command: QueuedCommand;
}

export type ResolveResult =
  | { readonly resolved: true; readonly command: QueuedCommand }
  /** A second resolve is a no-op that reports the first outcome. */
  | { readonly resolved: false; readonly reason: 'already-resolved'; readonly command: QueuedCommand }
  | { readonly resolved: false; readonly reason: 'not-found' };

export interface ListCommandsQuery {
  readonly devId?: string;
  readonly states?: readonly QueuedCommandState[];
  readonly tag?: string;
  /** Keyset paging: only commands with seq greater than this. Results are in seq order. */
  readonly afterSeq?: number;
  readonly limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Generic alerts and session history
// ---------------------------------------------------------------------------------------------

/** One Item of a client alert (1226 Generic Alert, 1224 Client Event), as stored. */
export interface StoredAlert {
  /** Caller-chosen unique id: recording the same id twice keeps the first. */
  readonly id: string;
  readonly devId: string;
  readonly receivedAt: number;
  /** The DM SessionID of the session that carried it. */
  readonly sessionId: string;
  /** The alert code, e.g. `1226`. */
  readonly alertCode: string;
  readonly correlator: string | null;
  /** Meta Type of the item, e.g. `urn:oma:at:scomo:1.0:OperationComplete` (reference §2.10). */
  readonly type: string | null;
  readonly format: string | null;
  readonly mark: string | null;
  readonly source: string | null;
  readonly target: string | null;
  readonly data: string | null;
  readonly encoding: 'text' | 'b64';
}

export interface ListAlertsQuery {
  readonly devId?: string;
  readonly type?: string;
  /** Only alerts with receivedAt >= since. */
  readonly since?: number;
  readonly limit?: number;
}

export const SESSION_ENDINGS = [
  'completed',
  'aborted',
  'auth-failed',
  'refused',
  'expired',
  'taken-over',
] as const;
export type SessionEnding = (typeof SESSION_ENDINGS)[number];

export interface SessionHistoryEntry {
  /** The session token. */
  readonly id: string;
  readonly devId: string;
  readonly sessionId: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly ending: SessionEnding;
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly commandsResolved: number;
  /** The statuses of the last package: the SyncHdr status and the device's statuses per command. */
  readonly finalStatuses: readonly { readonly cmd: string; readonly status: number }[];
}

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

export interface Store extends ScomoStore {
  // Devices ----------------------------------------------------------------------------------
  /** Creates the device or replaces every field of an existing one (operator provisioning). */
  upsertDevice(device: DeviceRecord): Promise<void>;
  /**
   * Inserts the device only if no device has this devId (registration race between nodes); returns
   * whether it was created and the device as now stored.
   */
  insertDeviceIfAbsent(device: DeviceRecord): Promise<{ created: boolean; device: DeviceRecord }>;
  getDevice(devId: string): Promise<DeviceRecord | null>;
  /** Applies `patch` atomically; returns the updated device, or null if it does not exist. */
  updateDevice(devId: string, patch: DevicePatch): Promise<DeviceRecord | null>;
  /** In devId order. */
  listDevices(query?: ListDevicesQuery): Promise<DeviceRecord[]>;
  /**
   * Removes the device and its lock, sessions, queued commands, alerts and history, and its SCOMO
   * jobs, results, inventory snapshots and root.
   */
  deleteDevice(devId: string): Promise<boolean>;

  // Session lock and state ---------------------------------------------------------------------
  /**
   * Compare-and-set: takes the device's lock for `holder` until `now + ttlMs` when it is free, has
   * expired (expiresAt <= now), is already held by `holder` (renewal: acquiredAt kept), or is held by
   * `options.replace`. Otherwise reports the current lock.
   */
  acquireDeviceLock(
    devId: string,
    holder: string,
    now: number,
    ttlMs: number,
    options?: AcquireLockOptions,
  ): Promise<AcquireLockResult>;
  /** Releases the lock only if `holder` holds it; returns whether it did. */
  releaseDeviceLock(devId: string, holder: string): Promise<boolean>;
  /** The current lock, expired or not, or null. */
  getDeviceLock(devId: string): Promise<DeviceLock | null>;
  /**
   * Compare-and-set save: `expectedVersion` null creates (fails if the token exists); a number
   * replaces only if the stored version equals it. On success the version becomes previous + 1
   * (1 on create).
   */
  saveSession(session: SessionWrite, expectedVersion: number | null): Promise<SaveSessionResult>;
  getSession(token: string): Promise<SessionRecord | null>;
  deleteSession(token: string): Promise<boolean>;
  /** Sessions with expiresAt <= now, oldest first (the core ends and deletes them). */
  listExpiredSessions(now: number, limit?: number): Promise<SessionRecord[]>;

  // Command queue ------------------------------------------------------------------------------
  /** Stores a pending command; idempotent on `id` (returns the existing one, created=false). */
  enqueueCommand(command: NewQueuedCommand): Promise<EnqueueResult>;
  getCommand(id: string): Promise<QueuedCommand | null>;
  /**
   * Atomically claims up to `limit` pending, unexpired (expiresAt null or > now) commands of the
   * device for `sessionToken`, in seq order: state → claimed, claimedBy/claimedAt set, attempts + 1.
   * Concurrent claims never return the same command (PostgreSQL: FOR UPDATE SKIP LOCKED).
   */
  claimCommands(devId: string, sessionToken: string, now: number, limit: number): Promise<QueuedCommand[]>;
  /**
   * Gives claimed commands back (claimed → pending, claim cleared, attempts kept): those of `ids`
   * held by `sessionToken`, or all it holds when `ids` is omitted. Returns how many.
   */
  releaseCommands(sessionToken: string, ids?: readonly string[]): Promise<number>;
  /**
   * Compare-and-set: resolves a pending or claimed command exactly once (state → resolved,
   * outcome and resolvedAt set, claim cleared). A second resolve changes nothing and reports the
   * stored outcome.
   */
  resolveCommand(id: string, outcome: CommandOutcome, now: number): Promise<ResolveResult>;
  /** In seq order. */
  listCommands(query?: ListCommandsQuery): Promise<QueuedCommand[]>;
  /** Resolves every pending command with expiresAt <= now as `{ kind: 'expired' }`; returns them. */
  expireCommands(now: number): Promise<QueuedCommand[]>;

  // Alerts and history --------------------------------------------------------------------------
  /** Stores a client alert item; idempotent on `id` (returns false if it already existed). */
  recordAlert(alert: StoredAlert): Promise<boolean>;
  /** In receivedAt order, then recording order. */
  listAlerts(query?: ListAlertsQuery): Promise<StoredAlert[]>;
  /** Appends an ended session; idempotent on `id`. */
  recordSessionHistory(entry: SessionHistoryEntry): Promise<void>;
  /** Newest (endedAt) first. */
  listSessionHistory(devId: string, limit?: number): Promise<SessionHistoryEntry[]>;
  countSessionHistory(devId: string): Promise<number>;

  // The message path --------------------------------------------------------------------------
  /** Writes a message's session save, device patch and session ending in one transaction. */
  commitMessage(commit: MessageCommit): Promise<MessageCommitResult>;

  /** Releases resources (connections, file handles). The store is unusable afterwards. */
  close(): Promise<void>;
}
