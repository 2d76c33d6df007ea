import { createHash } from 'node:crypto';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';

/**
 * A schema migration: applied once, in version order, inside the transaction that records it in
 * `schema_migrations`. A released migration is never edited — its checksum is recorded and checked at
 * every open — so a change to the schema is always a new, higher version.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/**
 * Which of `known` still need applying, after checking that what the database recorded is a prefix
 * of `known` with identical checksums. Refuses a database migrated by a newer build (a version this
 * build does not know) rather than running against a schema it cannot read.
 */
export function pendingMigrations(
  known: readonly Migration[],
  applied: readonly AppliedMigration[],
): Migration[] {
  assertOrdered(known);
  const byVersion = new Map(known.map((m) => [m.version, m]));
  for (const row of applied) {
    const migration = byVersion.get(row.version);
    if (migration === undefined) {
      throw storeError(
        STORE_ERROR_CODES.migration,
        `The database has schema migration ${row.version} (${row.name}) that this build does not know; ` +
          'it was migrated by a newer scomo. Upgrade scomo or use another database.',
      );
    }
    if (migrationChecksum(migration) !== row.checksum) {
      throw storeError(
        STORE_ERROR_CODES.migration,
        `Schema migration ${row.version} (${row.name}) was applied with different SQL than this build has; ` +
          'released migrations must never change — add a new migration instead.',
      );
    }
  }
  const done = new Set(applied.map((row) => row.version));
  return known.filter((m) => !done.has(m.version));
}

function assertOrdered(known: readonly Migration[]): void {
  known.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw storeError(
        STORE_ERROR_CODES.migration,
        `Migration list is not numbered 1, 2, 3, …: found version ${migration.version} at position ${index + 1}.`,
      );
    }
  });
}
