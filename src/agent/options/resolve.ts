import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { agentError } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import { AGENT_VERSION, DEFAULT_DEVICE, DEFAULTS } from './defaults.ts';
import { resolveScomoOptions } from './scomo.ts';
import { AGENT_AUTH_MODES, AGENT_ENCODINGS } from './types.ts';
import type { AgentOptions, DeviceDescription, ResolvedAgentOptions } from './types.ts';

/**
 * Compiles the agent's options once, at the edge: every value checked (a ScomoError
 * SCOMO_AGENT_BAD_OPTION names the option and what was expected), every default filled.
 */
export function resolveAgentOptions(input: AgentOptions): ResolvedAgentOptions {
  if (typeof input !== 'object' || input === null) bad('options', 'an object');
  const server = checkServerUrl(input.server);
  const deviceId = text('deviceId', input.deviceId);
  const password = optionalText('password', input.password) ?? '';
  const auth = oneOf('auth', input.auth, AGENT_AUTH_MODES) ?? (password === '' ? 'none' : 'md5');
  if (auth !== 'none' && password === '') bad('password', `a password: auth '${auth}' sends credentials`);
  const timeoutSeconds = positive('timeoutSeconds', input.timeoutSeconds) ?? DEFAULTS.timeoutSeconds;
  const connectTimeoutSeconds =
    positive('connectTimeoutSeconds', input.connectTimeoutSeconds) ?? DEFAULTS.connectTimeoutSeconds;
  const pollSeconds = nonNegative('pollSeconds', input.pollSeconds);
  const retryDelayMs = nonNegative('retryDelayMs', input.retryDelayMs) ?? DEFAULTS.retryDelayMs;
  const stateDir = optionalText('stateDir', input.stateDir);
  const resolved: ResolvedAgentOptions = {
    server,
    deviceId,
    stateDir,
    serverId: optionalText('serverId', input.serverId) ?? new URL(server).hostname,
    username: optionalText('username', input.username) ?? deviceId,
    password,
    serverPassword: optionalText('serverPassword', input.serverPassword) ?? '',
    auth,
    encoding: oneOf('encoding', input.encoding, AGENT_ENCODINGS) ?? 'xml',
    device: device(input.device),
    listenPort: port('listenPort', input.listenPort),
    udpPort: port('udpPort', input.udpPort),
    listenHost: optionalText('listenHost', input.listenHost) ?? DEFAULTS.listenHost,
    pollMs: pollSeconds === undefined || pollSeconds === 0 ? undefined : Math.round(pollSeconds * 1000),
    pollJitter: fraction('pollJitter', input.pollJitter) ?? DEFAULTS.pollJitter,
    ca: optionalText('ca', input.ca),
    connectTimeoutMs: Math.round(connectTimeoutSeconds * 1000),
    timeoutMs: Math.round(timeoutSeconds * 1000),
    retry: {
      attempts: 1 + (count('retries', input.retries) ?? DEFAULTS.retries),
      baseDelayMs: retryDelayMs,
      maxDelayMs: Math.max(
        retryDelayMs,
        nonNegative('retryMaxDelayMs', input.retryMaxDelayMs) ?? DEFAULTS.retryMaxDelayMs,
      ),
    },
    maxMsgSize: size('maxMsgSize', input.maxMsgSize, 1024) ?? DEFAULTS.maxMsgSize,
    maxObjSize: size('maxObjSize', input.maxObjSize, 1) ?? DEFAULTS.maxObjSize,
    maxResponseBytes: size('maxResponseBytes', input.maxResponseBytes, 1024) ?? DEFAULTS.maxResponseBytes,
    ui: fn('ui', input.ui),
    scomo: resolveScomoOptions(input.scomo, stateDir),
    logger: input.logger ?? silentLogger,
    clock: fn('clock', input.clock) ?? Date.now,
    random: fn('random', input.random) ?? Math.random,
    randomBytes:
      fn('randomBytes', input.randomBytes) ?? ((n: number) => new Uint8Array(cryptoRandomBytes(n))),
    userAgent: `scomo-agent/${AGENT_VERSION}`,
  };
  RESOLVED.add(resolved);
  return Object.freeze(resolved);
}

function bad(name: string, expected: string): never {
  throw agentError('SCOMO_AGENT_BAD_OPTION', `Option ${name}: expected ${expected}.`);
}

function checkServerUrl(value: unknown): string {
  const url = text('server', value);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    bad('server', `an absolute http:// or https:// URL, got '${url}'`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    bad('server', `an http:// or https:// URL (reference §5), got '${url}'`);
  }
  return url;
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) bad(name, 'a non-empty string');
  return value;
}

function optionalText(name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : text(name, value);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    bad(name, `one of ${allowed.join(', ')}`);
  return value as T;
}

function finite(name: string, value: unknown, expected: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) bad(name, expected);
  return value;
}

function positive(name: string, value: unknown): number | undefined {
  const n = finite(name, value, 'a number of seconds above 0');
  if (n !== undefined && n <= 0) bad(name, 'a number of seconds above 0');
  return n;
}

function nonNegative(name: string, value: unknown): number | undefined {
  const n = finite(name, value, 'a number ≥ 0');
  if (n !== undefined && n < 0) bad(name, 'a number ≥ 0');
  return n;
}

function count(name: string, value: unknown): number | undefined {
  const n = finite(name, value, 'an integer 0..20');
  if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > 20)) bad(name, 'an integer 0..20');
  return n;
}

function fraction(name: string, value: unknown): number | undefined {
  const n = finite(name, value, 'a fraction 0..1');
  if (n !== undefined && (n < 0 || n > 1)) bad(name, 'a fraction 0..1');
  return n;
}

function port(name: string, value: unknown): number | undefined {
  const n = finite(name, value, 'a port number 0..65535');
  if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > 65535)) bad(name, 'a port number 0..65535');
  return n;
}

function size(name: string, value: unknown, min: number): number | undefined {
  const n = finite(name, value, `an integer number of bytes ≥ ${min}`);
  if (n !== undefined && (!Number.isInteger(n) || n < min || n > 2 ** 31))
    bad(name, `an integer number of bytes ≥ ${min}`);
  return n;
}

function fn<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') bad(name, 'a function');
  return value;
}

function device(input: Partial<DeviceDescription> | undefined): DeviceDescription {
  if (input === undefined) return DEFAULT_DEVICE;
  if (typeof input !== 'object' || input === null) bad('device', 'an object of DevInfo/DevDetail strings');
  const out: Record<string, string> = { ...DEFAULT_DEVICE };
  for (const key of Object.keys(input)) {
    if (!(key in DEFAULT_DEVICE))
      bad(`device.${key}`, `no such field; known: ${Object.keys(DEFAULT_DEVICE).join(', ')}`);
  }
  for (const key of Object.keys(DEFAULT_DEVICE)) {
    const value = (input as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = text(`device.${key}`, value);
  }
  return out as unknown as DeviceDescription;
}

const RESOLVED = new WeakSet<object>();

/** True for an object returned by resolveAgentOptions (so createAgent does not compile it twice). */
export function isResolvedAgentOptions(value: unknown): value is ResolvedAgentOptions {
  return typeof value === 'object' && value !== null && RESOLVED.has(value);
}
