/**
 * The settings of `scomo serve` (and of the operator commands, which open the same store): the flags
 * in camelCase are the keys of the JSON config file (`--config FILE`); flags win over the file.
 */
import path from 'node:path';
import { ScomoError } from '../errors/index.ts';
import { readJsonFile } from './input.ts';
import { DEVICE_REQUEST_POLICIES } from '../server/index.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `preprovisioned` is the flag's spelling; `pre-provisioned` (the core's) is accepted too. */
export const REGISTRATION_MODES = ['open', 'preprovisioned', 'pre-provisioned', 'shared-secret'] as const;
export const CLIENT_AUTH_WORDS = ['basic', 'md5', 'hmac'] as const;
export const SERVER_AUTH_WORDS = ['md5', 'hmac'] as const;

/**
 * Every setting and the kind of its value: text, path (a file or folder; relative paths in the config
 * file are resolved against the file's folder, on the command line against the working directory),
 * number / integer (≥ 0), flag (boolean), json (config file only), or a list of allowed words.
 */
export const SERVER_CONFIG_KEYS = {
  port: 'integer',
  host: 'text',
  data: 'path',
  db: 'text',
  tlsCert: 'path',
  tlsKey: 'path',
  publicUrl: 'text',
  registration: REGISTRATION_MODES,
  sharedSecret: 'text',
  sharedSecretAuth: CLIENT_AUTH_WORDS,
  serverId: 'text',
  serverPassword: 'text',
  serverAuth: SERVER_AUTH_WORDS,
  logLevel: LOG_LEVELS,
  maxBody: 'integer',
  maxMsgSize: 'integer',
  sessionTimeout: 'number',
  commandTtl: 'number',
  sweepInterval: 'number',
  wake: 'flag',
  wakeInterval: 'number',
  notifyTimeout: 'number',
  quirkProfiles: 'json',
  // SCOMO service and package repository (docs/scomo.md).
  repositoryUrl: 'text',
  downloadUrlTtl: 'number',
  downloadDescriptors: 'flag',
  deviceRequests: DEVICE_REQUEST_POLICIES,
  jobTtl: 'number',
} as const;

export type ServerConfigKey = keyof typeof SERVER_CONFIG_KEYS;
type ValueOf<K> = K extends 'text' | 'path'
  ? string
  : K extends 'number' | 'integer'
    ? number
    : K extends 'flag'
      ? boolean
      : K extends 'json'
        ? unknown
        : K extends readonly (infer Word)[]
          ? Word
          : never;

export type ServerConfig = { readonly [K in ServerConfigKey]?: ValueOf<(typeof SERVER_CONFIG_KEYS)[K]> };

/** Checks a parsed config document or the parsed flags; `where` starts every error message. */
export function checkServerConfig(document: unknown, where: string, baseDir: string): ServerConfig {
  const fail = (message: string): never => {
    throw new ScomoError('SCOMO_CLI_CONFIG', `${where}: ${message}`);
  };
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return fail('expected a JSON object');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(SERVER_CONFIG_KEYS, key)) {
      fail(`unknown setting "${key}"; known settings: ${Object.keys(SERVER_CONFIG_KEYS).join(', ')}`);
    }
    const kind = SERVER_CONFIG_KEYS[key as ServerConfigKey];
    out[key] = checkValue(key, kind, value, baseDir, fail);
  }
  return out as ServerConfig;
}

function checkValue(
  key: string,
  kind: (typeof SERVER_CONFIG_KEYS)[ServerConfigKey],
  value: unknown,
  baseDir: string,
  fail: (message: string) => never,
): unknown {
  switch (kind) {
    case 'text':
      if (typeof value !== 'string' || value === '') fail(`"${key}" must be a non-empty string`);
      return value;
    case 'path':
      if (typeof value !== 'string' || value === '') fail(`"${key}" must be a non-empty path`);
      return path.resolve(baseDir, value as string);
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        fail(`"${key}" must be a number ≥ 0`);
      }
      if (kind === 'integer' && !Number.isInteger(value)) fail(`"${key}" must be a whole number`);
      return value;
    case 'flag':
      if (typeof value !== 'boolean') fail(`"${key}" must be true or false`);
      return value;
    case 'json':
      return value;
    default:
      if (typeof value !== 'string' || !(kind as readonly string[]).includes(value)) {
        fail(`"${key}" must be one of ${kind.join(', ')}`);
      }
      return value;
  }
}

/** Reads and checks the JSON config file (relative paths in it are relative to the file). */
export async function readServerConfig(file: string): Promise<ServerConfig> {
  const document = await readJsonFile(file, 'config file', 'SCOMO_CLI_CONFIG');
  return checkServerConfig(document, `config file ${file}`, path.dirname(path.resolve(file)));
}

/** The config file (if `--config` was given) overlaid with the flags: flags win. */
export async function loadServerConfig(flags: Record<string, unknown>): Promise<ServerConfig> {
  const { config: file, ...given } = flags;
  const fromFile = typeof file === 'string' ? await readServerConfig(file) : {};
  const fromFlags = checkServerConfig(given, 'command line', process.cwd());
  return { ...fromFile, ...fromFlags };
}
