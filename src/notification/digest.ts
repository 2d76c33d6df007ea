import { computeHmacMac, nonceFromB64 } from '../security/index.ts';

/**
 * The 16-byte digest of a trigger (everything after the digest field). DM 1.2 Notification §6.3
 * (reference §4.2): MD5(B64(MD5(server-identifier ":" password)) ":" nonce ":" B64(MD5(trigger))),
 * the same chain as the HMAC-MD5 mac of reference §3.4, so it is computed by that primitive.
 */
export function triggerDigest(
  serverIdentifier: string,
  serverPassword: string,
  nonce: Uint8Array,
  trigger: Uint8Array,
): Uint8Array {
  const mac = computeHmacMac(serverIdentifier, serverPassword, nonce, trigger);
  return nonceFromB64(mac);
}
