import type { Store } from '../server/index.ts';
import { openPostgresStore } from './postgres/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import { parseStoreUrl } from './store-url.ts';

export interface OpenStoreOptions {
  /** PostgreSQL: pooled connections of this process (default 10). */
  readonly poolSize?: number;
  /** SQLite: how long a write waits for another process's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
}

/** Opens the store a URL names (see parseStoreUrl), migrating its schema. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseStoreUrl(url);
  switch (location.kind) {
    case 'sqlite':
      return openSqliteStore({
        file: location.file,
        ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
      });
    case 'postgres':
      return openPostgresStore({
        connectionString: location.connectionString,
        ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      });
    default: {
      const unreachable: never = location;
      return unreachable;
    }
  }
}
