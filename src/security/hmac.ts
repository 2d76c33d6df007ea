import { md5Chain, passwordEquivalent, sameB64Md5 } from './md5.ts';
import { equivalentOf } from './secret.ts';
import type { Md5Secret } from './secret.ts';
import type { HmacHeader } from './hmac-header.ts';

// syncml:auth-MAC (DM 1.2 Security §5.5; reference §3.4):
// mac = B64(MD5(B64(MD5(username ":" password)) ":" nonce ":" B64(MD5(body))))
// where body is the exact HTTP entity (XML text or WBXML bytes).

export function computeHmacMac(
  username: string,
  password: string,
  nonce: Uint8Array,
  body: Uint8Array,
): string {
  return md5Chain(passwordEquivalent(username, password), nonce, body);
}

/** As computeHmacMac, from the stored password equivalent `B64(MD5(username ":" password))`. */
export function computeHmacMacFromEquivalent(
  equivalent: string,
  nonce: Uint8Array,
  body: Uint8Array,
): string {
  return md5Chain(equivalent, nonce, body);
}

/**
 * True when the parsed x-syncml-hmac header names `secret.name` and its mac matches `body` for
 * `nonce` (constant-time comparison of the mac). The caller also checks that the username equals
 * the SyncHdr Source/LocName (reference §3.4).
 */
export function verifyHmac(
  header: HmacHeader,
  secret: Md5Secret,
  nonce: Uint8Array,
  body: Uint8Array,
): boolean {
  const macOk = sameB64Md5(header.mac, md5Chain(equivalentOf(secret), nonce, body));
  return macOk && header.username === secret.name;
}
