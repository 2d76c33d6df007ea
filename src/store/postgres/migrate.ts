import { int, text } from '../shared/columns.ts';
import { migrationChecksum, pendingMigrations } from '../shared/migrations.ts';
import type { AppliedMigration, Migration } from '../shared/migrations.ts';
import type { PgDatabase } from './database.ts';

/**
 * Key of the transaction-scoped advisory lock that serialises migrations between nodes (advisory
 * locks are per database). The value is arbitrary but fixed: "scomo" in ASCII.
 */
export const MIGRATION_LOCK_KEY = 0x73_63_6f_6d_6f;

const CREATE_SCHEMA_MIGRATIONS = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer     NOT NULL PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Brings the schema up to date in one transaction that first takes the migration advisory lock: two
 * nodes starting together queue on the lock, the second then finds nothing to do, and a failure
 * part-way rolls everything back (PostgreSQL DDL is transactional). Returns the versions applied now.
 */
export async function migratePostgres(db: PgDatabase, migrations: readonly Migration[]): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.rows('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(CREATE_SCHEMA_MIGRATIONS);
    const applied: AppliedMigration[] = (
      await tx.rows('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    ).map((row) => ({
      version: int(row, 'schema_migrations', 'version'),
      name: text(row, 'schema_migrations', 'name'),
      checksum: text(row, 'schema_migrations', 'checksum'),
    }));
    const pending = pendingMigrations(migrations, applied);
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.rows('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migrationChecksum(migration),
      ]);
    }
    return pending.map((m) => m.version);
  });
}
