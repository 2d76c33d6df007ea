import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  md5Digest,
  newNonce,
  nonceCandidates,
  nonceFromB64,
  nonceToB64,
  verifyMd5,
  NONCE_LENGTH,
} from './index.ts';
import { isScomoError } from '../errors/index.ts';

describe('nonces', () => {
  test('newNonce takes 16 bytes from the injected source and copies them', () => {
    const requested: number[] = [];
    const source = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
    const nonce = newNonce((n) => {
      requested.push(n);
      return source;
    });
    assert.deepEqual(requested, [NONCE_LENGTH]);
    assert.deepEqual(nonce, source);
    source[0] = 99;
    assert.equal(nonce[0], 0);
  });

  test('newNonce rejects a source that returns the wrong length', () => {
    assert.throws(
      () => newNonce(() => new Uint8Array(8)),
      (err: unknown) => isScomoError(err) && err.code === 'SCOMO_NONCE_BAD_LENGTH',
    );
  });

  test('b64 round trip', () => {
    const nonce = Uint8Array.of(0, 1, 2, 250, 251, 252, 253);
    assert.equal(nonceToB64(nonce), 'AAEC+vv8/Q==');
    assert.deepEqual(nonceFromB64('AAEC+vv8/Q=='), nonce);
    assert.deepEqual(nonceFromB64('AAAAAA=='), new Uint8Array(4));
  });

  test('nonceFromB64 rejects text that is not base64', () => {
    for (const text of ['Nonce', '***', 'AA=A']) {
      assert.throws(
        () => nonceFromB64(text),
        (err: unknown) => isScomoError(err) && err.code === 'SCOMO_NONCE_BAD_B64',
        text,
      );
    }
  });

  test('candidates: decoded bytes first, then the raw string (AOSP leniency)', () => {
    const enc = new TextEncoder();
    assert.deepEqual(nonceCandidates('AAAAAA=='), [new Uint8Array(4), enc.encode('AAAAAA==')]);
    // Not base64 (5 characters): only the raw bytes.
    assert.deepEqual(nonceCandidates('Nonce'), [enc.encode('Nonce')]);
  });

  test('a peer that hashed the undecoded NextNonce verifies through the second candidate', () => {
    const secret = { name: 'Bruce2', password: 'OhBehave' };
    const stored = 'bm9uY2U=';
    const sloppy = md5Digest('Bruce2', 'OhBehave', new TextEncoder().encode(stored));
    const strict = md5Digest('Bruce2', 'OhBehave', nonceFromB64(stored));
    const matchIndex = (data: string) => nonceCandidates(stored).findIndex((n) => verifyMd5(data, secret, n));
    assert.equal(matchIndex(strict), 0);
    assert.equal(matchIndex(sloppy), 1);
    assert.equal(matchIndex(md5Digest('Bruce2', 'wrong', nonceFromB64(stored))), -1);
  });
});
