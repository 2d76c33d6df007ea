/**
 * Detached Ed25519 package signatures (RFC 8032), in the convention the agent verifies: the
 * signature is over the UTF-8 statement `scomo-package-signature-v1\nsha256:<hex>\n` rather than the
 * raw bytes, so a device checks a package of any size while streaming it once. The signature is the
 * raw 64 bytes, stored next to the blob and served at `<package URL>.sig`.
 */
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { scomoServerError } from '../errors.ts';

export const SIGNATURE_SIDECAR = 'sig';

/** What a package signature signs (must stay byte-identical to the agent's statement). */
export function signatureStatement(sha256Hex: string): Uint8Array {
  return new TextEncoder().encode(`scomo-package-signature-v1\nsha256:${sha256Hex.toLowerCase()}\n`);
}

/** A signing key: PKCS#8 PEM text or bytes, or a KeyObject. */
export type SigningKeyInput = string | Uint8Array | KeyObject;

export function loadSigningKey(input: SigningKeyInput): KeyObject {
  let key: KeyObject;
  try {
    key = input instanceof KeyObject ? input : createPrivateKey({ key: Buffer.from(input) });
  } catch (error) {
    throw scomoServerError(
      'SCOMO_SERVER_SIGNING_KEY',
      `The signing key cannot be read (${error instanceof Error ? error.message : String(error)}); expected an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519).`,
      { cause: error },
    );
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw scomoServerError(
      'SCOMO_SERVER_SIGNING_KEY',
      `The signing key is a ${key.asymmetricKeyType ?? key.type} ${key.type} key; expected an Ed25519 private key.`,
    );
  }
  return key;
}

/** A short id of a public key: 16 hex digits of the sha256 of its SPKI DER encoding. */
export function keyId(key: KeyObject): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

export function signPackage(key: KeyObject, sha256Hex: string): { signature: Uint8Array; keyId: string } {
  return { signature: new Uint8Array(sign(null, signatureStatement(sha256Hex), key)), keyId: keyId(key) };
}

/** Verifies a signature with a public (or private) key, as a device would. */
export function verifyPackageSignature(key: KeyObject, sha256Hex: string, signature: Uint8Array): boolean {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return verify(null, signatureStatement(sha256Hex), publicKey, signature);
}
