import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { bool, int, intOrNull, json, oneOf, text } from './columns.ts';
import { normalizeLimit } from './limit.ts';
import { applyDevicePatch } from './device-patch.ts';
import { deviceFromRow } from './records.ts';
import { device } from '../testing/fixtures.ts';

const corrupt = (error: unknown) => isScomoError(error, 'SCOMO_STORE_CORRUPT');

test('int reads node:sqlite numbers and bigints and pg int8 strings', () => {
  assert.equal(int({ v: 42 }, 't', 'v'), 42);
  assert.equal(int({ v: 1_700_000_000_000n }, 't', 'v'), 1_700_000_000_000);
  assert.equal(int({ v: '-1700000000000' }, 't', 'v'), -1_700_000_000_000);
  assert.equal(intOrNull({ v: null }, 't', 'v'), null);
  for (const bad of [1.5, '12a', '99999999999999999', 2n ** 60n, true, null, undefined]) {
    assert.throws(() => int({ v: bad }, 't', 'v'), corrupt, String(bad));
  }
  assert.throws(() => int({}, 't', 'v'), corrupt, 'a missing column');
});

test('bool reads pg booleans and SQLite 0/1 only', () => {
  assert.equal(bool({ v: true }, 't', 'v'), true);
  assert.equal(bool({ v: 0 }, 't', 'v'), false);
  assert.equal(bool({ v: 1 }, 't', 'v'), true);
  assert.throws(() => bool({ v: 2 }, 't', 'v'), corrupt);
  assert.throws(() => bool({ v: 'true' }, 't', 'v'), corrupt);
});

test('json parses stored text, keeping a JSON string distinct from an object', () => {
  assert.deepEqual(json({ v: '{"a":[1,null]}' }, 't', 'v'), { a: [1, null] });
  assert.equal(json({ v: '"{}"' }, 't', 'v'), '{}');
  assert.throws(() => json({ v: '{oops' }, 't', 'v'), corrupt);
  assert.throws(() => json({ v: { already: 'parsed' } }, 't', 'v'), corrupt);
});

test('text and oneOf reject other types and values outside the vocabulary', () => {
  assert.equal(text({ v: 'x' }, 't', 'v'), 'x');
  assert.throws(() => text({ v: 3 }, 't', 'v'), corrupt);
  assert.equal(oneOf({ v: 'b64' }, 't', 'v', ['text', 'b64']), 'b64');
  assert.throws(() => oneOf({ v: 'hex' }, 't', 'v', ['text', 'b64']), corrupt);
});

test('deviceFromRow checks the shape of the JSON columns', () => {
  const row = {
    dev_id: 'D',
    enabled: 1,
    registered_at: 5,
    last_seen_at: null,
    client_credential: '{"authType":"DIGEST","username":"u","passwordEquivalent":"p"}',
    server_credential: null,
    client_nonce: null,
    server_nonce: null,
    dev_info: '{"./DevInfo/Man":"Acme"}',
    dev_detail: '{}',
    quirks: '["q"]',
    notify_address: null,
  };
  assert.deepEqual(
    deviceFromRow(row),
    device('D', {
      registeredAt: 5,
      clientCredential: { authType: 'DIGEST', username: 'u', passwordEquivalent: 'p' },
      devInfo: { './DevInfo/Man': 'Acme' },
      quirks: ['q'],
    }),
  );
  for (const [column, value] of [
    ['client_credential', '{"authType":"BASIC64","username":"u","passwordEquivalent":"p"}'],
    ['server_credential', '{"authType":"BASIC","username":"u","passwordEquivalent":"p"}'],
    ['dev_info', '{"./DevInfo/Man":7}'],
    ['quirks', '"q"'],
  ] as const) {
    assert.throws(() => deviceFromRow({ ...row, [column]: value }), corrupt, column);
  }
});

test('normalizeLimit matches the MemoryStore, slice(0, Math.max(0, limit))', () => {
  const values = [0, 1, 2, 3, 4];
  for (const limit of [undefined, Infinity, 0, 2, 2.9, -1, NaN, 10]) {
    const n = normalizeLimit(limit);
    assert.deepEqual(
      n === undefined ? values : values.slice(0, n),
      limit === undefined ? values : values.slice(0, Math.max(0, limit)),
      String(limit),
    );
  }
});

test('applyDevicePatch changes only the named fields and never devId or registeredAt', () => {
  const base = device('D', { notifyAddress: 'a', clientNonce: 'n' });
  const patched = applyDevicePatch(base, { clientNonce: null, lastSeenAt: 9 });
  assert.deepEqual(patched, { ...base, clientNonce: null, lastSeenAt: 9 });
  const sneaky = { devId: 'E', registeredAt: 1, notifyAddress: undefined } as unknown as Parameters<
    typeof applyDevicePatch
  >[1];
  assert.deepEqual(applyDevicePatch(base, sneaky), base);
});
