// Store adapters (L5): the server's Store port on node:sqlite (the embedded default) and on
// PostgreSQL (several nodes sharing one database), picked by URL.
export { openStore } from './open-store.ts';
export type { OpenStoreOptions } from './open-store.ts';
export { parseStoreUrl } from './store-url.ts';
export type { StoreLocation } from './store-url.ts';
export { STORE_ERROR_CODES } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';
export { openSqliteStore, SQLITE_MIGRATIONS } from './sqlite/index.ts';
export type { SqliteStore, SqliteStoreOptions } from './sqlite/index.ts';
export { openPostgresStore, POSTGRES_MIGRATIONS, MIGRATION_LOCK_KEY } from './postgres/index.ts';
export type { PostgresStore, PostgresStoreOptions } from './postgres/index.ts';
export type { Migration } from './shared/migrations.ts';
export { FileBlobStore } from './blobs/index.ts';
