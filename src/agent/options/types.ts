import type { UiHandler } from '../../session/index.ts';
import type { AgentLogger } from '../logger.ts';
import type { PackageTrust, TrustedKey } from '../packages/index.ts';

/** How package #1 authenticates (reference §3.2, §3.4); 'none' sends no Cred. */
export const AGENT_AUTH_MODES = ['none', 'basic', 'md5', 'hmac'] as const;
export type AgentAuthMode = (typeof AGENT_AUTH_MODES)[number];

/** Message encoding, which sets the Content-Type (reference §5). */
export const AGENT_ENCODINGS = ['xml', 'wbxml'] as const;
export type AgentEncoding = (typeof AGENT_ENCODINGS)[number];

/** Which Installer carries out SCOMO operations (src/agent/installers). */
export const AGENT_INSTALLERS = ['directory', 'command'] as const;
export type AgentInstaller = (typeof AGENT_INSTALLERS)[number];

/**
 * The SCOMO client (src/scomo MO + src/agent/scomo executor): on whenever the agent has a state
 * directory, since packages, components and the operation journal live there.
 */
export interface AgentScomoOptions {
  /** false turns the SCOMO client off; default on when there is a state directory. */
  readonly enabled?: boolean | undefined;
  /** Where the SCOMO MO is mounted; default ./SCOMO. */
  readonly root?: string | undefined;
  /** Where installed components live (the installer's root); default `<stateDir>/components`. */
  readonly installDir?: string | undefined;
  /** Default 'command' when installerCommand is given, else 'directory'. */
  readonly installer?: AgentInstaller | undefined;
  /** Absolute path of the executable the command installer runs for every operation. */
  readonly installerCommand?: string | undefined;
  /** Ed25519 keys packages may be signed with: SPKI PEM text, or a raw 32-byte key (bytes, hex, base64). */
  readonly trustedKeys?: readonly TrustedKey[] | undefined;
  /** Refuse unsigned packages (result 1407); default false: a signature is checked when present. */
  readonly requireSignatures?: boolean | undefined;
  /** EnvTypes this device can install; packages of another get result 1413. Default: any. */
  readonly envTypes?: readonly string[] | undefined;
  /** Bytes the state directory may hold in all (downloads, packages, components). Default: no quota. */
  readonly quotaBytes?: number | undefined;
  /** Time limit of one hook (directory) or command run (command installer), in seconds. */
  readonly hookTimeoutSeconds?: number | undefined;
  /**
   * Seconds between a result alert being queued by the running agent and the client-initiated
   * session that delivers it (results queued meanwhile go in the same session); default 1.
   */
  readonly resultDelaySeconds?: number | undefined;
}

/** The SCOMO options compiled once. */
export interface ResolvedScomoOptions {
  readonly root: string;
  /** The executor's directory: `<stateDir>/scomo` (journal, packages). */
  readonly dir: string;
  readonly installDir: string;
  readonly installer: AgentInstaller;
  readonly installerCommand: string | undefined;
  /** The trusted keys compiled, with the signature policy. */
  readonly trust: PackageTrust;
  readonly envTypes: readonly string[] | undefined;
  readonly quotaBytes: number | undefined;
  readonly hookTimeoutMs: number | undefined;
  readonly resultDelayMs: number;
}

/** DevInfo / DevDetail values the tree is created with on first start (reference §7.5, §7.6). */
export interface DeviceDescription {
  /** DevInfo/Man. */
  readonly manufacturer: string;
  /** DevInfo/Mod. */
  readonly model: string;
  /** DevInfo/DmV: the DM client version string. */
  readonly dmVersion: string;
  /** DevInfo/Lang: an RFC 1766 tag such as en-US. */
  readonly language: string;
  /** DevDetail/DevTyp. */
  readonly deviceType: string;
  /** DevDetail/OEM. */
  readonly oem: string;
  /** DevDetail/FwV, SwV, HwV. */
  readonly firmwareVersion: string;
  readonly softwareVersion: string;
  readonly hardwareVersion: string;
}

/** The agent's options as an embedder or the CLI gives them: only `server` and `deviceId` are required. */
export interface AgentOptions {
  /** The DM server URL (DMAcc AppAddr Addr): http:// or https://. */
  readonly server: string;
  /** DevInfo/DevId, globally unique, e.g. IMEI:490154203237518 (reference §7.5). */
  readonly deviceId: string;
  /** Directory holding the tree and the Generic Alert queue; without it nothing survives the process. */
  readonly stateDir?: string | undefined;
  /** DMAcc ServerID; default: the server URL's host name. */
  readonly serverId?: string | undefined;
  /** CLCRED AAuthName; default: the device id. */
  readonly username?: string | undefined;
  /** CLCRED AAuthSecret. */
  readonly password?: string | undefined;
  /** SRVCRED AAuthSecret: what the server proves itself with, and the package #0 digest key. */
  readonly serverPassword?: string | undefined;
  /** Default: md5 when a password is given, none otherwise. */
  readonly auth?: AgentAuthMode | undefined;
  /** Default: xml. */
  readonly encoding?: AgentEncoding | undefined;
  readonly device?: Partial<DeviceDescription> | undefined;
  /** TCP port of the package #0 HTTP endpoint (0 = any free port); no HTTP listener when absent. */
  readonly listenPort?: number | undefined;
  /** UDP port for package #0 datagrams (0 = any free port); no UDP listener when absent. */
  readonly udpPort?: number | undefined;
  /** Address the listeners bind; default 127.0.0.1 (use 0.0.0.0 to accept triggers from the network). */
  readonly listenHost?: string | undefined;
  /** Seconds between client-initiated sessions; no polling when absent or 0. */
  readonly pollSeconds?: number | undefined;
  /** Fraction of the poll interval each wait varies by, either way; default 0.1. */
  readonly pollJitter?: number | undefined;
  /** PEM text of the CA certificates trusted for an https:// server (instead of the system list). */
  readonly ca?: string | undefined;
  /** Seconds to wait for a TCP/TLS connection; default 10. */
  readonly connectTimeoutSeconds?: number | undefined;
  /** Seconds to wait for the server's answer to one message; default 30. */
  readonly timeoutSeconds?: number | undefined;
  /** Re-sends of one message after transport failures or 5xx; default 3. */
  readonly retries?: number | undefined;
  /** First retry delay in ms before jitter; doubles each retry; default 1000. */
  readonly retryDelayMs?: number | undefined;
  /** Cap on one retry delay in ms; default 30000. */
  readonly retryMaxDelayMs?: number | undefined;
  /** MaxMsgSize announced to the server (reference §2.9); default 65536. */
  readonly maxMsgSize?: number | undefined;
  /** MaxObjSize announced to the server (reference §2.9); default 4 MiB. */
  readonly maxObjSize?: number | undefined;
  /** Largest HTTP answer read at all, in bytes; default 32 MiB. */
  readonly maxResponseBytes?: number | undefined;
  /**
   * Answers UI alerts 1100–1104; without one they get 406 "optional feature not supported"
   * (reference §2.6). src/session's nonInteractiveUi() answers from the server's defaults.
   */
  readonly ui?: UiHandler | undefined;
  /** The SCOMO client; needs `stateDir`. */
  readonly scomo?: AgentScomoOptions | undefined;
  readonly logger?: AgentLogger | undefined;
  /** ms since the epoch; default Date.now. */
  readonly clock?: (() => number) | undefined;
  /** Uniform [0, 1) for jitter; default Math.random. */
  readonly random?: (() => number) | undefined;
  /** Cryptographically random bytes for nonces; default node:crypto randomBytes. */
  readonly randomBytes?: ((n: number) => Uint8Array) | undefined;
}

/** The options compiled once: validated, defaults filled, nothing left to interpret. */
export interface ResolvedAgentOptions {
  readonly server: string;
  readonly deviceId: string;
  readonly stateDir: string | undefined;
  readonly serverId: string;
  readonly username: string;
  readonly password: string;
  readonly serverPassword: string;
  readonly auth: AgentAuthMode;
  readonly encoding: AgentEncoding;
  readonly device: DeviceDescription;
  readonly listenPort: number | undefined;
  readonly udpPort: number | undefined;
  readonly listenHost: string;
  readonly pollMs: number | undefined;
  readonly pollJitter: number;
  readonly ca: string | undefined;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly retry: { readonly attempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly maxMsgSize: number;
  readonly maxObjSize: number;
  readonly maxResponseBytes: number;
  readonly ui: UiHandler | undefined;
  /** undefined: no SCOMO client (no state directory, or turned off). */
  readonly scomo: ResolvedScomoOptions | undefined;
  readonly logger: AgentLogger;
  readonly clock: () => number;
  readonly random: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly userAgent: string;
}
