import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { packageError } from './errors.ts';

/** A trusted signing key: SPKI PEM text, a raw 32-byte Ed25519 key (bytes, hex or base64), or a KeyObject. */
export type TrustedKey = string | Uint8Array | KeyObject;

/** Signatures: 'optional' checks one when present; 'required' refuses unsigned packages. */
export const SIGNATURE_POLICIES = ['optional', 'required'] as const;
export type SignaturePolicy = (typeof SIGNATURE_POLICIES)[number];

export interface PackageTrust {
  readonly keys: readonly KeyObject[];
  readonly policy: SignaturePolicy;
}

/** The detached signature's file name is the package's plus this suffix. */
export const SIGNATURE_SUFFIX = '.sig';

/**
 * Packages up to this size may also be signed over their raw bytes (`openssl pkeyutl -sign -rawin`);
 * larger ones only through the digest statement, which never needs the package in memory.
 */
export const MAX_RAW_SIGNED_BYTES = 64 * 1024 * 1024;

const ED25519_SIGNATURE_BYTES = 64;
const ED25519_KEY_BYTES = 32;

/** Compiles the trusted keys once (at the edge); a key that is not Ed25519 is a configuration error. */
export function createPackageTrust(
  keys: readonly TrustedKey[] = [],
  policy: SignaturePolicy = 'optional',
): PackageTrust {
  return { keys: keys.map((key, i) => toPublicKey(key, i)), policy };
}

/**
 * What a package signature signs (the scomo convention, documented in README.md): the UTF-8 text
 * `scomo-package-signature-v1\nsha256:<64 lowercase hex digits>\n`. Signing this statement instead of
 * the raw bytes lets a device verify a package of any size while streaming it once (Ed25519 itself is
 * not a streaming signature, RFC 8032 §5.1.6).
 */
export function signatureStatement(sha256Hex: string): Uint8Array {
  return new TextEncoder().encode(`scomo-package-signature-v1\nsha256:${sha256Hex.toLowerCase()}\n`);
}

/** Streams the file through sha256; lowercase hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Normalizes an expected digest: 64 hex digits or 44 base64 characters, optionally prefixed with
 * "sha256:" / "sha-256=" (the forms download descriptors and HTTP Digest headers use).
 */
export function normalizeSha256(text: string): string {
  const body = text.trim().replace(/^sha-?256[:=]/i, '');
  if (/^[0-9a-fA-F]{64}$/.test(body)) return body.toLowerCase();
  if (/^[A-Za-z0-9+/]{43}=$/.test(body)) return Buffer.from(body, 'base64').toString('hex');
  throw packageError(
    'SCOMO_PACKAGE_DIGEST',
    `The expected digest "${text.slice(0, 80)}" is not a sha256 (64 hex digits or base64).`,
  );
}

/** Decodes a detached signature: 64 raw bytes, or their base64 / hex text. */
export function decodeSignature(bytes: Uint8Array): Uint8Array {
  if (bytes.length === ED25519_SIGNATURE_BYTES) return bytes;
  const text = new TextDecoder().decode(bytes).trim();
  if (/^[0-9a-fA-F]{128}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{86}==$/.test(text)) return Buffer.from(text, 'base64');
  throw packageError(
    'SCOMO_PACKAGE_SIGNATURE',
    `The package signature is ${bytes.length} bytes; expected a 64-byte Ed25519 signature (raw, hex or base64).`,
  );
}

/** Reads `<package>.sig` when it exists. */
export async function readDetachedSignature(packagePath: string): Promise<Uint8Array | undefined> {
  try {
    const info = await stat(packagePath + SIGNATURE_SUFFIX);
    if (info.size > 1024)
      throw packageError(
        'SCOMO_PACKAGE_SIGNATURE',
        `${packagePath}${SIGNATURE_SUFFIX} is too large to be a signature.`,
      );
    return await readFile(packagePath + SIGNATURE_SUFFIX);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export interface VerifyPackageOptions {
  readonly trust: PackageTrust;
  /** Expected digest from the download descriptor or the server; checked when given. */
  readonly expectedSha256?: string | undefined;
  /** Digest already computed while the bytes streamed in; the file is hashed when absent. */
  readonly sha256?: string | undefined;
  /** Detached signature given separately; `<package>.sig` is read when absent. */
  readonly signature?: Uint8Array | undefined;
}

export interface VerifiedPackage {
  readonly sha256: string;
  /** Index (in the trusted key list) of the key that verified the signature; absent when unsigned. */
  readonly signedBy?: number;
}

/**
 * Checks a package file before anything of it is used: sha256 against the expected digest, then the
 * detached Ed25519 signature against the trusted keys (failures → 1407, reference §1.9).
 */
export async function verifyPackage(path: string, options: VerifyPackageOptions): Promise<VerifiedPackage> {
  const sha256 = options.sha256 ?? (await sha256File(path));
  if (options.expectedSha256 !== undefined) {
    const expected = normalizeSha256(options.expectedSha256);
    if (expected !== sha256) {
      throw packageError(
        'SCOMO_PACKAGE_DIGEST',
        `The package's sha256 is ${sha256}; expected ${expected} (corrupted or substituted package).`,
      );
    }
  }
  const raw = options.signature ?? (await readDetachedSignature(path));
  if (raw === undefined) {
    if (options.trust.policy === 'required') {
      throw packageError(
        'SCOMO_PACKAGE_SIGNATURE',
        `The package has no signature and the agent's policy requires one (${SIGNATURE_SUFFIX} file or a provided signature).`,
      );
    }
    return { sha256 };
  }
  if (options.trust.keys.length === 0) {
    throw packageError(
      'SCOMO_PACKAGE_SIGNATURE',
      'The package is signed but the agent trusts no signing keys; configure trusted keys.',
    );
  }
  const signature = decodeSignature(raw);
  const statement = signatureStatement(sha256);
  let signedBy = options.trust.keys.findIndex((key) => verify(null, statement, key, signature));
  if (signedBy < 0 && (await stat(path)).size <= MAX_RAW_SIGNED_BYTES) {
    const bytes = await readFile(path);
    signedBy = options.trust.keys.findIndex((key) => verify(null, bytes, key, signature));
  }
  if (signedBy < 0) {
    throw packageError(
      'SCOMO_PACKAGE_SIGNATURE',
      'The package signature does not verify with any trusted key (tampered package or unknown signer).',
    );
  }
  return { sha256, signedBy };
}

function toPublicKey(key: TrustedKey, index: number): KeyObject {
  const bad = (why: string, cause?: unknown): never => {
    throw packageError(
      'SCOMO_PACKAGE_BAD_KEY',
      `Trusted key #${index + 1} ${why}; expected an Ed25519 public key (SPKI PEM, or 32 raw bytes as bytes, hex or base64).`,
      cause === undefined ? {} : { cause },
    );
  };
  let object: KeyObject;
  try {
    if (key instanceof KeyObject) object = key.type === 'private' ? createPublicKey(key) : key;
    else if (typeof key === 'string' && key.includes('-----BEGIN')) object = createPublicKey(key);
    else object = rawKey(typeof key === 'string' ? textKey(key) : key);
  } catch (err) {
    return bad('cannot be read', err);
  }
  if (object.asymmetricKeyType !== 'ed25519') bad(`is a ${object.asymmetricKeyType ?? object.type} key`);
  return object;
}

function textKey(text: string): Uint8Array {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  return Buffer.from(t, 'base64');
}

function rawKey(bytes: Uint8Array): KeyObject {
  if (bytes.length !== ED25519_KEY_BYTES)
    throw new Error(`a raw key has ${bytes.length} bytes, not ${ED25519_KEY_BYTES}`);
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes).toString('base64url') },
    format: 'jwk',
  });
}
