import { ScomoError } from '../../errors/index.ts';

/**
 * Stable error codes of src/agent/packages (vocabulary as data). Most mean "the
 * package is not acceptable" and become SCOMO result 1407 on the device (reference §1.9); see
 * src/agent/scomo/result-codes.ts for the complete mapping.
 */
export const PACKAGE_ERROR_CODES = [
  /** Not a tar.gz, tar or zip archive, or a corrupt / truncated / unsupported one. */
  'SCOMO_PACKAGE_ARCHIVE',
  /** scomo.json is missing, not JSON, or does not follow the manifest format. */
  'SCOMO_PACKAGE_MANIFEST',
  /** An entry would land outside the install directory, or is a device file, FIFO or unsafe link. */
  'SCOMO_PACKAGE_UNSAFE_ENTRY',
  /** The archive exceeds the entry-count or uncompressed-size limits (zip bomb defence). */
  'SCOMO_PACKAGE_TOO_LARGE',
  /** The package's sha256 differs from the expected digest. */
  'SCOMO_PACKAGE_DIGEST',
  /** The detached Ed25519 signature is missing (when required), malformed or not from a trusted key. */
  'SCOMO_PACKAGE_SIGNATURE',
  /** The package (or one of its components) needs an EnvType this device does not run (1413). */
  'SCOMO_PACKAGE_ENV_TYPE',
  /** A component depends on a component (version) that is neither deployed nor in the package (1405). */
  'SCOMO_PACKAGE_DEPENDENCY',
  /** A trusted key given in the options is not an Ed25519 public key (configuration error). */
  'SCOMO_PACKAGE_BAD_KEY',
  /** The state directory (or the quota for it) has no room for the bytes to write (1404 / 1406). */
  'SCOMO_STORAGE_FULL',
] as const;

export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

export function packageError(
  code: PackageErrorCode,
  message: string,
  details: { readonly offset?: number; readonly cause?: unknown } = {},
): ScomoError {
  return new ScomoError(code, message, details);
}
