import pg from 'pg';
import type { Row } from '../shared/columns.ts';
import { isScomoError } from '../../errors/index.ts';
import { STORE_ERROR_CODES, describeCause, storeError } from '../errors.ts';

/** Queries inside or outside a transaction. Parameters are pg's: strings, numbers, booleans, arrays, null. */
export interface PgQueries {
  rows(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement; returns how many rows it affected. */
  count(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs parameterless SQL text, possibly several statements (the simple query protocol). */
  exec(sql: string): Promise<void>;
}

/** SQLSTATEs after which re-running the whole transaction is safe and usually succeeds. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const ATTEMPTS = 3;

const OID_JSON = 114;
const OID_JSONB = 3802;

/**
 * json columns come back as their text, not parsed: shared/columns.ts parses them, which keeps a
 * stored JSON string (`"abc"`) distinguishable from an object and gives one reader for both drivers.
 */
function typeOverrides(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(OID_JSON, 'text', (value: string) => value);
  types.setTypeParser(OID_JSONB, 'text', (value: string) => value);
  return types;
}

export interface PgDatabaseOptions {
  readonly connectionString: string;
  readonly poolSize: number;
}

/** A pg.Pool with typed errors, bounded retry of deadlocks, and transactions on one client. */
export class PgDatabase implements PgQueries {
  readonly #pool: pg.Pool;

  constructor(options: PgDatabaseOptions) {
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      types: typeOverrides(),
      application_name: 'scomo',
    });
    // An idle pooled connection that the server drops emits 'error' on the pool; unhandled, that
    // event would kill the process. The pool discards the client; the next query opens a new one.
    this.#pool.on('error', () => undefined);
  }

  async rows(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.#retrying(async () => (await this.#pool.query(sql, [...params])).rows as Row[]);
  }

  async count(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.#retrying(async () => (await this.#pool.query(sql, [...params])).rowCount ?? 0);
  }

  /**
   * Runs `body` in one READ COMMITTED transaction on one pooled client: all of its writes commit
   * together or not at all. On a deadlock or serialization failure the whole body runs again.
   */
  async exec(sql: string): Promise<void> {
    await this.#retrying(async () => this.#pool.query(sql));
  }

  async transaction<T>(body: (tx: PgQueries) => Promise<T>): Promise<T> {
    return this.#retrying(async () => {
      const client = await this.#pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await body(clientQueries(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed: do not return it to the pool
        }
        throw error;
      } finally {
        client.release(broken);
      }
    });
  }

  async end(): Promise<void> {
    await this.#pool.end();
  }

  async #retrying<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await operation();
      } catch (error) {
        if (attempt < ATTEMPTS && RETRYABLE.has(sqlState(error))) continue;
        throw wrap(error);
      }
    }
  }
}

function clientQueries(client: pg.PoolClient): PgQueries {
  return {
    rows: async (sql, params = []) => (await client.query(sql, [...params])).rows as Row[],
    count: async (sql, params = []) => (await client.query(sql, [...params])).rowCount ?? 0,
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

function sqlState(error: unknown): string {
  return error instanceof pg.DatabaseError ? (error.code ?? '') : '';
}

function wrap(error: unknown): Error {
  if (isScomoError(error)) return error;
  if (error instanceof pg.DatabaseError) {
    const where = error.detail === undefined ? '' : ` (${error.detail})`;
    return storeError(
      STORE_ERROR_CODES.query,
      `PostgreSQL rejected a statement: ${error.message}${where} [SQLSTATE ${error.code ?? '?'}]`,
      error,
    );
  }
  return storeError(STORE_ERROR_CODES.query, `PostgreSQL query failed: ${describeCause(error)}`, error);
}
