// Base64 as used by SyncML Format `b64` (RFC 2045 alphabet). Buffer's own decoder silently skips
// characters outside the alphabet, so input is validated here first: a credential that is not
// base64 must be reported, not decoded into something else.

const ALPHABET = /^[A-Za-z0-9+/]*$/;
// XML content may be wrapped or indented; RFC 2045 decoders ignore line breaks.
const WHITESPACE = /[ \t\r\n]+/g;

/** Encodes bytes as padded base64. */
export function toB64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes base64, or returns undefined when `text` is not base64. Lenient as peers are: whitespace
 * is ignored and the `=` padding may be missing; anything else outside the alphabet is rejected.
 */
export function fromB64(text: string): Uint8Array | undefined {
  const compact = text.replace(WHITESPACE, '');
  const body = compact.replace(/={1,2}$/, '');
  if (!ALPHABET.test(body)) return undefined;
  const padded = body.length !== compact.length;
  if (padded ? compact.length % 4 !== 0 : body.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(body, 'base64'));
}
