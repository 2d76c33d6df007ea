import { hostname } from 'node:os';
import { isIP } from 'node:net';
import path from 'node:path';
import { ScomoError } from '../errors/index.ts';
import { DEFAULT_BODY_LIMIT } from '../http/index.ts';
import type { QuirkProfile } from '../session/index.ts';
import type { DeviceRequestPolicy, RegistrationPolicy, ServerOptionsInput } from '../server/index.ts';
import type { LogLevel, ServerConfig } from './server-config.ts';

/** Everything `scomo serve` and the operator commands need, defaults filled in. */
export interface ServeSettings {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `sqlite:FILE` or `postgres://…` (src/store openStore). */
  readonly dbUrl: string;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
  readonly serverOptions: ServerOptionsInput;
  readonly logLevel: LogLevel;
  readonly bodyLimit: number;
  readonly sweepIntervalMs: number;
  readonly notifyTimeoutMs: number;
  /** The SCOMO service and package repository (docs/scomo.md); null: not configured here. */
  readonly scomo: ScomoSettings;
}

/**
 * The SCOMO settings as configured (flags / config file); a null is left to the environment
 * fallback and then the service's default (src/cli/scomo-wiring.ts).
 */
export interface ScomoSettings {
  /** URL of the repository's `/dl` routes as devices reach them (e.g. `https://dm.example.com/dl`). */
  readonly repositoryUrl: string | null;
  readonly downloadUrlTtlMs: number | null;
  readonly downloadDescriptors: boolean | null;
  readonly deviceRequests: DeviceRequestPolicy | null;
  readonly jobTtlMs: number | null;
}

export const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  data: 'data',
  dbFile: 'scomo.db',
  dmPath: '/dm',
  serverId: 'scomo',
  sweepIntervalSeconds: 30,
  notifyTimeoutSeconds: 5,
  logLevel: 'info',
} as const;

/** Fills the defaults: data dir ./data, SQLite file in it, DM endpoint http://host:port/dm. */
export function resolveServeSettings(config: ServerConfig): ServeSettings {
  const port = config.port ?? DEFAULTS.port;
  if (port > 65_535) usage(`--port must be 0–65535, got ${port}`);
  const host = config.host ?? DEFAULTS.host;
  const dataDir = path.resolve(config.data ?? DEFAULTS.data);
  const tls = tlsFiles(config);
  const serverId = config.serverId ?? DEFAULTS.serverId;
  const publicUrl = config.publicUrl ?? defaultPublicUrl(tls !== null, host, port);
  const serverOptions: ServerOptionsInput = {
    publicUrl,
    serverId,
    registration: registration(config),
    serverCredential:
      config.serverPassword === undefined
        ? null
        : {
            authType: config.serverAuth === 'hmac' ? 'HMAC' : 'DIGEST',
            username: serverId,
            password: config.serverPassword,
          },
    ...(config.sessionTimeout === undefined ? {} : { sessionTtlMs: seconds(config.sessionTimeout) }),
    ...(config.commandTtl === undefined ? {} : { commandTtlMs: seconds(config.commandTtl) }),
    ...(config.maxMsgSize === undefined ? {} : { maxMsgSize: config.maxMsgSize }),
    ...(config.quirkProfiles === undefined ? {} : { quirkProfiles: quirkProfiles(config.quirkProfiles) }),
    wake: {
      onEnqueue: config.wake ?? true,
      ...(config.wakeInterval === undefined ? {} : { minIntervalMs: seconds(config.wakeInterval) }),
    },
  };
  return {
    port,
    host,
    dataDir,
    dbUrl: config.db ?? `sqlite:${path.join(dataDir, DEFAULTS.dbFile)}`,
    tls,
    serverOptions,
    logLevel: config.logLevel ?? DEFAULTS.logLevel,
    bodyLimit: config.maxBody ?? DEFAULT_BODY_LIMIT,
    sweepIntervalMs: Math.max(1, seconds(config.sweepInterval ?? DEFAULTS.sweepIntervalSeconds)),
    notifyTimeoutMs: Math.max(1, seconds(config.notifyTimeout ?? DEFAULTS.notifyTimeoutSeconds)),
    scomo: {
      repositoryUrl: config.repositoryUrl ?? null,
      downloadUrlTtlMs: config.downloadUrlTtl === undefined ? null : seconds(config.downloadUrlTtl),
      downloadDescriptors: config.downloadDescriptors ?? null,
      deviceRequests: config.deviceRequests ?? null,
      jobTtlMs: config.jobTtl === undefined ? null : seconds(config.jobTtl),
    },
  };
}

/**
 * The repository URL devices are given by default: `dl` next to the DM endpoint's path, so
 * `http://h:8080/dm` gives `http://h:8080/dl` (the repository is served by the same fastify
 * instance) and a load balancer's path prefix (`https://lb/scomo/dm`) is kept (`https://lb/scomo/dl`).
 */
export function defaultRepositoryUrl(publicUrl: string): string {
  return new URL('dl', publicUrl).href;
}

/** The URL devices reach this node at; a wildcard bind address is replaced by the host name. */
export function defaultPublicUrl(tls: boolean, host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const name = wildcard ? hostname() : host;
  const shown = isIP(name) === 6 ? `[${name}]` : name;
  return `${tls ? 'https' : 'http'}://${shown}:${port}${DEFAULTS.dmPath}`;
}

function tlsFiles(config: ServerConfig): ServeSettings['tls'] {
  if (config.tlsCert === undefined && config.tlsKey === undefined) return null;
  if (config.tlsCert === undefined || config.tlsKey === undefined) {
    return usage('--tls-cert and --tls-key go together: give both or neither');
  }
  return { certFile: config.tlsCert, keyFile: config.tlsKey };
}

function registration(config: ServerConfig): RegistrationPolicy {
  switch (config.registration) {
    case undefined:
    case 'preprovisioned':
    case 'pre-provisioned':
      return { mode: 'pre-provisioned' };
    case 'open':
      return { mode: 'open' };
    case 'shared-secret': {
      if (config.sharedSecret === undefined) {
        return usage('--registration shared-secret needs --shared-secret (better: in the config file)');
      }
      const authType = { basic: 'BASIC', md5: 'DIGEST', hmac: 'HMAC' } as const;
      return {
        mode: 'shared-secret',
        secret: config.sharedSecret,
        authType: authType[config.sharedSecretAuth ?? 'md5'],
      };
    }
    default: {
      const unreachable: never = config.registration;
      return unreachable;
    }
  }
}

/** The shape resolveServerOptions cannot check without crashing: an array of objects. */
function quirkProfiles(value: unknown): QuirkProfile[] {
  const ok =
    Array.isArray(value) &&
    value.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        Array.isArray((p as { quirks?: unknown }).quirks) &&
        typeof (p as { match?: unknown }).match === 'object' &&
        (p as { match?: unknown }).match !== null,
    );
  if (!ok) {
    usage(
      '"quirkProfiles" must be an array of { name, description, match: { man, mod, dmV }, quirks: [...] }',
    );
  }
  return value as QuirkProfile[];
}

function seconds(value: number): number {
  return Math.round(value * 1000);
}

function usage(message: string): never {
  throw new ScomoError('SCOMO_CLI_USAGE', message);
}
