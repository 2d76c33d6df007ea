import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isScomoError } from '../errors/index.ts';
import { openStore, parseStoreUrl } from './index.ts';
import { device } from './testing/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'scomo-store-url-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('postgres:// and postgresql:// URLs pick PostgreSQL and are passed through unchanged', () => {
  for (const url of [
    'postgres://scomo:pw@db.internal:5432/scomo',
    'postgresql://localhost/scomo?sslmode=require',
    'POSTGRES://host/db',
  ]) {
    assert.deepEqual(parseStoreUrl(url), { kind: 'postgres', connectionString: url });
  }
});

test('sqlite:FILE, sqlite://FILE and plain paths pick SQLite', () => {
  const cases: [string, string][] = [
    ['sqlite:data/scomo.db', 'data/scomo.db'],
    ['sqlite:/var/lib/scomo/scomo.db', '/var/lib/scomo/scomo.db'],
    ['sqlite:///var/lib/scomo/scomo.db', '/var/lib/scomo/scomo.db'],
    ['SQLite::memory:', ':memory:'],
    ['./scomo.db', './scomo.db'],
    ['/var/lib/scomo/scomo.db', '/var/lib/scomo/scomo.db'],
    [':memory:', ':memory:'],
    ['C:\\scomo\\scomo.db', 'C:\\scomo\\scomo.db'],
  ];
  for (const [url, file] of cases) assert.deepEqual(parseStoreUrl(url), { kind: 'sqlite', file }, url);
});

test('anything else is SCOMO_STORE_URL, without echoing what follows the scheme', () => {
  for (const url of [
    '',
    '   ',
    'sqlite:',
    'sqlite://',
    'mysql://root:hunter2@db/scomo',
    'file:///tmp/x.db',
    'postgres:nohost',
    'http://x',
  ]) {
    assert.throws(
      () => parseStoreUrl(url),
      (error) => {
        assert.ok(isScomoError(error), String(error));
        assert.equal(error.code, 'SCOMO_STORE_URL');
        assert.ok(!error.message.includes('hunter2'), error.message);
        assert.match(error.message, /Expected sqlite:FILE/);
        return true;
      },
      JSON.stringify(url),
    );
  }
});

test('openStore opens a working SQLite store from a sqlite: URL and from a plain path', async () => {
  for (const url of [`sqlite:${path.join(dir, 'a.db')}`, path.join(dir, 'b', 'b.db')]) {
    const store = await openStore(url);
    await store.upsertDevice(device('IMEI:1'));
    await store.close();
    const again = await openStore(url);
    assert.equal((await again.getDevice('IMEI:1'))?.devId, 'IMEI:1', `${url} persisted`);
    await again.close();
  }
  await assert.rejects(openStore('redis://localhost'), (error) => isScomoError(error, 'SCOMO_STORE_URL'));
});
