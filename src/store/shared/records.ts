import {
  CLIENT_AUTH_TYPES,
  QUEUED_COMMAND_STATES,
  SERVER_AUTH_TYPES,
  SESSION_ENDINGS,
} from '../../server/index.ts';
import type {
  ClientCredential,
  CommandOutcome,
  DeviceLock,
  DeviceRecord,
  JsonValue,
  QueuedCommand,
  ServerCredential,
  SessionHistoryEntry,
  SessionRecord,
  StoredAlert,
} from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import { bool, int, intOrNull, json, jsonOrNull, oneOf, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

/**
 * Row → record mapping shared by both adapters: the two schemas use the same table and column names
 * (see sqlite/migrations.ts and postgres/migrations.ts), only the SQL types differ.
 */

export const DEVICE_COLUMNS =
  'dev_id, enabled, registered_at, last_seen_at, client_credential, server_credential, client_nonce, ' +
  'server_nonce, dev_info, dev_detail, quirks, notify_address';
export const LOCK_COLUMNS = 'dev_id, holder, acquired_at, expires_at';
export const SESSION_COLUMNS = 'token, dev_id, version, created_at, updated_at, expires_at, state';
export const COMMAND_COLUMNS =
  'seq, id, dev_id, payload, enqueued_at, expires_at, tag, state, claimed_by, claimed_at, attempts, ' +
  'resolved_at, outcome';
export const ALERT_COLUMNS =
  'id, dev_id, received_at, session_id, alert_code, correlator, type, format, mark, source, target, data, encoding';
export const HISTORY_COLUMNS =
  'id, dev_id, session_id, started_at, ended_at, ending, messages_in, messages_out, commands_resolved, ' +
  'final_statuses';

const ENCODINGS = ['text', 'b64'] as const;
const OUTCOME_KINDS = ['answered', 'failed', 'expired', 'cancelled'] as const;

function badShape(table: string, column: string, expected: string): never {
  throw storeError(
    STORE_ERROR_CODES.corrupt,
    `Column ${table}.${column} holds JSON that is not ${expected}; the row was not written by this store.`,
  );
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: JsonValue, table: string, column: string): Record<string, string> {
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    return badShape(table, column, 'an object of strings');
  }
  return value as Record<string, string>;
}

function stringArray(value: JsonValue, table: string, column: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    return badShape(table, column, 'an array of strings');
  }
  return value as string[];
}

function credential<const T extends string>(
  value: JsonValue | null,
  types: readonly T[],
  column: string,
): { authType: T; username: string; passwordEquivalent: string } | null {
  if (value === null) return null;
  if (
    !isObject(value) ||
    typeof value['authType'] !== 'string' ||
    !(types as readonly string[]).includes(value['authType']) ||
    typeof value['username'] !== 'string' ||
    typeof value['passwordEquivalent'] !== 'string'
  ) {
    return badShape('devices', column, `a credential with authType one of ${types.join(', ')}`);
  }
  return {
    authType: value['authType'] as T,
    username: value['username'],
    passwordEquivalent: value['passwordEquivalent'],
  };
}

export function deviceFromRow(row: Row): DeviceRecord {
  const t = 'devices';
  const clientCredential: ClientCredential | null = credential(
    jsonOrNull(row, t, 'client_credential'),
    CLIENT_AUTH_TYPES,
    'client_credential',
  );
  const serverCredential: ServerCredential | null = credential(
    jsonOrNull(row, t, 'server_credential'),
    SERVER_AUTH_TYPES,
    'server_credential',
  );
  return {
    devId: text(row, t, 'dev_id'),
    enabled: bool(row, t, 'enabled'),
    registeredAt: int(row, t, 'registered_at'),
    lastSeenAt: intOrNull(row, t, 'last_seen_at'),
    clientCredential,
    serverCredential,
    clientNonce: textOrNull(row, t, 'client_nonce'),
    serverNonce: textOrNull(row, t, 'server_nonce'),
    devInfo: stringRecord(json(row, t, 'dev_info'), t, 'dev_info'),
    devDetail: stringRecord(json(row, t, 'dev_detail'), t, 'dev_detail'),
    quirks: stringArray(json(row, t, 'quirks'), t, 'quirks'),
    notifyAddress: textOrNull(row, t, 'notify_address'),
  };
}

export function lockFromRow(row: Row): DeviceLock {
  const t = 'device_locks';
  return {
    devId: text(row, t, 'dev_id'),
    holder: text(row, t, 'holder'),
    acquiredAt: int(row, t, 'acquired_at'),
    expiresAt: int(row, t, 'expires_at'),
  };
}

export function sessionFromRow(row: Row): SessionRecord {
  const t = 'sessions';
  return {
    token: text(row, t, 'token'),
    devId: text(row, t, 'dev_id'),
    version: int(row, t, 'version'),
    createdAt: int(row, t, 'created_at'),
    updatedAt: int(row, t, 'updated_at'),
    expiresAt: int(row, t, 'expires_at'),
    state: json(row, t, 'state'),
  };
}

function outcome(value: JsonValue | null): CommandOutcome | null {
  if (value === null) return null;
  const kind = isObject(value) ? value['kind'] : undefined;
  if (typeof kind !== 'string' || !(OUTCOME_KINDS as readonly string[]).includes(kind)) {
    return badShape('commands', 'outcome', `an outcome with kind one of ${OUTCOME_KINDS.join(', ')}`);
  }
  // The store wrote this value from a typed CommandOutcome; the kind check guards the discriminant.
  return value as unknown as CommandOutcome;
}

export function commandFromRow(row: Row): QueuedCommand {
  const t = 'commands';
  return {
    id: text(row, t, 'id'),
    devId: text(row, t, 'dev_id'),
    payload: json(row, t, 'payload'),
    enqueuedAt: int(row, t, 'enqueued_at'),
    expiresAt: intOrNull(row, t, 'expires_at'),
    tag: textOrNull(row, t, 'tag'),
    seq: int(row, t, 'seq'),
    state: oneOf(row, t, 'state', QUEUED_COMMAND_STATES),
    claimedBy: textOrNull(row, t, 'claimed_by'),
    claimedAt: intOrNull(row, t, 'claimed_at'),
    attempts: int(row, t, 'attempts'),
    resolvedAt: intOrNull(row, t, 'resolved_at'),
    outcome: outcome(jsonOrNull(row, t, 'outcome')),
  };
}

export function alertFromRow(row: Row): StoredAlert {
  const t = 'alerts';
  return {
    id: text(row, t, 'id'),
    devId: text(row, t, 'dev_id'),
    receivedAt: int(row, t, 'received_at'),
    sessionId: text(row, t, 'session_id'),
    alertCode: text(row, t, 'alert_code'),
    correlator: textOrNull(row, t, 'correlator'),
    type: textOrNull(row, t, 'type'),
    format: textOrNull(row, t, 'format'),
    mark: textOrNull(row, t, 'mark'),
    source: textOrNull(row, t, 'source'),
    target: textOrNull(row, t, 'target'),
    data: textOrNull(row, t, 'data'),
    encoding: oneOf(row, t, 'encoding', ENCODINGS),
  };
}

function finalStatuses(value: JsonValue): { cmd: string; status: number }[] {
  const ok =
    Array.isArray(value) &&
    value.every((v) => isObject(v) && typeof v['cmd'] === 'string' && typeof v['status'] === 'number');
  if (!ok) return badShape('session_history', 'final_statuses', 'an array of { cmd, status }');
  return value as { cmd: string; status: number }[];
}

export function historyFromRow(row: Row): SessionHistoryEntry {
  const t = 'session_history';
  return {
    id: text(row, t, 'id'),
    devId: text(row, t, 'dev_id'),
    sessionId: text(row, t, 'session_id'),
    startedAt: int(row, t, 'started_at'),
    endedAt: int(row, t, 'ended_at'),
    ending: oneOf(row, t, 'ending', SESSION_ENDINGS),
    messagesIn: int(row, t, 'messages_in'),
    messagesOut: int(row, t, 'messages_out'),
    commandsResolved: int(row, t, 'commands_resolved'),
    finalStatuses: finalStatuses(json(row, t, 'final_statuses')),
  };
}
