import type { Initiator, UiMode } from './vocabulary.ts';

/** The fields of a package #0 trigger (DM 1.2 Notification §6.2). */
export interface TriggerFields {
  /** Version ×10; encoded as 11 when omitted; 10–13 accepted. */
  readonly version?: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  /** 0..0xFFFF; becomes the SessionID of the session (see sessionIdHex). */
  readonly sessionId: number;
  /** The DMAcc ServerID; 1..255 bytes of UTF-8. */
  readonly serverId: string;
  /** Optional opaque vendor-specific bytes after the server identifier. */
  readonly vendorData?: Uint8Array;
}

/** The secret that signs or verifies a trigger: the DMAcc SRVCRED AAuthSecret and AAuthData. */
export interface TriggerSecret {
  readonly serverPassword: string;
  readonly nonce: Uint8Array;
  /**
   * The "server-identifier" string hashed into the digest; the trigger's serverId when omitted.
   * libdmclient hashes the SRVCRED AAuthName instead (reference §4.2), hence the override.
   */
  readonly serverIdentifier?: string;
}

export interface DecodedTrigger {
  readonly version: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  readonly sessionId: number;
  readonly serverId: string;
  /** Bytes after the server identifier; empty when there are none. */
  readonly vendorData: Uint8Array;
  /** The 16-byte digest as received. */
  readonly digest: Uint8Array;
  /** Everything after the digest: the bytes the digest covers. */
  readonly trigger: Uint8Array;
}

/** Outcome of verifyTrigger: matched the stored nonce, matched the resync nonce, or neither. */
export const TRIGGER_VERDICTS = ['ok', 'ok-resync', 'bad-digest'] as const;
export type TriggerVerdict = (typeof TRIGGER_VERDICTS)[number];
