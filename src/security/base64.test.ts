import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromB64, toB64 } from './base64.ts';

describe('base64 (Format b64)', () => {
  test('encodes with padding, including views into larger buffers', () => {
    const big = Uint8Array.of(9, 9, 1, 2, 3, 4, 9);
    assert.equal(toB64(big.subarray(2, 6)), 'AQIDBA==');
  });

  test('decodes padded, unpadded and wrapped input', () => {
    assert.deepEqual(fromB64('AQIDBA=='), Uint8Array.of(1, 2, 3, 4));
    assert.deepEqual(fromB64('AQIDBA'), Uint8Array.of(1, 2, 3, 4));
    assert.deepEqual(fromB64(' AQID\r\n BA== '), Uint8Array.of(1, 2, 3, 4));
    assert.deepEqual(fromB64(''), new Uint8Array(0));
  });

  test('rejects characters outside the alphabet and impossible lengths', () => {
    for (const text of ['AQID!A==', 'AQIDB', 'AQIDBA=', 'AQIDBA===', 'A=QI', '-_-_', 'AQ==AQ==']) {
      assert.equal(fromB64(text), undefined, text);
    }
  });
});
