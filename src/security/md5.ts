import { createHash, timingSafeEqual } from 'node:crypto';
import { fromB64, toB64 } from './base64.ts';
import { utf8 } from './utf8.ts';

const COLON = Uint8Array.of(0x3a);
const MD5_LENGTH = 16;

/** MD5 of the concatenation of `parts` (strings as UTF-8). */
export function md5(...parts: readonly (Uint8Array | string)[]): Uint8Array {
  const hash = createHash('md5');
  for (const part of parts) hash.update(typeof part === 'string' ? utf8(part) : part);
  return new Uint8Array(hash.digest());
}

/** `B64(MD5(name ":" password))`: the storable password equivalent (DM 1.2 Security §5.3.2). */
export function passwordEquivalent(name: string, password: string): string {
  return toB64(md5(name, COLON, password));
}

/**
 * `B64(MD5(equivalent ":" nonce [":" B64(MD5(body))]))`: the one chain behind the MD5 Cred
 * (`syncml:auth-md5`, reference §3.2) and the HMAC mac (`syncml:auth-MAC`, reference §3.4).
 */
export function md5Chain(equivalent: string, nonce: Uint8Array, body?: Uint8Array): string {
  const parts: (Uint8Array | string)[] = [equivalent, COLON, nonce];
  if (body !== undefined) parts.push(COLON, toB64(md5(body)));
  return toB64(md5(...parts));
}

/**
 * Constant-time check that the base64 `presented` value is the same 16-byte MD5 as the base64
 * `expected` value. Anything that is not base64 of 16 bytes is simply not equal.
 */
export function sameB64Md5(presented: string, expected: string): boolean {
  const a = fromB64(presented);
  const b = fromB64(expected);
  if (a === undefined || b === undefined || a.length !== MD5_LENGTH || b.length !== MD5_LENGTH) return false;
  return timingSafeEqual(a, b);
}
