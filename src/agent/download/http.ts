import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { AgentLogger } from '../logger.ts';
import { errorFields } from '../logger.ts';
import { DD_CONTENT_TYPE } from './descriptor.ts';
import { downloadError } from './errors.ts';
import { statusFailure, thrownFailure } from './failures.ts';
import { installNotifyBody } from './install-notify.ts';
import type { InstallNotifyStatus } from './install-notify.ts';
import { withoutFragment } from './url.ts';

/** What every request of the client shares. */
export interface HttpContext {
  readonly dispatcher: Dispatcher;
  readonly userAgent: string;
  readonly logger: AgentLogger;
}

/**
 * GETs a small resource whole (a detached signature); undefined on 404/410; other failures throw
 * like a download's.
 */
export async function fetchSmall(
  http: HttpContext,
  url: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  checkUrl(url, 'The URL');
  const response = await request(withoutFragment(url), {
    dispatcher: http.dispatcher,
    method: 'GET',
    headers: { 'user-agent': http.userAgent, ...authorizationFrom(url) },
    ...(signal === undefined ? {} : { signal }),
  }).catch((err: unknown) => {
    throw thrownFailure(err, url, signal).error;
  });
  if (response.statusCode === 404 || response.statusCode === 410) {
    await response.body.dump();
    return undefined;
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw statusFailure(response.statusCode, url).error;
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) {
      response.body.destroy();
      throw downloadError(
        'SCOMO_DOWNLOAD_TOO_LARGE',
        `${url} is larger than the ${maxBytes} bytes expected.`,
      );
    }
    parts.push(chunk as Uint8Array);
  }
  return Buffer.concat(parts);
}

/** POSTs an OMA DL install status (DL OTA 1.0 §6.2); one retry on a 5xx or a network failure. */
export async function notifyInstallStatus(
  http: HttpContext,
  uri: string,
  status: InstallNotifyStatus,
  signal?: AbortSignal,
): Promise<boolean> {
  for (let attemptNo = 1; attemptNo <= 2; attemptNo++) {
    try {
      const response = await request(uri, {
        dispatcher: http.dispatcher,
        method: 'POST',
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'user-agent': http.userAgent,
          ...authorizationFrom(uri),
        },
        body: installNotifyBody(status),
        ...(signal === undefined ? {} : { signal }),
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) return true;
      http.logger.warn(
        { uri, status, httpStatus: response.statusCode },
        'installNotifyURI refused the install status',
      );
      if (response.statusCode < 500) return false;
    } catch (err) {
      http.logger.warn(
        { ...errorFields(err), uri, status },
        'cannot post the install status to installNotifyURI',
      );
      if (signal?.aborted === true) return false;
    }
  }
  return false;
}

export function checkUrl(url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw downloadError('SCOMO_DOWNLOAD_BAD_URL', `${what} "${url.slice(0, 200)}" is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw downloadError(
      'SCOMO_DOWNLOAD_BAD_URL',
      `${what} "${url.slice(0, 200)}" is not an http:// or https:// URL.`,
    );
  }
}

/** Credentials in the URL (http://user:pass@host/…) become a Basic Authorization header (RFC 7617). */
export function authorizationFrom(url: string): Record<string, string> {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return {};
  const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  return { authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

export function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function isDescriptor(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === DD_CONTENT_TYPE;
}

export async function readSmall(body: AsyncIterable<Uint8Array>, max: number, url: string): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max)
      throw downloadError(
        'SCOMO_DOWNLOAD_DESCRIPTOR',
        `The download descriptor at ${url} is larger than ${max} bytes.`,
      );
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
