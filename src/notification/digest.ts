import { createHash } from 'node:crypto';
import { utf8 } from './utf8.ts';

// DM 1.2 Notification §6.3 (reference §4.2):
// digest = MD5(B64(MD5(server-identifier ":" password)) ":" nonce ":" B64(MD5(trigger)))
// The same chain as the HMAC of src/security; repeated here because L1 folders may not import each
// other.

function md5(...parts: readonly (Uint8Array | string)[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(typeof part === 'string' ? utf8(part) : part);
  return hash.digest();
}

/** The 16-byte digest of a trigger (everything after the digest field). */
export function triggerDigest(
  serverIdentifier: string,
  serverPassword: string,
  nonce: Uint8Array,
  trigger: Uint8Array,
): Uint8Array {
  const secret = md5(serverIdentifier, ':', serverPassword).toString('base64');
  const body = md5(trigger).toString('base64');
  return new Uint8Array(md5(secret, ':', nonce, ':', body));
}
