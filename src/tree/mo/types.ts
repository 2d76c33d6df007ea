/**
 * Vocabulary and option types of the standard MOs DevInfo, DevDetail and DMAcc (reference §7.5–7.7,
 * §3.1).
 */
import type { UriLimits } from '../uri.ts';

export const MO_IDS = {
  devInfo: 'urn:oma:mo:oma-dm-devinfo:1.0',
  devDetail: 'urn:oma:mo:oma-dm-devdetail:1.0',
  dmAcc: 'urn:oma:mo:oma-dm-dmacc:1.0',
} as const;

/** DMAcc AppAuth/<x>/AAuthLevel (reference §3.1). */
export const AUTH_LEVELS = ['CLCRED', 'SRVCRED', 'OBEX', 'HTTP'] as const;
export type AuthLevel = (typeof AUTH_LEVELS)[number];

/** DMAcc AAuthType / AAuthPref values (reference §3.1). */
export const AUTH_TYPES = [
  'HTTP-BASIC',
  'HTTP-DIGEST',
  'BASIC',
  'DIGEST',
  'HMAC',
  'X509',
  'SECURID',
  'SAFEWORD',
  'DIGIPASS',
  'TRANSPORT',
] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const ADDR_TYPES = ['URI', 'IPv4', 'IPv6'] as const;
export type AddrType = (typeof ADDR_TYPES)[number];

/** DMAcc AppID of an OMA DM account (w7 = the DM application characteristic). */
export const DM_APP_ID = 'w7';

export interface DevInfo {
  /** Globally unique, URN form, e.g. `IMEI:493005100592800`. */
  readonly devId: string;
  readonly man: string;
  readonly mod: string;
  /** DM client version string. */
  readonly dmV: string;
  /** RFC 1766 language tag, e.g. `en-US`. */
  readonly lang: string;
  /** Vendor leaves under ./DevInfo/Ext (chr, Get only). */
  readonly ext?: Readonly<Record<string, string>>;
}

export interface DevDetail {
  readonly devTyp: string;
  readonly oem: string;
  readonly fwV: string;
  readonly swV: string;
  readonly hwV: string;
  /** Large object support (default true: the agent reassembles chunks). */
  readonly lrgObj?: boolean;
  /** URI limits (0 or omitted = unlimited); the tree enforces them with 414. */
  readonly uri?: Partial<UriLimits>;
  readonly ext?: Readonly<Record<string, string>>;
}

export interface DmCredential<L extends 'CLCRED' | 'SRVCRED'> {
  readonly level: L;
  readonly type: AuthType;
  readonly name: string;
  readonly secret: string;
  /** AAuthData: the nonce for the next authentication (binary). */
  readonly nonce: Uint8Array;
}

/** One DM server account: ./DMAcc/<x> in its DM 1.2 form (reference §7.7). */
export interface DmAccount {
  readonly serverId: string;
  /** Display name (DMAcc Name). */
  readonly name?: string;
  /** Server URL (AppAddr/<x>/Addr). */
  readonly addr: string;
  readonly addrType?: AddrType;
  readonly port?: number;
  readonly authPref?: AuthType;
  /** What the client presents to the server. */
  readonly clientCred: DmCredential<'CLCRED'>;
  /** What the server must present to the client (also keys package #0 digests). */
  readonly serverCred: DmCredential<'SRVCRED'>;
  /** Node name <x> under ./DMAcc; defaults to the ServerID with unsafe characters replaced. */
  readonly nodeName?: string;
}
