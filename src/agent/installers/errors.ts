import { ScomoError } from '../../errors/index.ts';

/**
 * Stable error codes of the installers. Which SCOMO result code each becomes depends on the operation
 * that failed (install 1405, activate 1409, deactivate 1410, remove 1408; reference §1.9); see
 * src/agent/scomo/result-codes.ts.
 */
export const INSTALLER_ERROR_CODES = [
  /** A hook or the installer command exited non-zero or was killed. */
  'SCOMO_INSTALL_HOOK_FAILED',
  /** A hook or the installer command ran past its time limit and was killed. */
  'SCOMO_INSTALL_HOOK_TIMEOUT',
  /** The operation names a component the installer does not have. */
  'SCOMO_INSTALL_UNKNOWN_COMPONENT',
  /** The component is not in a state that allows the operation (e.g. Activate on an active one). */
  'SCOMO_INSTALL_WRONG_STATE',
  /** The installer command reported that it does not implement the operation (exit code 4 → 1411). */
  'SCOMO_INSTALL_NOT_SUPPORTED',
  /** The installer's own records cannot be read or written. */
  'SCOMO_INSTALL_STATE',
  /** An installer option is invalid (configuration error). */
  'SCOMO_INSTALL_BAD_OPTION',
] as const;

export type InstallerErrorCode = (typeof INSTALLER_ERROR_CODES)[number];

export function installerError(code: InstallerErrorCode, message: string, cause?: unknown): ScomoError {
  return new ScomoError(code, message, cause === undefined ? {} : { cause });
}
