import { isScomoError } from '../../errors/index.ts';
import { STORE_ERROR_CODES, describeCause, storeError } from '../errors.ts';
import { PgDatabase } from './database.ts';
import { migratePostgres } from './migrate.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { PostgresStore } from './postgres-store.ts';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (libpq-style URL, as pg accepts). */
  readonly connectionString: string;
  /** Maximum pooled connections of this process (default 10). */
  readonly poolSize?: number;
}

const DEFAULT_POOL_SIZE = 10;

/**
 * Connects, brings the schema up to date (under an advisory lock, so several nodes may start at
 * once) and returns the store. Any node may then serve any device: session state, the device lock
 * and the queue live in the database.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) {
    throw storeError(STORE_ERROR_CODES.open, `poolSize must be a positive integer, got ${poolSize}.`);
  }
  let database: PgDatabase | undefined;
  try {
    database = new PgDatabase({ connectionString: options.connectionString, poolSize });
    return new PostgresStore(database, await migratePostgres(database, POSTGRES_MIGRATIONS));
  } catch (error) {
    await database?.end().catch(() => undefined);
    if (isScomoError(error, STORE_ERROR_CODES.migration)) throw error;
    throw storeError(
      STORE_ERROR_CODES.open,
      `Cannot open the PostgreSQL store at ${redact(options.connectionString)}: ${describeCause(error)}`,
      error,
    );
  }
}

/** The connection string without its password, for error messages. */
function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'the given connection string';
  }
}
