// Package #0 vocabulary (DM 1.2 Notification §6.2; reference §4.1). The index of each entry is its
// value on the wire.

/** ui-mode, 2 bits. */
export const UI_MODES = ['not-specified', 'background', 'informative', 'user-interaction'] as const;
export type UiMode = (typeof UI_MODES)[number];

/** initiator, 1 bit: 0 client/user initiated, 1 server initiated. */
export const INITIATORS = ['client', 'server'] as const;
export type Initiator = (typeof INITIATORS)[number];

/** The version field is the version ×10; DM 1.2 Notification writes 11 ("1.1"). */
export const PKG0_VERSION = 11;
/** Stacks disagree (some send 12), so decoding accepts this range (reference §9 item 5). */
export const PKG0_MIN_VERSION = 10;
export const PKG0_MAX_VERSION = 13;

export const PKG0_DIGEST_LENGTH = 16;
/** version..length-identifier: 10 + 2 + 1 + 27 + 16 + 8 bits. */
export const PKG0_HEADER_LENGTH = 8;
/** A package #0 is at least digest + header, plus the server identifier. */
export const PKG0_MIN_LENGTH = PKG0_DIGEST_LENGTH + PKG0_HEADER_LENGTH;
/** length-identifier is one byte. */
export const PKG0_MAX_SERVER_ID_LENGTH = 0xff;
export const PKG0_MAX_SESSION_ID = 0xffff;

/**
 * The resynchronisation nonce: a device whose stored nonce fails retries with 4 zero bytes
 * (DM 1.2 Notification §6.3; AOSP keeps it as b64 `AAAAAA==`).
 */
export function resyncNonce(): Uint8Array {
  // A fresh array each time: a shared constant could be mutated by a caller.
  return new Uint8Array(4);
}
