/**
 * How a failure to handle a DM request maps onto HTTP (the rule: protocol errors are SyncML
 * statuses in an HTTP 200; 4xx only for bodies that are not SyncML; never 500 on bad input).
 * Vocabulary as data: error code → HTTP status. Codes not listed are bugs or outages: 500.
 */
export const HTTP_STATUS_FOR_CODE = {
  // The body is not a SyncML DM message (src/server codec.ts).
  SCOMO_SERVER_NOT_SYNCML: 400,
  SCOMO_SERVER_UNSUPPORTED_MEDIA_TYPE: 415,
  // Another node changed the session while this one worked on it: the client may send the same
  // message again (agents retry on 5xx; the retransmission gets the cached reply).
  SCOMO_SERVER_SESSION_CONFLICT: 503,
  // The store is busy or unreachable: nothing was answered, so a retry is safe.
  SCOMO_STORE_BUSY: 503,
  SCOMO_STORE_CLOSED: 503,
  SCOMO_STORE_OPEN: 503,
  SCOMO_STORE_QUERY: 503,
  // fastify's body reader.
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_EMPTY_TYPE: 415,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
} as const satisfies Readonly<Record<string, number>>;

export type MappedErrorCode = keyof typeof HTTP_STATUS_FOR_CODE;

/** Status codes after which a retry of the same request may succeed. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([503]);

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** The HTTP status for an error thrown while handling a DM request. */
export function statusForError(error: unknown): number {
  const code = codeOf(error);
  if (code !== undefined && Object.hasOwn(HTTP_STATUS_FOR_CODE, code)) {
    return HTTP_STATUS_FOR_CODE[code as MappedErrorCode];
  }
  // Errors from the HTTP framework itself (a client that aborts, a malformed request) carry their own
  // 4xx; anything else is ours.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return statusCode;
  return 500;
}

export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
