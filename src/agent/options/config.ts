import path from 'node:path';
import { agentError } from '../errors.ts';
import type { AgentLogger } from '../logger.ts';
import { DEFAULT_DEVICE } from './defaults.ts';
import type { TrustedKey } from '../packages/index.ts';
import { AGENT_AUTH_MODES, AGENT_ENCODINGS, AGENT_INSTALLERS } from './types.ts';
import type { AgentOptions, AgentScomoOptions, DeviceDescription } from './types.ts';

/** pino's levels, for the logLevel setting. */
export const AGENT_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type AgentLogLevel = (typeof AGENT_LOG_LEVELS)[number];

/**
 * The settings of the agent's config document, which are the `scomo agent` flags in camelCase
 * (docs/agent.md), and the kind of each value: text, path (resolved against the document's folder),
 * number (≥ 0), integer (≥ 0), flag (boolean), a list of allowed words, or — for repeatable flags —
 * texts / paths (a list; a single string is taken as a list of one).
 */
export const AGENT_CONFIG_KEYS = {
  server: 'text',
  deviceId: 'text',
  state: 'path',
  username: 'text',
  password: 'text',
  serverId: 'text',
  serverPassword: 'text',
  auth: AGENT_AUTH_MODES,
  encoding: AGENT_ENCODINGS,
  once: 'flag',
  listen: 'integer',
  udpPort: 'integer',
  listenHost: 'text',
  poll: 'number',
  ca: 'path',
  timeout: 'number',
  connectTimeout: 'number',
  retries: 'integer',
  retryDelay: 'number',
  maxMsgSize: 'integer',
  maxObjSize: 'integer',
  manufacturer: 'text',
  model: 'text',
  language: 'text',
  logLevel: AGENT_LOG_LEVELS,
  // The SCOMO client (docs/agent.md "SCOMO").
  scomoRoot: 'text',
  installDir: 'path',
  installer: AGENT_INSTALLERS,
  installerCommand: 'path',
  trustedKey: 'paths',
  requireSignatures: 'flag',
  envType: 'texts',
  quota: 'integer',
  hookTimeout: 'number',
  scomoWait: 'number',
} as const;

export type AgentConfigKey = keyof typeof AGENT_CONFIG_KEYS;
type Kind = (typeof AGENT_CONFIG_KEYS)[AgentConfigKey];
type ValueOf<K> = K extends 'text' | 'path'
  ? string
  : K extends 'texts' | 'paths'
    ? readonly string[]
    : K extends 'number' | 'integer'
      ? number
      : K extends 'flag'
        ? boolean
        : K extends readonly (infer Word)[]
          ? Word
          : never;

/** A checked config document (file or flags). `device` holds DevInfo/DevDetail values for first start. */
export type AgentConfig = { readonly [K in AgentConfigKey]?: ValueOf<(typeof AGENT_CONFIG_KEYS)[K]> } & {
  readonly device?: Readonly<Partial<Record<keyof DeviceDescription, string>>>;
};

const DEVICE_KEYS = Object.keys(DEFAULT_DEVICE) as (keyof DeviceDescription)[];

/**
 * Checks a parsed config document: known keys only, each of its kind. Relative paths are resolved
 * against `baseDir`. Errors (SCOMO_AGENT_CONFIG) start with `where`, e.g. "config file /etc/a.json".
 */
export function checkAgentConfig(document: unknown, where: string, baseDir: string): AgentConfig {
  const fail = (message: string): never => {
    throw agentError('SCOMO_AGENT_CONFIG', `${where}: ${message}`);
  };
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    fail('expected a JSON object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'device') {
      out['device'] = checkDevice(value, fail);
      continue;
    }
    if (!Object.hasOwn(AGENT_CONFIG_KEYS, key)) {
      fail(`unknown key "${key}"; known keys: ${[...Object.keys(AGENT_CONFIG_KEYS), 'device'].join(', ')}`);
    }
    out[key] = checkValue(AGENT_CONFIG_KEYS[key as AgentConfigKey], value, baseDir, (what) =>
      fail(`"${key}" must be ${what}`),
    );
  }
  return out as AgentConfig;
}

function checkValue(kind: Kind, value: unknown, baseDir: string, expect: (what: string) => never): unknown {
  if (typeof kind !== 'string') {
    return typeof value === 'string' && (kind as readonly string[]).includes(value)
      ? value
      : expect(`one of ${kind.join(', ')}`);
  }
  switch (kind) {
    case 'flag':
      return typeof value === 'boolean' ? value : expect('true or false');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? value
        : expect('a number ≥ 0');
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0
        ? value
        : expect('a whole number ≥ 0');
    case 'path':
      return typeof value === 'string' && value !== '' ? path.resolve(baseDir, value) : expect('a path');
    case 'text':
      return typeof value === 'string' && value !== '' ? value : expect('a non-empty string');
    case 'texts':
    case 'paths': {
      const list = typeof value === 'string' ? [value] : value;
      const what = kind === 'paths' ? 'a path or a list of paths' : 'a string or a list of strings';
      if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && v !== '')) return expect(what);
      return kind === 'paths' ? list.map((v: string) => path.resolve(baseDir, v)) : [...(list as string[])];
    }
  }
}

function checkDevice(
  value: unknown,
  fail: (message: string) => never,
): Partial<Record<keyof DeviceDescription, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('"device" must be an object of DevInfo/DevDetail strings');
  }
  const out: Partial<Record<keyof DeviceDescription, string>> = {};
  for (const [key, text] of Object.entries(value)) {
    if (!(DEVICE_KEYS as string[]).includes(key))
      fail(`unknown device key "${key}"; known: ${DEVICE_KEYS.join(', ')}`);
    if (typeof text !== 'string' || text === '') fail(`device "${key}" must be a non-empty string`);
    out[key as keyof DeviceDescription] = text as string;
  }
  return out;
}

/**
 * A checked config → AgentOptions (still to be resolved). The caller reads the CA file named by
 * `config.ca` and passes its PEM text, since only the CLI reads files a user names.
 */
export function agentOptionsFromConfig(
  config: AgentConfig,
  extras: {
    readonly ca?: string | undefined;
    /** The contents of the `trustedKey` files, read by the caller like the CA file. */
    readonly trustedKeys?: readonly TrustedKey[] | undefined;
    readonly logger?: AgentLogger | undefined;
  } = {},
): AgentOptions {
  if (config.server === undefined || config.deviceId === undefined) {
    throw agentError(
      'SCOMO_AGENT_CONFIG',
      `scomo agent needs --${config.server === undefined ? 'server' : 'device-id'} (or "${config.server === undefined ? 'server' : 'deviceId'}" in --config).`,
    );
  }
  const device: Partial<Record<keyof DeviceDescription, string>> = { ...config.device };
  if (config.manufacturer !== undefined) device.manufacturer = config.manufacturer;
  if (config.model !== undefined) device.model = config.model;
  if (config.language !== undefined) device.language = config.language;
  return {
    server: config.server,
    deviceId: config.deviceId,
    stateDir: config.state,
    username: config.username,
    password: config.password,
    serverId: config.serverId,
    serverPassword: config.serverPassword,
    auth: config.auth,
    encoding: config.encoding,
    listenPort: config.listen,
    udpPort: config.udpPort,
    listenHost: config.listenHost,
    pollSeconds: config.poll,
    ca: extras.ca,
    timeoutSeconds: config.timeout,
    connectTimeoutSeconds: config.connectTimeout,
    retries: config.retries,
    retryDelayMs: config.retryDelay,
    maxMsgSize: config.maxMsgSize,
    maxObjSize: config.maxObjSize,
    device,
    scomo: scomoFromConfig(config, extras.trustedKeys),
    logger: extras.logger,
  };
}

function scomoFromConfig(
  config: AgentConfig,
  trustedKeys: readonly TrustedKey[] | undefined,
): AgentScomoOptions | undefined {
  const scomo: AgentScomoOptions = {
    root: config.scomoRoot,
    installDir: config.installDir,
    installer: config.installer,
    installerCommand: config.installerCommand,
    trustedKeys,
    requireSignatures: config.requireSignatures,
    envTypes: config.envType,
    quotaBytes: config.quota,
    hookTimeoutSeconds: config.hookTimeout,
  };
  // Nothing set: leave the defaults (on with a state directory) to resolveAgentOptions.
  return Object.values(scomo).every((v) => v === undefined) ? undefined : scomo;
}
