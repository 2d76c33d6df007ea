import { int, text } from '../shared/columns.ts';
import { migrationChecksum, pendingMigrations } from '../shared/migrations.ts';
import type { AppliedMigration, Migration } from '../shared/migrations.ts';
import type { SqliteConnection } from './connection.ts';

const CREATE_SCHEMA_MIGRATIONS = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  checksum   TEXT    NOT NULL,
  applied_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT`;

/**
 * Brings the schema up to date: everything happens in one BEGIN IMMEDIATE transaction, so a second
 * process opening the same file waits for the first and then finds nothing left to do, and a crash
 * half-way leaves the schema as it was (SQLite DDL is transactional). Returns the versions applied now.
 */
export function migrateSqlite(connection: SqliteConnection, migrations: readonly Migration[]): number[] {
  return connection.transaction(() => {
    connection.exec(CREATE_SCHEMA_MIGRATIONS);
    const applied: AppliedMigration[] = connection
      .all('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
      .map((row) => ({
        version: int(row, 'schema_migrations', 'version'),
        name: text(row, 'schema_migrations', 'name'),
        checksum: text(row, 'schema_migrations', 'checksum'),
      }));
    const pending = pendingMigrations(migrations, applied);
    for (const migration of pending) {
      connection.exec(migration.sql);
      connection.run('INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        migrationChecksum(migration),
      ]);
    }
    return pending.map((m) => m.version);
  });
}
