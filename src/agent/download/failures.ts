import { isScomoError } from '../../errors/index.ts';
import type { ScomoError } from '../../errors/index.ts';
import { downloadError } from './errors.ts';

/** A failed attempt: the error to report if it is the last one, and whether another attempt may help. */
export interface AttemptFailure {
  readonly error: ScomoError;
  readonly retry: boolean;
}

/**
 * Maps an HTTP status that is not 200/206 to a failure (issue: 401/403 → 1403, 5xx → 1500, other
 * 4xx → 1402). 408 and 429 are the server asking to come back later: retried, and reported as a
 * server error if they last.
 */
export function statusFailure(status: number, url: string): AttemptFailure {
  if (status === 401 || status === 403) {
    return {
      retry: false,
      error: downloadError(
        'SCOMO_DOWNLOAD_AUTH',
        `${url} refused the download with HTTP ${status}: the credentials in the URL or the agent's configuration are not accepted.`,
      ),
    };
  }
  if (status >= 500 || status === 408 || status === 429) {
    return {
      retry: true,
      error: downloadError(
        'SCOMO_DOWNLOAD_SERVER_ERROR',
        `${url} answered HTTP ${status}; expected 200 or 206.`,
      ),
    };
  }
  return {
    retry: false,
    error: downloadError(
      'SCOMO_DOWNLOAD_HTTP_STATUS',
      `${url} answered HTTP ${status}; expected 200 or 206.`,
    ),
  };
}

/**
 * Maps a thrown error of an attempt. ScomoErrors are already judged (only a 5xx answer and a cut
 * transfer are retried); socket, DNS and timeout failures become SCOMO_DOWNLOAD_UNREACHABLE and are retried
 * (a cut transfer resumes with Range); TLS verification failures are not retried.
 */
export function thrownFailure(err: unknown, url: string, signal: AbortSignal | undefined): AttemptFailure {
  if (signal?.aborted === true) {
    return {
      retry: false,
      error: downloadError(
        'SCOMO_DOWNLOAD_ABORTED',
        `The download of ${url} was stopped: the agent is stopping.`,
        err,
      ),
    };
  }
  if (isScomoError(err)) {
    return {
      retry: err.code === 'SCOMO_DOWNLOAD_UNREACHABLE' || err.code === 'SCOMO_DOWNLOAD_SERVER_ERROR',
      error: err,
    };
  }
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const detail = code === undefined || message.includes(code) ? message : `${code}: ${message}`;
  const tls =
    code !== undefined && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL'));
  return {
    retry: !tls,
    error: downloadError(
      'SCOMO_DOWNLOAD_UNREACHABLE',
      `Cannot download ${url} (${detail || 'no detail'}).`,
      err,
    ),
  };
}

function errorCode(err: unknown, depth = 0): string | undefined {
  // undici wraps socket errors; a connect may fail with an AggregateError (one per address).
  if (depth > 4 || !(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '' && code !== 'UND_ERR_CONNECT') return code;
  if (err instanceof AggregateError) {
    for (const inner of err.errors) {
      const found = errorCode(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return errorCode(err.cause, depth + 1);
}
