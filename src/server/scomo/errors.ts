import { ScomoError } from '../../errors/index.ts';
import type { ScomoErrorDetails } from '../../errors/index.ts';

/**
 * Stable codes of the SCOMO service. Thrown for local failures (a bad package, a bad request); the
 * same codes are recorded as values on jobs for what goes wrong with a device (no SCOMO root, no
 * matching variant, a DM Status error), never thrown across layers (DESIGN.md "Errors").
 */
export const SCOMO_SERVER_ERROR_CODES = [
  /** The package is not a tar.gz, tar or zip archive, or is damaged. */
  'SCOMO_SERVER_PACKAGE_ARCHIVE',
  /** The package has no valid `scomo.json` at its root. */
  'SCOMO_SERVER_PACKAGE_MANIFEST',
  /** Another archive is already stored for the same package, version and device match. */
  'SCOMO_SERVER_PACKAGE_CONFLICT',
  /** No stored package has this id (and version). */
  'SCOMO_SERVER_PACKAGE_NOT_FOUND',
  /** The signing key is not an Ed25519 private key. */
  'SCOMO_SERVER_SIGNING_KEY',
  /** No variant of the package matches the device (5.4.1 step 2). */
  'SCOMO_SERVER_NO_VARIANT',
  /** A request names an unknown operation or is missing what the operation needs. */
  'SCOMO_SERVER_BAD_REQUEST',
  'SCOMO_SERVER_JOB_NOT_FOUND',
  /** A stored job body does not have the shape this build writes. */
  'SCOMO_SERVER_JOB_CORRUPT',
  /** A job kept changing under concurrent updates beyond the retry bound. */
  'SCOMO_SERVER_JOB_CONFLICT',
  /** The device has no node whose Type is a SCOMO MOID (reference §1.1). */
  'SCOMO_SERVER_NO_SCOMO_ROOT',
  /** The component or delivered package the operation names is not in the device's inventory. */
  'SCOMO_SERVER_NOT_ON_DEVICE',
  /** The device answered a command of the job with an error Status. */
  'SCOMO_SERVER_DEVICE_STATUS',
  /** The device reported a failed SCOMO result (reference §1.9) for the job's operation. */
  'SCOMO_SERVER_RESULT',
  /** A command of the job could not be delivered (session aborted, too large, undelivered). */
  'SCOMO_SERVER_DELIVERY',
  /** The job passed its deadline, or a command of it expired before delivery. */
  'SCOMO_SERVER_EXPIRED',
  /** An operator cancelled the job. */
  'SCOMO_SERVER_CANCELLED',
  /** A device request alert was refused by the server's policy. */
  'SCOMO_SERVER_REQUEST_DENIED',
] as const;

export type ScomoServerErrorCode = (typeof SCOMO_SERVER_ERROR_CODES)[number];

export function scomoServerError(
  code: ScomoServerErrorCode,
  message: string,
  details: ScomoErrorDetails = {},
): ScomoError {
  return new ScomoError(code, message, details);
}
