import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Row } from '../shared/columns.ts';
import { STORE_ERROR_CODES, describeCause, storeError } from '../errors.ts';

export type SqlValue = SQLInputValue;

/** SQLite primary result codes (https://sqlite.org/rescode.html) that get their own error code. */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

/**
 * One node:sqlite connection with a prepared-statement cache and typed errors. node:sqlite is
 * synchronous: every call here runs to completion on the JavaScript thread, so nothing else in this
 * process interleaves with it; other processes on the same file are kept out by SQLite's file locks
 * (waiting up to the busy timeout, which blocks this thread — the price of a synchronous driver).
 */
export class SqliteConnection {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  all(sql: string, params: readonly SqlValue[] = []): Row[] {
    return this.#run(sql, (statement) => statement.all(...params));
  }

  get(sql: string, params: readonly SqlValue[] = []): Row | undefined {
    return this.#run(sql, (statement) => statement.get(...params));
  }

  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params: readonly SqlValue[] = []): number {
    return this.#run(sql, (statement) => Number(statement.run(...params).changes));
  }

  /** Runs SQL text without parameters (DDL, PRAGMAs, transaction control). */
  exec(sql: string): void {
    try {
      this.#db.exec(sql);
    } catch (cause) {
      throw wrap(cause, sql);
    }
  }

  /**
   * Runs `body` in one write transaction. BEGIN IMMEDIATE takes SQLite's write lock before the first
   * read, so a read-decide-write body (claims, compare-and-set) cannot be overtaken by another
   * connection between its read and its write, and a busy file is waited for up to the busy timeout
   * instead of failing with SQLITE_BUSY half-way (https://sqlite.org/lang_transaction.html).
   * `body` must be synchronous: nothing may be awaited while the write lock is held.
   */
  transaction<T>(body: () => T): T {
    if (this.#db.isTransaction) {
      throw storeError(STORE_ERROR_CODES.query, 'Nested SQLite transaction: the store never nests them.');
    }
    this.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = body();
    } catch (error) {
      this.#rollback();
      throw error;
    }
    try {
      this.exec('COMMIT');
    } catch (error) {
      this.#rollback();
      throw error;
    }
    return result;
  }

  /**
   * Rolls back what is still open; SQLite may already have rolled back on its own (SQLITE_FULL,
   * SQLITE_IOERR). A failing ROLLBACK must not hide the error that caused it.
   */
  #rollback(): void {
    try {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
    } catch {
      // The original error is rethrown by the caller; SQLite rolls back a hot journal on next open.
    }
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }

  #run<T>(sql: string, use: (statement: StatementSync) => T): T {
    try {
      return use(this.#prepare(sql));
    } catch (cause) {
      throw wrap(cause, sql);
    }
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function wrap(cause: unknown, sql: string): Error {
  if (cause instanceof Error && 'code' in cause && cause.code === 'ERR_SQLITE_ERROR') {
    const errcode = 'errcode' in cause && typeof cause.errcode === 'number' ? cause.errcode : 0;
    // Extended result codes carry the primary code in their low byte.
    const primary = errcode & 0xff;
    if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED) {
      return storeError(
        STORE_ERROR_CODES.busy,
        `SQLite database is locked by another connection beyond the busy timeout (${cause.message}); ` +
          'raise busyTimeoutMs or reduce the number of processes writing to the file.',
        cause,
      );
    }
  }
  const statement = sql.trim().split('\n')[0]?.slice(0, 80) ?? '';
  return storeError(
    STORE_ERROR_CODES.query,
    `SQLite rejected "${statement}": ${describeCause(cause)}`,
    cause,
  );
}
