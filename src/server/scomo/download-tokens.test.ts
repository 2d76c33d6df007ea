import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { DownloadTokens, REPOSITORY_PATHS } from './download-tokens.ts';

const secret = new Uint8Array(32).map((_, i) => i);
const tokens = new DownloadTokens(secret);
const T = 1_700_000_000_000;
const claims = { jobId: '0a1b2c3d4e5f60718293a4b5', step: 2, expiresAt: T + 60_000 };

describe('download tokens', () => {
  test('sign → verify round-trips the claims (expiry in whole seconds, rounded up)', () => {
    const token = tokens.sign({ ...claims, expiresAt: T + 60_000 + 1 });
    assert.deepEqual(tokens.verify(token, T), { ok: true, claims: { ...claims, expiresAt: T + 61_000 } });
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  });

  test('a changed claim or MAC, or another secret, is forged', () => {
    const token = tokens.sign(claims);
    const [payload = '', mac = ''] = token.split('.');
    const bytes = Buffer.from(payload, 'base64url');
    bytes[6] = (bytes[6] ?? 0) ^ 1;
    assert.equal(tokens.verify(`${bytes.toString('base64url')}.${mac}`, T).ok, false);
    assert.deepEqual(tokens.verify(`${payload}.${mac.slice(0, -1)}A`, T).ok, false);
    const other = new DownloadTokens(new Uint8Array(32).fill(1));
    const check = other.verify(token, T);
    assert.ok(!check.ok && check.reason === 'forged');
  });

  test('expiry: refused at and after the expiry, unless an authentic late notice is allowed', () => {
    const token = tokens.sign(claims);
    assert.equal(tokens.verify(token, claims.expiresAt - 1).ok, true);
    const late = tokens.verify(token, claims.expiresAt);
    assert.ok(!late.ok && late.reason === 'expired');
    assert.equal(tokens.verify(token, claims.expiresAt + 1e9, { allowExpired: true }).ok, true);
  });

  test('malformed tokens never throw', () => {
    for (const bad of ['', 'a', 'a.b.c', 'é.x', '..', 'AQ.AAAA', `${'A'.repeat(10)}.${'B'.repeat(22)}`]) {
      const check = tokens.verify(bad, T);
      assert.equal(check.ok, false, bad);
    }
  });

  test('a short secret or an unsignable claim is a clear error', () => {
    assert.throws(
      () => new DownloadTokens(new Uint8Array(16)),
      (e: unknown) => isScomoError(e, 'SCOMO_SERVER_BAD_REQUEST'),
    );
    assert.throws(
      () => tokens.sign({ ...claims, step: 70_000 }),
      (e: unknown) => isScomoError(e, 'SCOMO_SERVER_BAD_REQUEST'),
    );
    assert.throws(
      () => tokens.sign({ ...claims, jobId: '' }),
      (e: unknown) => isScomoError(e, 'SCOMO_SERVER_BAD_REQUEST'),
    );
  });

  test('repository paths', () => {
    assert.equal(REPOSITORY_PATHS.package('http://r', 't.k', 'ab'), 'http://r/dl/t.k#sha256=ab');
    assert.equal(REPOSITORY_PATHS.signature('http://r', 't.k'), 'http://r/dl/t.k.sig');
    assert.equal(REPOSITORY_PATHS.descriptor('http://r', 't.k'), 'http://r/dl/t.k/dd');
    assert.equal(REPOSITORY_PATHS.notify('http://r', 't.k'), 'http://r/dl/t.k/notify');
  });
});
