import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { POSTGRES_MIGRATIONS } from '../postgres/index.ts';
import { SQLITE_MIGRATIONS } from '../sqlite/index.ts';
import { migrationChecksum, pendingMigrations } from './migrations.ts';
import type { Migration } from './migrations.ts';

const one: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x int)' };
const two: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE b (x int)' };
const three: Migration = { version: 3, name: 'three', sql: 'CREATE TABLE c (x int)' };
const known = [one, two, three];
const applied = (m: Migration) => ({ version: m.version, name: m.name, checksum: migrationChecksum(m) });
const isMigrationError = (error: unknown) => isScomoError(error, 'SCOMO_STORE_MIGRATION');

test('pending migrations are those not yet recorded, in version order', () => {
  assert.deepEqual(pendingMigrations(known, []), known);
  assert.deepEqual(
    pendingMigrations(known, [applied(one)]).map((m) => m.version),
    [2, 3],
  );
  assert.deepEqual(pendingMigrations(known, known.map(applied)), []);
});

test('a recorded version this build does not know is refused', () => {
  assert.throws(
    () => pendingMigrations(known, [{ version: 4, name: 'later', checksum: 'x' }]),
    isMigrationError,
  );
});

test('a recorded migration whose SQL changed since is refused', () => {
  const edited = {
    ...applied(two),
    checksum: migrationChecksum({ ...two, sql: 'CREATE TABLE b (y int)' }),
  };
  assert.throws(() => pendingMigrations(known, [applied(one), edited]), isMigrationError);
});

test('a migration list with gaps or out of order is refused', () => {
  assert.throws(() => pendingMigrations([one, three], []), isMigrationError);
  assert.throws(() => pendingMigrations([two, one], []), isMigrationError);
});

test('both adapters ship migrations numbered from 1 and describing the same tables', () => {
  for (const list of [SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS])
    assert.deepEqual(pendingMigrations(list, []), list);
  assert.deepEqual(
    SQLITE_MIGRATIONS.map((m) => [m.version, m.name]),
    POSTGRES_MIGRATIONS.map((m) => [m.version, m.name]),
  );
  const tables = (list: readonly Migration[]) =>
    [
      ...list
        .map((m) => m.sql)
        .join('\n')
        .matchAll(/CREATE TABLE (\w+)/g),
    ]
      .map((match) => match[1])
      .sort();
  assert.deepEqual(tables(SQLITE_MIGRATIONS), tables(POSTGRES_MIGRATIONS));
});
