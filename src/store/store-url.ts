import { STORE_ERROR_CODES, storeError } from './errors.ts';

/** Where a store lives, as `openStore` reads it from a URL. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly connectionString: string };

const POSTGRES = /^postgres(?:ql)?:\/\//i;
const SQLITE = /^sqlite:/i;
/** A URL scheme; one letter is a Windows drive (`C:\data\scomo.db`), which is a plain path. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * Reads a store URL:
 * - `postgres://…` / `postgresql://…` → PostgreSQL, the URL passed to pg unchanged;
 * - `sqlite:FILE` (also `sqlite://FILE`, so `sqlite:///var/lib/scomo.db` is an absolute path) → SQLite;
 * - anything without a scheme (`./data/scomo.db`, `/var/lib/scomo.db`, `:memory:`) → a SQLite file;
 * - any other scheme, or nothing at all → SCOMO_STORE_URL.
 */
export function parseStoreUrl(url: string): StoreLocation {
  if (POSTGRES.test(url)) return { kind: 'postgres', connectionString: url };
  if (SQLITE.test(url)) {
    const rest = url.slice('sqlite:'.length);
    const file = rest.startsWith('//') ? rest.slice(2) : rest;
    if (file.length === 0) throw urlError(url, 'the sqlite: URL names no file');
    return { kind: 'sqlite', file };
  }
  const scheme = SCHEME.exec(url)?.[1];
  if (scheme !== undefined) throw urlError(url, `the scheme "${scheme}:" is not a store`);
  if (url.trim().length === 0) throw urlError(url, 'it is empty');
  return { kind: 'sqlite', file: url };
}

function urlError(url: string, problem: string): Error {
  // Only the scheme is echoed back: the rest of a URL may hold a password.
  const scheme = SCHEME.exec(url)?.[0];
  const shown =
    scheme === undefined
      ? url.length > 60
        ? `${url.slice(0, 60)}…`
        : url
      : url.length > scheme.length
        ? `${scheme}…`
        : scheme;
  return storeError(
    STORE_ERROR_CODES.url,
    `Cannot use store URL "${shown}": ${problem}. Expected sqlite:FILE, a file path, or ` +
      'postgres://user@host:port/database (postgresql:// also accepted).',
  );
}
