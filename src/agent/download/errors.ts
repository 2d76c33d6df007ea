import { ScomoError } from '../../errors/index.ts';

/**
 * Stable error codes of the alternate download client. The SCOMO result each becomes (reference
 * §1.9) is fixed: see DOWNLOAD_RESULT_CODES and src/agent/scomo/result-codes.ts.
 */
export const DOWNLOAD_ERROR_CODES = [
  /** The server refused the credentials: HTTP 401 or 403 (→ 1403). */
  'SCOMO_DOWNLOAD_AUTH',
  /** The server answered another 4xx, e.g. 404 (→ 1402). */
  'SCOMO_DOWNLOAD_HTTP_STATUS',
  /** The server kept failing with 5xx after every retry (→ 1500). */
  'SCOMO_DOWNLOAD_SERVER_ERROR',
  /** The server could not be reached, did not answer in time or kept cutting the transfer (→ 1501). */
  'SCOMO_DOWNLOAD_UNREACHABLE',
  /** PkgURL is not an http(s) URL, or a redirect / objectURI is unusable (→ 1402). */
  'SCOMO_DOWNLOAD_BAD_URL',
  /** The OMA DL download descriptor is not valid (→ 1402; 906 to installNotifyURI). */
  'SCOMO_DOWNLOAD_DESCRIPTOR',
  /** The object differs from what the descriptor or the server promised: size or type (→ 1402; 905). */
  'SCOMO_DOWNLOAD_MISMATCH',
  /** The object is larger than the agent accepts at all (→ 1404). */
  'SCOMO_DOWNLOAD_TOO_LARGE',
  /** The download was stopped by its AbortSignal (the agent is stopping): no result, it resumes later. */
  'SCOMO_DOWNLOAD_ABORTED',
] as const;

export type DownloadErrorCode = (typeof DOWNLOAD_ERROR_CODES)[number];

/** The SCOMO result code of each download failure (reference §1.9). */
export const DOWNLOAD_RESULT_CODES = {
  SCOMO_DOWNLOAD_AUTH: 1403,
  SCOMO_DOWNLOAD_HTTP_STATUS: 1402,
  SCOMO_DOWNLOAD_SERVER_ERROR: 1500,
  SCOMO_DOWNLOAD_UNREACHABLE: 1501,
  SCOMO_DOWNLOAD_BAD_URL: 1402,
  SCOMO_DOWNLOAD_DESCRIPTOR: 1402,
  SCOMO_DOWNLOAD_MISMATCH: 1402,
  SCOMO_DOWNLOAD_TOO_LARGE: 1404,
  SCOMO_DOWNLOAD_ABORTED: 1402,
} as const satisfies Record<DownloadErrorCode, number>;

export function downloadError(code: DownloadErrorCode, message: string, cause?: unknown): ScomoError {
  return new ScomoError(code, message, cause === undefined ? {} : { cause });
}
