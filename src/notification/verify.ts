import { timingSafeEqual } from 'node:crypto';
import { triggerDigest } from './digest.ts';
import { PKG0_DIGEST_LENGTH, resyncNonce } from './vocabulary.ts';
import type { DecodedTrigger, TriggerSecret, TriggerVerdict } from './types.ts';

const LIBDMCLIENT_RESYNC_NONCE = new TextEncoder().encode('0x00000000');

/**
 * Checks the digest of a decoded package #0: first with the stored nonce, then with the
 * resynchronisation nonce of 4 zero bytes (DM 1.2 Notification §6.3; reference §4.2). On
 * 'ok-resync' the session's package #1 Cred also uses the zero nonce and both sides issue fresh
 * nonces; on 'bad-digest' the device ignores the notification.
 */
export function verifyTrigger(decoded: DecodedTrigger, secret: TriggerSecret): TriggerVerdict {
  const identifier = secret.serverIdentifier ?? decoded.serverId;
  const matches = (nonce: Uint8Array): boolean => {
    const expected = triggerDigest(identifier, secret.serverPassword, nonce, decoded.trigger);
    return decoded.digest.length === PKG0_DIGEST_LENGTH && timingSafeEqual(decoded.digest, expected);
  };
  if (matches(secret.nonce)) return 'ok';
  if (matches(resyncNonce())) return 'ok-resync';
  // libdmclient resynchronises with the ASCII text "0x00000000" instead of four zero bytes
  // (reference §4.2); accept that variant on input so its servers' triggers still work.
  if (matches(LIBDMCLIENT_RESYNC_NONCE)) return 'ok-resync';
  return 'bad-digest';
}
