/**
 * SCOMO result codes (reference §1.9; OMA-TS-DM-SCOMO-V1_0 §8.7 as cited by Verizon, matched by
 * Redbend) and the Generic Alert Mark severity scomo attaches to each (reference §2.10: failures
 * SHOULD use a severity other than informational).
 *
 * Severity choice (scomo's, documented in README.md): success is informational; the user declining
 * or the network/download server failing is a warning (nothing is wrong with the device, a retry may
 * work); a capability mismatch (not implemented, unsupported EnvType) is minor; a failure that left
 * the device short of memory, or an install/remove/activation that went wrong, is critical.
 */
import type { MarkSeverity } from '../../syncml/index.ts';

export const SCOMO_RESULTS = {
  successful: { code: 1200, meaning: 'Successful', mark: 'informational' },
  clientError: { code: 1400, meaning: 'Client error (user or device behaviour)', mark: 'critical' },
  userCancelled: { code: 1401, meaning: 'User chose not to accept the operation', mark: 'warning' },
  downloadFailed: { code: 1402, meaning: 'Download failed', mark: 'warning' },
  downloadAuthFailed: {
    code: 1403,
    meaning: 'Alternate download: authentication failure',
    mark: 'warning',
  },
  downloadOutOfMemory: { code: 1404, meaning: 'Download failed: device out of memory', mark: 'critical' },
  installFailed: { code: 1405, meaning: 'Install failed', mark: 'critical' },
  installOutOfMemory: { code: 1406, meaning: 'Install failed: device out of memory', mark: 'critical' },
  validationFailed: { code: 1407, meaning: 'Failed package validation (signature)', mark: 'critical' },
  removeFailed: { code: 1408, meaning: 'Remove failed', mark: 'critical' },
  activateFailed: { code: 1409, meaning: 'Activate failed', mark: 'critical' },
  deactivateFailed: { code: 1410, meaning: 'Deactivate failed', mark: 'critical' },
  notImplemented: {
    code: 1411,
    meaning: 'Not implemented: the device does not support the operation',
    mark: 'minor',
  },
  undefinedError: { code: 1412, meaning: 'Undefined error', mark: 'critical' },
  unsupportedEnvType: {
    code: 1413,
    meaning: 'Operation rejected: unsupported environment type',
    mark: 'minor',
  },
  downloadServerError: { code: 1500, meaning: 'Alternate download server error', mark: 'warning' },
  downloadServerUnavailable: {
    code: 1501,
    meaning: 'Alternate download server unavailable or not responding',
    mark: 'warning',
  },
} as const satisfies Record<string, { code: number; meaning: string; mark: MarkSeverity }>;

export type ScomoResultName = keyof typeof SCOMO_RESULTS;
export type ScomoResultCode = (typeof SCOMO_RESULTS)[ScomoResultName]['code'];

export const RESULT_CATEGORIES = ['success', 'client-error', 'download-server-error'] as const;
export type ResultCategory = (typeof RESULT_CATEGORIES)[number];

/** The ranges of §1.9; vendor sub-ranges take their own meaning and severity. */
export const RESULT_RANGES = [
  { first: 1200, last: 1249, category: 'success', vendor: false, mark: 'informational' },
  { first: 1250, last: 1299, category: 'success', vendor: true, mark: 'informational' },
  { first: 1400, last: 1449, category: 'client-error', vendor: false, mark: 'critical' },
  { first: 1450, last: 1499, category: 'client-error', vendor: true, mark: 'critical' },
  { first: 1500, last: 1549, category: 'download-server-error', vendor: false, mark: 'warning' },
  { first: 1550, last: 1599, category: 'download-server-error', vendor: true, mark: 'warning' },
] as const satisfies readonly {
  first: number;
  last: number;
  category: ResultCategory;
  vendor: boolean;
  mark: MarkSeverity;
}[];

const CATEGORY_MEANING: Readonly<Record<ResultCategory, string>> = {
  success: 'Successful',
  'client-error': 'Client error',
  'download-server-error': 'Alternate download server error',
};

export interface ResultCodeInfo {
  readonly code: number;
  /** The named code, absent for an unnamed code inside a range (e.g. a vendor code). */
  readonly name?: ScomoResultName;
  readonly meaning: string;
  readonly category: ResultCategory;
  /** Inside a vendor-specified range (1250–1299, 1450–1499, 1550–1599). */
  readonly vendor: boolean;
  readonly success: boolean;
  readonly mark: MarkSeverity;
}

const BY_CODE: ReadonlyMap<number, ScomoResultName> = new Map(
  (Object.keys(SCOMO_RESULTS) as ScomoResultName[]).map((name) => [SCOMO_RESULTS[name].code, name]),
);

/** What a result code means, or undefined when it lies outside every range of §1.9. */
export function resultCodeInfo(code: number): ResultCodeInfo | undefined {
  if (!Number.isInteger(code)) return undefined;
  const range = RESULT_RANGES.find((r) => code >= r.first && code <= r.last);
  if (range === undefined) return undefined;
  const name = BY_CODE.get(code);
  const success = range.category === 'success';
  if (name !== undefined) {
    const entry = SCOMO_RESULTS[name];
    return {
      code,
      name,
      meaning: entry.meaning,
      category: range.category,
      vendor: false,
      success,
      mark: entry.mark,
    };
  }
  const meaning = range.vendor
    ? `${CATEGORY_MEANING[range.category]}, vendor-specified (${code})`
    : `${CATEGORY_MEANING[range.category]} (${code})`;
  return { code, meaning, category: range.category, vendor: range.vendor, success, mark: range.mark };
}

/** 1200–1299: the operation succeeded (reference §1.9). */
export function isSuccessResult(code: number): boolean {
  return Number.isInteger(code) && code >= 1200 && code <= 1299;
}

/** A code inside one of the ranges of §1.9. */
export function isResultCode(code: unknown): code is number {
  return typeof code === 'number' && resultCodeInfo(code) !== undefined;
}

/** A failure code an agent may report (14xx, 15xx). */
export function isFailureResult(code: unknown): code is number {
  return isResultCode(code) && !isSuccessResult(code);
}

/** The Mark scomo's agent puts on an alert carrying `code`; critical for a code outside §1.9. */
export function markForResult(code: number): MarkSeverity {
  return resultCodeInfo(code)?.mark ?? 'critical';
}

/** A human meaning for any code, including ones outside §1.9. */
export function resultMeaning(code: number): string {
  return resultCodeInfo(code)?.meaning ?? `Unknown SCOMO result code ${code}`;
}
