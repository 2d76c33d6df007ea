// The PostgreSQL Store adapter (L5): for several `scomo serve` nodes sharing one database.
export { openPostgresStore } from './open.ts';
export type { PostgresStoreOptions } from './open.ts';
export type { PostgresStore } from './postgres-store.ts';
export { POSTGRES_MIGRATIONS } from './migrations.ts';
export { MIGRATION_LOCK_KEY } from './migrate.ts';
