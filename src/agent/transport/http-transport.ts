import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { ScomoError } from '../../errors/index.ts';
import { agentError } from '../errors.ts';
import type { AgentLogger } from '../logger.ts';
import { errorFields } from '../logger.ts';
import { backoffDelay } from './backoff.ts';
import type { RandomFraction, RetryPolicy } from './backoff.ts';
import { classifyFailure } from './failures.ts';

/** One DM message to POST (reference §5: the client always POSTs to the server URI or RespURI). */
export interface OutgoingMessage {
  readonly url: string;
  readonly body: Uint8Array;
  readonly contentType: string;
  /** Extra headers from the session engine, e.g. x-syncml-hmac (reference §3.4). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The server's answer: always an HTTP 2xx here; other outcomes are thrown as ScomoErrors. */
export interface IncomingMessage {
  readonly status: number;
  /** The Content-Type header as received, parameters included; undefined when absent. */
  readonly contentType: string | undefined;
  /** Response headers, names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** The transport port of the agent: the session runner needs nothing else from the network. */
export interface Transport {
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<IncomingMessage>;
  close(): Promise<void>;
}

export interface HttpTransportOptions {
  readonly connectTimeoutMs: number;
  /** Bound on waiting for the response headers, and on each silence while the body arrives. */
  readonly responseTimeoutMs: number;
  readonly retry: RetryPolicy;
  /** Bytes; a larger answer fails the message (undici stops reading). */
  readonly maxResponseBytes: number;
  /** PEM trust anchors replacing the default CAs for https:// servers (reference §3.5). */
  readonly ca?: string | undefined;
  readonly userAgent: string;
  readonly random: RandomFraction;
  readonly logger: AgentLogger;
}

/**
 * DM over HTTP(S) with undici (reference §5). Retries transport failures and 5xx answers with
 * exponential backoff and jitter, bounded by the retry policy, and never re-sends a message once a
 * response to it has started to arrive: the server may have acted on it.
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const dispatcher = new Agent({
    connect: { timeout: options.connectTimeoutMs, ...(options.ca === undefined ? {} : { ca: options.ca }) },
    headersTimeout: options.responseTimeoutMs,
    bodyTimeout: options.responseTimeoutMs,
    maxResponseSize: options.maxResponseBytes,
  });

  async function send(message: OutgoingMessage, signal?: AbortSignal): Promise<IncomingMessage> {
    const attempts = Math.max(1, options.retry.attempts);
    for (let attempt = 1; ; attempt++) {
      const outcome = await attemptPost(dispatcher, message, options.userAgent, signal);
      let failure: ScomoError;
      if (outcome.kind === 'retryable') {
        failure = outcome.error;
      } else if (outcome.response.status < 500) {
        return checkStatus(outcome.response, message.url);
      } else {
        // 5xx: the server (or a proxy before it) failed; a DM server reports its errors as SyncML Status.
        failure = agentError(
          'SCOMO_AGENT_HTTP_STATUS',
          `${message.url} answered HTTP ${outcome.response.status}; expected 200 with a SyncML body.`,
        );
      }
      if (attempt >= attempts) throw failure;
      const delay = backoffDelay(attempt, options.retry, options.random);
      options.logger.warn(
        { url: message.url, attempt, of: attempts, retryInMs: delay, ...errorFields(failure) },
        'message not delivered; retrying',
      );
      try {
        await sleep(delay, undefined, signal === undefined ? {} : { signal });
      } catch {
        throw agentError(
          'SCOMO_AGENT_ABORTED',
          `Sending to ${message.url} was aborted: the agent is stopping.`,
        );
      }
    }
  }

  return {
    send,
    close: () => dispatcher.close(),
  };
}

type Attempt =
  | { readonly kind: 'response'; readonly response: IncomingMessage }
  | { readonly kind: 'retryable'; readonly error: ScomoError };

/** One POST: a response (any status), a failure worth retrying, or a thrown final failure. */
async function attemptPost(
  dispatcher: Dispatcher,
  message: OutgoingMessage,
  userAgent: string,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  try {
    return { kind: 'response', response: await postOnce(dispatcher, message, userAgent, signal) };
  } catch (err) {
    const verdict = classifyFailure(err, message.url, signal);
    if (!verdict.retry) throw verdict.error;
    return { kind: 'retryable', error: verdict.error };
  }
}

async function postOnce(
  dispatcher: Dispatcher,
  message: OutgoingMessage,
  userAgent: string,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  const response = await request(message.url, {
    method: 'POST',
    dispatcher,
    body: message.body,
    headers: {
      ...lowerCased(message.headers),
      'content-type': message.contentType,
      // reference §5: Accept names the same type; no caching of a session's messages.
      accept: message.contentType,
      'cache-control': 'private',
      'user-agent': userAgent,
    },
    ...(signal === undefined ? {} : { signal }),
  });
  // From here on a response has been received: whatever happens while reading it, never re-send.
  let body: Uint8Array;
  try {
    body = new Uint8Array(await response.body.arrayBuffer());
  } catch (err) {
    throw classifyFailure(err, message.url, signal, { afterHeaders: true }).error;
  }
  return {
    status: response.statusCode,
    contentType: headerText(response.headers['content-type']),
    headers: flatten(response.headers),
    body,
  };
}

function checkStatus(response: IncomingMessage, url: string): IncomingMessage {
  if (response.status >= 200 && response.status < 300) return response;
  throw agentError(
    'SCOMO_AGENT_HTTP_STATUS',
    `${url} answered HTTP ${response.status}; expected 200 with a SyncML body (DM sends errors as SyncML Status).`,
  );
}

/** Header names lower-cased, so ours replace the engine's whatever their case (no duplicates sent). */
function lowerCased(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = headerText(value);
    if (text !== undefined) out[name.toLowerCase()] = text;
  }
  return out;
}
