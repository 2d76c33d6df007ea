import { md5Chain, passwordEquivalent, sameB64Md5 } from './md5.ts';
import { equivalentOf } from './secret.ts';
import type { Md5Secret } from './secret.ts';

// syncml:auth-md5: Data = B64(MD5(B64(MD5(name ":" password)) ":" nonce)), Format b64; the user
// name travels in SyncHdr Source/LocName (DM 1.2 Security §5.3.2; reference §3.2).

/** The Cred Data of `syncml:auth-md5` for `nonce` (the raw bytes of the peer's NextNonce). */
export function md5Digest(name: string, password: string, nonce: Uint8Array): string {
  return md5Chain(passwordEquivalent(name, password), nonce);
}

/** As md5Digest, from the stored password equivalent `B64(MD5(name ":" password))`. */
export function md5DigestFromEquivalent(equivalent: string, nonce: Uint8Array): string {
  return md5Chain(equivalent, nonce);
}

/**
 * True when `data` (the received Cred Data) is the MD5 digest of `secret` for `nonce`, compared in
 * constant time. For the lenient nonce handling of reference §3.2, call it once per candidate of
 * nonceCandidates().
 */
export function verifyMd5(data: string, secret: Md5Secret, nonce: Uint8Array): boolean {
  return sameB64Md5(data, md5Chain(equivalentOf(secret), nonce));
}
