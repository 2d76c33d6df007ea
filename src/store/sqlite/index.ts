// The node:sqlite Store adapter (L5): the embedded default, one file in the data directory.
export { openSqliteStore } from './open.ts';
export type { SqliteStoreOptions } from './open.ts';
export type { SqliteStore } from './sqlite-store.ts';
export { SQLITE_MIGRATIONS } from './migrations.ts';
