import { UI_MODES } from '../notification/index.ts';
import type { UiMode } from '../notification/index.ts';
import { BUILTIN_QUIRK_PROFILES, isQuirkName } from '../session/index.ts';
import type { QuirkProfile } from '../session/index.ts';
import { serverError } from './errors.ts';
import { CLIENT_AUTH_TYPES, SERVER_AUTH_TYPES } from './ports/store.ts';
import type { ClientAuthType, ServerAuthType } from './ports/store.ts';

/**
 * How unknown devices are treated (device registry):
 * - `open`: any device is registered on first contact, without client authentication;
 * - `pre-provisioned`: only devices an operator created are served; others get 403;
 * - `shared-secret`: an unknown device authenticates with the deployment's shared secret as its
 *   password (user name = its SyncHdr LocName, else its DevId) and is registered with that credential.
 */
export type RegistrationPolicy =
  | { readonly mode: 'open' }
  | { readonly mode: 'pre-provisioned' }
  | { readonly mode: 'shared-secret'; readonly secret: string; readonly authType: ClientAuthType };

/** Credentials the server presents to newly registered devices (SRVCRED), as configured. */
export interface ServerCredentialConfig {
  readonly authType: ServerAuthType;
  readonly username: string;
  readonly password: string;
}

/** When queued work wakes an idle device with package #0. */
export interface WakePolicy {
  readonly onEnqueue: boolean;
  /** At most one notification per device in this interval (per server process). */
  readonly minIntervalMs: number;
  readonly uiMode: UiMode;
}

export interface ServerOptions {
  /** The DM endpoint URL devices POST to; RespURI is built from it. */
  readonly publicUrl: string;
  /** Query parameter of RespURI that carries the session token. */
  readonly sessionParam: string;
  /** The DMAcc ServerID (package #0 server identifier). */
  readonly serverId: string;
  readonly registration: RegistrationPolicy;
  readonly serverCredential: ServerCredentialConfig | null;
  /** A session (and its device lock) dies this long after its last message. */
  readonly sessionTtlMs: number;
  readonly maxAuthAttempts: number;
  /** Our MaxMsgSize / MaxObjSize, announced to clients. */
  readonly maxMsgSize: number;
  readonly maxObjSize: number | null;
  /** Assumed when a client announces no MaxMsgSize; null: unlimited. */
  readonly defaultClientMaxMsgSize: number | null;
  readonly claimBatch: number;
  readonly minChunkSize: number;
  /** A command claimed more often than this without an answer fails as undelivered. */
  readonly maxDeliveryAttempts: number;
  /** Default expiry of queued commands; null: they wait for the device forever. */
  readonly commandTtlMs: number | null;
  /** Built-in profiles followed by these. */
  readonly quirkProfiles: readonly QuirkProfile[];
  readonly wake: WakePolicy;
}

export type ServerOptionsInput = Partial<Omit<ServerOptions, 'wake'>> & {
  readonly publicUrl: string;
  readonly wake?: Partial<WakePolicy>;
};

const DEFAULTS = {
  sessionParam: 's',
  serverId: 'scomo',
  registration: { mode: 'pre-provisioned' } as RegistrationPolicy,
  serverCredential: null,
  sessionTtlMs: 10 * 60_000,
  maxAuthAttempts: 3,
  maxMsgSize: 65_536,
  maxObjSize: 16 * 1024 * 1024,
  defaultClientMaxMsgSize: null,
  claimBatch: 16,
  minChunkSize: 256,
  maxDeliveryAttempts: 5,
  commandTtlMs: null,
  wake: { onEnqueue: true, minIntervalMs: 60_000, uiMode: 'background' } as WakePolicy,
} as const;

/** Validates options once, at the edge, and fills defaults (STYLE.md "Options compiled once"). */
export function resolveServerOptions(input: ServerOptionsInput): ServerOptions {
  const publicUrl = checkUrl(input.publicUrl);
  const options: ServerOptions = {
    publicUrl,
    sessionParam: checkName('sessionParam', input.sessionParam ?? DEFAULTS.sessionParam),
    serverId: checkServerId(input.serverId ?? DEFAULTS.serverId),
    registration: checkRegistration(input.registration ?? DEFAULTS.registration),
    serverCredential: checkServerCredential(input.serverCredential ?? DEFAULTS.serverCredential),
    sessionTtlMs: positiveInt('sessionTtlMs', input.sessionTtlMs ?? DEFAULTS.sessionTtlMs),
    maxAuthAttempts: positiveInt('maxAuthAttempts', input.maxAuthAttempts ?? DEFAULTS.maxAuthAttempts),
    // Below a few hundred bytes not even a header and its status fit.
    maxMsgSize: positiveInt('maxMsgSize', input.maxMsgSize ?? DEFAULTS.maxMsgSize, 512),
    maxObjSize: nullable(input.maxObjSize, DEFAULTS.maxObjSize, (v) => positiveInt('maxObjSize', v)),
    defaultClientMaxMsgSize: nullable(input.defaultClientMaxMsgSize, DEFAULTS.defaultClientMaxMsgSize, (v) =>
      positiveInt('defaultClientMaxMsgSize', v, 512),
    ),
    claimBatch: positiveInt('claimBatch', input.claimBatch ?? DEFAULTS.claimBatch),
    minChunkSize: positiveInt('minChunkSize', input.minChunkSize ?? DEFAULTS.minChunkSize),
    maxDeliveryAttempts: positiveInt(
      'maxDeliveryAttempts',
      input.maxDeliveryAttempts ?? DEFAULTS.maxDeliveryAttempts,
    ),
    commandTtlMs: nullable(input.commandTtlMs, DEFAULTS.commandTtlMs, (v) => positiveInt('commandTtlMs', v)),
    quirkProfiles: [...BUILTIN_QUIRK_PROFILES, ...(input.quirkProfiles ?? []).map(checkProfile)],
    wake: checkWake({ ...DEFAULTS.wake, ...input.wake }),
  };
  return Object.freeze(options);
}

function bad(message: string): never {
  throw serverError('SCOMO_SERVER_BAD_OPTION', message);
}

function checkUrl(value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value))
    bad(`publicUrl must be an absolute URL, got ${String(value)}.`);
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    bad(`publicUrl must be http: or https:, got ${url.protocol}.`);
  return value;
}

function checkName(name: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(value))
    bad(`${name} must be a URL-safe name, got ${String(value)}.`);
  return value;
}

function checkServerId(value: unknown): string {
  // Package #0 carries the ServerID with a one-byte length (reference §4.1).
  if (typeof value !== 'string' || value === '' || new TextEncoder().encode(value).length > 255) {
    bad('serverId must be 1 to 255 bytes of UTF-8.');
  }
  return value;
}

function positiveInt(name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    bad(`${name} must be an integer ≥ ${min}, got ${String(value)}.`);
  }
  return value;
}

function nullable<T>(value: T | null | undefined, fallback: T | null, check: (v: T) => T): T | null {
  const chosen = value === undefined ? fallback : value;
  return chosen === null ? null : check(chosen);
}

function checkRegistration(value: RegistrationPolicy): RegistrationPolicy {
  switch (value.mode) {
    case 'open':
    case 'pre-provisioned':
      return { mode: value.mode };
    case 'shared-secret':
      if (typeof value.secret !== 'string' || value.secret === '')
        bad('registration.secret must be a non-empty string.');
      if (!(CLIENT_AUTH_TYPES as readonly string[]).includes(value.authType)) {
        bad(`registration.authType must be one of ${CLIENT_AUTH_TYPES.join(', ')}.`);
      }
      return { mode: 'shared-secret', secret: value.secret, authType: value.authType };
    default:
      return bad(
        `registration.mode must be open, pre-provisioned or shared-secret, got ${String((value as { mode: unknown }).mode)}.`,
      );
  }
}

function checkServerCredential(value: ServerCredentialConfig | null): ServerCredentialConfig | null {
  if (value === null) return null;
  if (!(SERVER_AUTH_TYPES as readonly string[]).includes(value.authType)) {
    bad(
      `serverCredential.authType must be one of ${SERVER_AUTH_TYPES.join(', ')} (BASIC would need a stored clear password).`,
    );
  }
  if (typeof value.username !== 'string' || value.username === '')
    bad('serverCredential.username must be non-empty.');
  if (typeof value.password !== 'string' || value.password === '')
    bad('serverCredential.password must be non-empty.');
  return { authType: value.authType, username: value.username, password: value.password };
}

function checkProfile(profile: QuirkProfile): QuirkProfile {
  if (typeof profile.name !== 'string' || profile.name === '') bad('Every quirk profile needs a name.');
  const unknown = profile.quirks.filter((q) => !isQuirkName(q));
  if (unknown.length > 0)
    bad(`Quirk profile ${profile.name} names unknown quirks: ${unknown.join(', ')} (see docs/quirks.md).`);
  const { man, mod, dmV } = profile.match;
  if (man === undefined && mod === undefined && dmV === undefined) {
    bad(`Quirk profile ${profile.name} matches nothing: give at least one of man, mod, dmV.`);
  }
  return profile;
}

function checkWake(value: WakePolicy): WakePolicy {
  if (typeof value.onEnqueue !== 'boolean') bad('wake.onEnqueue must be a boolean.');
  if (!(UI_MODES as readonly string[]).includes(value.uiMode))
    bad(`wake.uiMode must be one of ${UI_MODES.join(', ')}.`);
  const minIntervalMs = value.minIntervalMs;
  if (typeof minIntervalMs !== 'number' || !Number.isSafeInteger(minIntervalMs) || minIntervalMs < 0) {
    bad('wake.minIntervalMs must be an integer ≥ 0.');
  }
  return { onEnqueue: value.onEnqueue, minIntervalMs, uiMode: value.uiMode };
}
