/**
 * ClientSessionOptions → the resolved options the engine runs with (STYLE "options compiled once at
 * the edge"): validated, defaults filled, the DMAcc account found. Misuse is a ScomoError thrown by
 * createClientSession, before any message exists.
 */
import { modeOfAAuthType } from './auth/modes.ts';
import { sessionError } from './errors.ts';
import { adaptDeviceTree } from './ports/device-tree.ts';
import type { AccountPort, SessionTreePort } from './ports/tree-port.ts';
import { CLIENT_AUTH_MODES, SESSION_INITIATORS } from './types.ts';
import type { MessageEncoding } from '../../syncml/index.ts';
import type { ClientAuthMode, ClientSessionOptions, PendingAlert, SessionInitiator } from './types.ts';
import type { UiHandler } from './ui/types.ts';
import type { InboundObjectHook } from './large-object/sink.ts';

export interface ResolvedOptions {
  readonly tree: SessionTreePort;
  readonly account: AccountPort;
  readonly serverId: string;
  readonly sessionId: string;
  readonly initiator: SessionInitiator;
  readonly encoding: MessageEncoding;
  readonly auth: ClientAuthMode;
  readonly maxMsgSize: number;
  readonly maxObjSize: number;
  readonly genericAlerts: readonly PendingAlert[];
  readonly ui: UiHandler | undefined;
  readonly inboundObjects: InboundObjectHook | undefined;
  readonly clock: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly maxAuthFailures: number;
  readonly maxMessages: number;
}

const DEFAULT_MAX_AUTH_FAILURES = 2;
const DEFAULT_MAX_MESSAGES = 1000;
/** DM 1.2 Notification §6.2 / reference §2.2: the session id is hex. */
const HEX_SESSION_ID = /^[0-9A-Fa-f]{1,16}$/;

function bad(message: string): Error {
  return sessionError('SCOMO_SESSION_BAD_OPTIONS', message);
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw bad(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function hook(value: InboundObjectHook | undefined): InboundObjectHook | undefined {
  if (value !== undefined && typeof value !== 'function') throw bad('inboundObjects must be a function');
  return value;
}

export function resolveOptions(options: ClientSessionOptions, port?: SessionTreePort): ResolvedOptions {
  const tree = port ?? adaptDeviceTree(options.tree);
  if (!HEX_SESSION_ID.test(options.sessionId))
    throw bad(`sessionId "${options.sessionId}" must be 1–16 hex digits`);
  if (!(SESSION_INITIATORS as readonly string[]).includes(options.initiator)) {
    throw bad(`initiator must be 'client' or 'server', got ${String(options.initiator)}`);
  }
  if (options.encoding !== 'xml' && options.encoding !== 'wbxml') {
    throw bad(`encoding must be 'xml' or 'wbxml', got ${String(options.encoding)}`);
  }
  if (options.auth !== undefined && !(CLIENT_AUTH_MODES as readonly string[]).includes(options.auth)) {
    throw bad(`auth must be one of ${CLIENT_AUTH_MODES.join(', ')}, got ${String(options.auth)}`);
  }
  const account = tree.account(options.serverId);
  if (account === undefined) {
    throw bad(
      `No complete DMAcc account with ServerID "${options.serverId}" (AppAddr Addr, CLCRED and SRVCRED needed)`,
    );
  }
  if (account.addr === '') throw bad(`The DMAcc account of "${options.serverId}" has an empty AppAddr Addr`);
  return {
    tree,
    account,
    serverId: options.serverId,
    sessionId: options.sessionId,
    initiator: options.initiator,
    encoding: options.encoding,
    auth: options.auth ?? modeOfAAuthType(account.clientCred?.type),
    maxMsgSize: positiveInteger('maxMsgSize', options.maxMsgSize),
    maxObjSize: positiveInteger('maxObjSize', options.maxObjSize),
    genericAlerts: options.genericAlerts ?? [],
    ui: options.ui,
    inboundObjects: hook(options.inboundObjects),
    clock: options.clock,
    randomBytes: options.randomBytes,
    maxAuthFailures: positiveInteger('maxAuthFailures', options.maxAuthFailures ?? DEFAULT_MAX_AUTH_FAILURES),
    maxMessages: positiveInteger('maxMessages', options.maxMessages ?? DEFAULT_MAX_MESSAGES),
  };
}
