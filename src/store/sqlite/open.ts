import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { STORE_ERROR_CODES, describeCause, storeError } from '../errors.ts';
import { text } from '../shared/columns.ts';
import { SqliteConnection } from './connection.ts';
import { migrateSqlite } from './migrate.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { SqliteStore } from './sqlite-store.ts';

export interface SqliteStoreOptions {
  /** The database file (created, with its directory, when missing), or `:memory:` for a private one. */
  readonly file: string;
  /** How long a write waits for another process's lock on the file, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const MEMORY = ':memory:';

/**
 * Opens (creating if needed) the SQLite store and brings its schema up to date.
 *
 * Durability: WAL journal with `synchronous = FULL`. In WAL mode NORMAL already survives a crash of
 * the process, but a power loss or OS crash may roll back the last transactions committed before it;
 * FULL syncs the WAL at every commit, so a command, alert or session that a DM message was answered
 * on is never lost (https://sqlite.org/pragma.html#pragma_synchronous). The cost is one fsync per
 * write transaction, which a DM server (a few writes per message) can afford.
 */
export async function openSqliteStore(options: SqliteStoreOptions | string): Promise<SqliteStore> {
  const { file, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS } =
    typeof options === 'string' ? { file: options } : options;
  if (file.length === 0) {
    throw storeError(STORE_ERROR_CODES.open, 'SQLite store file is empty: give a path or ":memory:".');
  }
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw storeError(
      STORE_ERROR_CODES.open,
      `busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}.`,
    );
  }
  let db: DatabaseSync;
  try {
    if (file !== MEMORY) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new DatabaseSync(file, { timeout: busyTimeoutMs, enableForeignKeyConstraints: true });
  } catch (cause) {
    throw storeError(
      STORE_ERROR_CODES.open,
      `Cannot open SQLite store ${file}: ${describeCause(cause)}`,
      cause,
    );
  }
  const connection = new SqliteConnection(db);
  try {
    configure(connection, file);
    return new SqliteStore(connection, migrateSqlite(connection, SQLITE_MIGRATIONS));
  } catch (error) {
    connection.close();
    throw error;
  }
}

function configure(connection: SqliteConnection, file: string): void {
  const mode = connection.get('PRAGMA journal_mode = WAL');
  const journal = mode === undefined ? '' : text(mode, 'pragma', 'journal_mode');
  // An in-memory database has no journal file and reports "memory"; a file must be in WAL.
  if (file !== MEMORY && journal !== 'wal') {
    throw storeError(
      STORE_ERROR_CODES.open,
      `SQLite store ${file} could not switch to WAL (journal_mode is "${journal}"); ` +
        'WAL needs a local file system with shared memory (not a network share).',
    );
  }
  connection.exec('PRAGMA synchronous = FULL');
}
