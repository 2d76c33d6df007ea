import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTrigger, encodeTrigger } from './index.ts';
import { isScomoError } from '../errors/index.ts';

const SECRET = { serverPassword: 'srvsecret', nonce: new Uint8Array(4) };
const VALID = encodeTrigger(
  { uiMode: 'background', initiator: 'server', sessionId: 0x1a2b, serverId: 'com.example.dms' },
  SECRET,
);

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectCode(bytes: Uint8Array, code: string, label: string): void {
  assert.throws(
    () => decodeTrigger(bytes),
    (err: unknown) => isScomoError(err) && err.code === code,
    label,
  );
}

describe('package #0 decode rejects bad input with typed errors', () => {
  test('every truncation of a valid package', () => {
    for (let length = 0; length < VALID.length; length++) {
      expectCode(VALID.subarray(0, length), 'SCOMO_PKG0_TRUNCATED', `length ${length}`);
    }
  });

  test('the error offset points at the end of the input', () => {
    try {
      decodeTrigger(VALID.subarray(0, 30));
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(isScomoError(err, 'SCOMO_PKG0_TRUNCATED'));
      assert.equal(err.offset, 30);
    }
  });

  test('a length-identifier larger than the rest', () => {
    const bytes = Uint8Array.from(VALID);
    bytes[23] = (bytes[23] ?? 0) + 1;
    expectCode(bytes, 'SCOMO_PKG0_TRUNCATED', 'idlen + 1');
    bytes[23] = 0xff;
    expectCode(bytes, 'SCOMO_PKG0_TRUNCATED', 'idlen 255');
  });

  test('unsupported versions', () => {
    for (const version of [0, 1, 9, 14, 20, 1023]) {
      const bytes = Uint8Array.from(VALID);
      bytes[16] = version >> 2;
      bytes[17] = ((version & 3) << 6) | ((bytes[17] ?? 0) & 0x3f);
      expectCode(bytes, 'SCOMO_PKG0_UNSUPPORTED_VERSION', `version ${version}`);
    }
  });

  test('empty and non-UTF-8 server identifiers', () => {
    const empty = Uint8Array.from(VALID.subarray(0, 24));
    empty[23] = 0;
    expectCode(empty, 'SCOMO_PKG0_EMPTY_SERVER_ID', 'idlen 0');
    const bad = Uint8Array.from(VALID);
    bad[24] = 0xff;
    expectCode(bad, 'SCOMO_PKG0_BAD_SERVER_ID', 'invalid UTF-8');
  });

  test('non-byte input', () => {
    // Untyped callers (JS, JSON) may pass anything.
    for (const value of [undefined, null, 'abc', [1, 2, 3], 42]) {
      expectCode(value as unknown as Uint8Array, 'SCOMO_PKG0_BAD_INPUT', String(value));
    }
  });

  test('random bytes decode or fail with SCOMO_PKG0_* only', () => {
    const random = prng(0x5c0e0);
    for (let n = 0; n < 5000; n++) {
      const bytes = new Uint8Array(Math.floor(random() * 64));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      // Bias some toward plausible headers so the later checks are reached.
      if (bytes.length > 17 && n % 2 === 0) {
        bytes[16] = 0x02;
        bytes[17] = 0xc0 | ((bytes[17] ?? 0) & 0x3f);
      }
      try {
        const decoded = decodeTrigger(bytes);
        assert.equal(decoded.trigger.length + 16, bytes.length);
      } catch (err) {
        assert.ok(isScomoError(err, 'SCOMO_PKG0_'), String(err));
      }
    }
  });

  test('random mutations of a valid package decode or fail with SCOMO_PKG0_* only', () => {
    const random = prng(42);
    for (let n = 0; n < 5000; n++) {
      const bytes = Uint8Array.from(VALID);
      const flips = 1 + Math.floor(random() * 4);
      for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      try {
        decodeTrigger(bytes.subarray(0, Math.floor(random() * (bytes.length + 1))));
      } catch (err) {
        assert.ok(isScomoError(err, 'SCOMO_PKG0_'), String(err));
      }
    }
  });
});
