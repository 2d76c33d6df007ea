import { nonceCandidates, nonceFromB64, nonceToB64 } from '../../../security/index.ts';

const EMPTY = new Uint8Array(0);
const UTF8 = new TextEncoder();

/**
 * The nonce bytes of a received NextNonce: base64-decoded (DM 1.2 Security §5.3.2 requires Format b64);
 * a text that is not base64 is used as its UTF-8 bytes, as lenient stacks do (reference §3.2).
 */
export function receivedNonce(text: string): Uint8Array {
  try {
    return nonceFromB64(text);
  } catch {
    return UTF8.encode(text);
  }
}

/** The nonces to try when verifying against a stored nonce: itself, then its b64 text's bytes (AOSP). */
export function storedNonceCandidates(stored: Uint8Array | undefined): Uint8Array[] {
  if (stored === undefined || stored.length === 0) return [EMPTY];
  return nonceCandidates(nonceToB64(stored));
}

export function orEmpty(nonce: Uint8Array | undefined): Uint8Array {
  return nonce ?? EMPTY;
}
