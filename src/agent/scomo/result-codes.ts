import { isScomoError } from '../../errors/index.ts';
import { SCOMO_RESULTS } from '../../scomo/index.ts';
import { DOWNLOAD_RESULT_CODES } from '../download/index.ts';

/** The step of an operation that failed: it decides the result of failures that are not more precise. */
export const WORK_STEPS = ['download', 'install', 'activate', 'deactivate', 'remove'] as const;
export type WorkStep = (typeof WORK_STEPS)[number];

/** The result code of a failure of each step without a more precise cause (reference §1.9). */
export const STEP_FAILURE: Readonly<Record<WorkStep, number>> = {
  download: SCOMO_RESULTS.downloadFailed.code,
  install: SCOMO_RESULTS.installFailed.code,
  activate: SCOMO_RESULTS.activateFailed.code,
  deactivate: SCOMO_RESULTS.deactivateFailed.code,
  remove: SCOMO_RESULTS.removeFailed.code,
};

const VALIDATION = SCOMO_RESULTS.validationFailed.code;

/**
 * Error codes whose result does not depend on the step. Package problems are 1407 whenever they
 * surface (a corrupt archive found while extracting is still a validation failure, not an install
 * failure); EnvType 1413; a command installer's "not implemented" 1411.
 */
const FIXED: Readonly<Record<string, number>> = {
  ...DOWNLOAD_RESULT_CODES,
  SCOMO_PACKAGE_ARCHIVE: VALIDATION,
  SCOMO_PACKAGE_MANIFEST: VALIDATION,
  SCOMO_PACKAGE_UNSAFE_ENTRY: VALIDATION,
  SCOMO_PACKAGE_TOO_LARGE: VALIDATION,
  SCOMO_PACKAGE_DIGEST: VALIDATION,
  SCOMO_PACKAGE_SIGNATURE: VALIDATION,
  SCOMO_PACKAGE_ENV_TYPE: SCOMO_RESULTS.unsupportedEnvType.code,
  SCOMO_PACKAGE_DEPENDENCY: SCOMO_RESULTS.installFailed.code,
  SCOMO_INSTALL_NOT_SUPPORTED: SCOMO_RESULTS.notImplemented.code,
};

/**
 * The SCOMO result code reporting `err` as the failure of `step` (issue "failures mapped"):
 * out of space is 1404 while downloading and 1406 afterwards; everything the installer or a hook
 * reports falls back to the step's own code (install 1405, activate 1409, deactivate 1410,
 * remove 1408); anything unexpected too.
 */
export function resultCodeFor(err: unknown, step: WorkStep): number {
  if (!isScomoError(err)) return STEP_FAILURE[step];
  if (err.code === 'SCOMO_STORAGE_FULL') {
    return step === 'download'
      ? SCOMO_RESULTS.downloadOutOfMemory.code
      : SCOMO_RESULTS.installOutOfMemory.code;
  }
  return FIXED[err.code] ?? STEP_FAILURE[step];
}
