import { ScomoError } from '../../errors/index.ts';
import { agentError } from '../errors.ts';

export interface FailureVerdict {
  readonly error: ScomoError;
  /** True when the message may be sent again: nothing of a response had arrived. */
  readonly retry: boolean;
}

/** Socket-level codes that mean "the request did not get through": safe to send again. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']);

/**
 * Maps an undici / socket failure to a ScomoError and says whether a retry is allowed. Failures after
 * the response headers arrived (body timeout, oversize answer, cut body) are never retried.
 */
export function classifyFailure(
  err: unknown,
  url: string,
  signal: AbortSignal | undefined,
  context: { readonly afterHeaders?: boolean } = {},
): FailureVerdict {
  // Already judged (a non-2xx status, a failure while reading the body): final as it is.
  if (err instanceof ScomoError) return { retry: false, error: err };
  if (signal?.aborted === true) {
    return {
      retry: false,
      error: agentError('SCOMO_AGENT_ABORTED', `Sending to ${url} was aborted: the agent is stopping.`, err),
    };
  }
  const code = codeOf(err);
  const detail = describe(err, code);
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return {
      retry: false,
      error: agentError(
        'SCOMO_AGENT_RESPONSE_TOO_LARGE',
        `${url} sent an answer larger than the agent accepts (${detail}).`,
        err,
      ),
    };
  }
  if (context.afterHeaders === true || code === 'UND_ERR_BODY_TIMEOUT') {
    const timeout = code === 'UND_ERR_BODY_TIMEOUT';
    return {
      retry: false,
      error: agentError(
        timeout ? 'SCOMO_AGENT_TIMEOUT' : 'SCOMO_AGENT_UNREACHABLE',
        `${url} stopped sending its answer midway (${detail}); the message is not re-sent because the server may have acted on it.`,
        err,
      ),
    };
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return {
      retry: true,
      error: agentError('SCOMO_AGENT_TIMEOUT', `${url} did not answer in time (${detail}).`, err),
    };
  }
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || isSocketErrno(code))) {
    return {
      retry: true,
      error: agentError('SCOMO_AGENT_UNREACHABLE', `Cannot reach ${url} (${detail}).`, err),
    };
  }
  // Anything else (TLS verification, an invalid URL, a bug) does not get better by retrying.
  return {
    retry: false,
    error: agentError('SCOMO_AGENT_UNREACHABLE', `Cannot send to ${url} (${detail}).`, err),
  };
}

function codeOf(err: unknown, depth = 0): string | undefined {
  // undici wraps socket errors, and Node's connect may report an AggregateError (one per address):
  // the useful code can sit a few causes deep.
  if (depth > 4 || !(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.length > 0 && code !== 'UND_ERR_CONNECT') return code;
  if (err instanceof AggregateError) {
    for (const inner of err.errors) {
      const found = codeOf(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return codeOf(err.cause, depth + 1);
}

function describe(err: unknown, code: string | undefined): string {
  const message = err instanceof Error ? err.message : String(err);
  return code === undefined || message.includes(code) ? message || 'no detail' : `${code}: ${message}`;
}

/** errno-style socket codes (ECONNABORTED, ENETDOWN, …), not Node's ERR_* codes such as TLS failures. */
function isSocketErrno(code: string): boolean {
  return /^E[A-Z]+$/.test(code);
}
