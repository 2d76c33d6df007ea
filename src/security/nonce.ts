import { securityError } from './errors.ts';
import { fromB64, toB64 } from './base64.ts';
import { utf8 } from './utf8.ts';

/** DM 1.2 Security §5.3.2: RECOMMENDED at least 16 random octets, new per session. */
export const NONCE_LENGTH = 16;

/** A source of cryptographically random bytes, e.g. node:crypto randomBytes (injected: L1 does no I/O). */
export type RandomBytes = (n: number) => Uint8Array;

export function newNonce(randomBytes: RandomBytes): Uint8Array {
  const bytes = randomBytes(NONCE_LENGTH);
  if (!(bytes instanceof Uint8Array) || bytes.length !== NONCE_LENGTH) {
    throw securityError(
      'SCOMO_NONCE_BAD_LENGTH',
      `The random source must return ${NONCE_LENGTH} bytes for a nonce.`,
    );
  }
  return Uint8Array.from(bytes);
}

/** The NextNonce text of a Chal (Format b64). */
export function nonceToB64(nonce: Uint8Array): string {
  return toB64(nonce);
}

/** The nonce bytes of a received NextNonce (Format b64); a typed error when it is not base64. */
export function nonceFromB64(text: string): Uint8Array {
  const bytes = fromB64(text);
  if (bytes === undefined) {
    throw securityError(
      'SCOMO_NONCE_BAD_B64',
      `NextNonce '${text}' is not base64; DM 1.2 requires Format b64.`,
    );
  }
  return bytes;
}

/**
 * The nonces to try when verifying against a stored NextNonce text, in order: its base64-decoded
 * bytes (the specified reading), then the undecoded string's bytes (AOSP retries with these;
 * reference §3.2). A text that is not base64 yields only the raw bytes.
 */
export function nonceCandidates(text: string): Uint8Array[] {
  const raw = utf8(text);
  const decoded = fromB64(text);
  if (decoded === undefined || Buffer.compare(decoded, raw) === 0) return [raw];
  return [decoded, raw];
}
