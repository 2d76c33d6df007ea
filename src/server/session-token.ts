import type { ServerOptions } from './options.ts';
import type { RandomSource } from './ports/clock.ts';
import { serverError } from './errors.ts';

/*
 * The session token routes a session's messages to its state in the Store, whichever node receives
 * them (DESIGN.md "Scaling out"). It travels in our RespURI (reference §2.2: the client sends its
 * next message there), as a query parameter of the public DM URL.
 */

const TOKEN_BYTES = 16;

/** 128 random bits as lower-case hex: unguessable, URL-safe. */
export function newSessionToken(random: RandomSource): string {
  const bytes = random(TOKEN_BYTES);
  if (bytes.length !== TOKEN_BYTES) {
    throw serverError(
      'SCOMO_SERVER_BAD_OPTION',
      `The random source returned ${bytes.length} bytes, not ${TOKEN_BYTES}.`,
    );
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The RespURI for a session: the public DM URL with the token parameter set. */
export function respUriFor(
  options: Pick<ServerOptions, 'publicUrl' | 'sessionParam'>,
  token: string,
): string {
  const url = new URL(options.publicUrl);
  url.searchParams.set(options.sessionParam, token);
  return url.toString();
}

/**
 * The session token in a request URL (absolute, or a path with query as HTTP servers see it), or
 * null. For the HTTP adapter, which passes it to handleMessage.
 */
export function sessionTokenFromUrl(
  options: Pick<ServerOptions, 'sessionParam'>,
  requestUrl: string,
): string | null {
  const query = requestUrl.indexOf('?');
  if (query < 0) return null;
  const token = new URLSearchParams(requestUrl.slice(query + 1)).get(options.sessionParam);
  return token !== null && /^[0-9a-f]{32}$/.test(token) ? token : null;
}
