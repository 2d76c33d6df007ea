import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionIdHex } from './index.ts';
import { isScomoError } from '../errors/index.ts';

describe('sessionIdHex (reference §2.2)', () => {
  test('upper-case hex without leading zeros', () => {
    assert.equal(sessionIdHex(0x001a), '1A');
    assert.equal(sessionIdHex(0x1a2b), '1A2B');
    assert.equal(sessionIdHex(0x0f0), 'F0');
    assert.equal(sessionIdHex(0), '0');
    assert.equal(sessionIdHex(0xffff), 'FFFF');
  });

  test('rejects values outside 0..0xFFFF', () => {
    for (const id of [-1, 0x10000, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => sessionIdHex(id),
        (err: unknown) => isScomoError(err) && err.code === 'SCOMO_PKG0_BAD_SESSION_ID',
        String(id),
      );
    }
  });
});
