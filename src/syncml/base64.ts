/**
 * Base64 (RFC 4648 §4) without Node's Buffer: this layer runs unchanged in a browser (DESIGN.md L1).
 * Used where XML must carry bytes (reference §6.6: binary over XML is always b64).
 */
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Decodes base64, ignoring whitespace; undefined when the text is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\t\n\r ]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(compact);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
