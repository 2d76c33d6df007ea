import { notificationError } from './errors.ts';
import { fromUtf8 } from '../security/index.ts';
import {
  INITIATORS,
  PKG0_DIGEST_LENGTH,
  PKG0_MAX_VERSION,
  PKG0_MIN_LENGTH,
  PKG0_MIN_VERSION,
  UI_MODES,
} from './vocabulary.ts';
import type { DecodedTrigger } from './types.ts';

/**
 * Decodes package #0 (DM 1.2 Notification §6.2; reference §4.1). Lenient where the text allows:
 * versions 10–13 and non-zero future-use bits are accepted. Every malformed input is a
 * SCOMO_PKG0_* error. The digest is returned, not checked: see verifyTrigger.
 */
export function decodeTrigger(bytes: Uint8Array): DecodedTrigger {
  if (!(bytes instanceof Uint8Array)) {
    throw notificationError('SCOMO_PKG0_BAD_INPUT', 'Package #0 must be given as a Uint8Array.');
  }
  if (bytes.length < PKG0_MIN_LENGTH) {
    const part = bytes.length < PKG0_DIGEST_LENGTH ? 'the 16-byte digest' : 'the 8-byte header';
    throw notificationError(
      'SCOMO_PKG0_TRUNCATED',
      `Package #0 is ${bytes.length} bytes, cut inside ${part}; expected at least ${PKG0_MIN_LENGTH} + server id length.`,
      bytes.length,
    );
  }
  const h = PKG0_DIGEST_LENGTH;
  const b0 = bytes[h] ?? 0;
  const b1 = bytes[h + 1] ?? 0;
  const version = (b0 << 2) | (b1 >> 6);
  if (version < PKG0_MIN_VERSION || version > PKG0_MAX_VERSION) {
    throw notificationError(
      'SCOMO_PKG0_UNSUPPORTED_VERSION',
      `Package #0 version field is ${version}; expected ${PKG0_MIN_VERSION}..${PKG0_MAX_VERSION} (11 is standard).`,
      h,
    );
  }
  const uiMode = UI_MODES[(b1 >> 4) & 0b11] ?? 'not-specified';
  const initiator = INITIATORS[(b1 >> 3) & 1] ?? 'client';
  const sessionId = ((bytes[h + 5] ?? 0) << 8) | (bytes[h + 6] ?? 0);
  const idLength = bytes[h + 7] ?? 0;
  if (idLength === 0) {
    throw notificationError(
      'SCOMO_PKG0_EMPTY_SERVER_ID',
      'Package #0 has a zero length-identifier; a server identifier is required.',
      h + 7,
    );
  }
  const idEnd = PKG0_MIN_LENGTH + idLength;
  if (bytes.length < idEnd) {
    throw notificationError(
      'SCOMO_PKG0_TRUNCATED',
      `Package #0 is ${bytes.length} bytes but its server identifier needs ${idLength} bytes after offset ${PKG0_MIN_LENGTH}.`,
      bytes.length,
    );
  }
  const serverId = fromUtf8(bytes.subarray(PKG0_MIN_LENGTH, idEnd));
  if (serverId === undefined) {
    throw notificationError(
      'SCOMO_PKG0_BAD_SERVER_ID',
      'Package #0 server identifier is not valid UTF-8.',
      PKG0_MIN_LENGTH,
    );
  }
  return {
    version,
    uiMode,
    initiator,
    sessionId,
    serverId,
    vendorData: copy(bytes, idEnd, bytes.length),
    digest: copy(bytes, 0, PKG0_DIGEST_LENGTH),
    trigger: copy(bytes, PKG0_DIGEST_LENGTH, bytes.length),
  };
}

/** A detached plain Uint8Array (Buffer#slice would return a view sharing the caller's memory). */
function copy(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}
