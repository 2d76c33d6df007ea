import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScomoError } from './errors.ts';
import {
  encodeMbUint32,
  MB_UINT32_MAX,
  mbUint32Length,
  readMbUint32,
  writeMbUint32Into,
} from './mb-uint32.ts';
import { bytes, toHex } from './test-support.ts';

describe('mb_u_int32 (WBXML 1.3 §5.1)', () => {
  const vectors: [number, string][] = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8100'],
    [0xa0, '8120'], // the WBXML spec's own example
    [0x1201, 'a401'], // SyncML 1.2 public id
    [0x0fd3, '9f53'], // SyncML 1.1 public id
    [16383, 'ff7f'],
    [16384, '818000'],
    [0x1fffff, 'ffff7f'],
    [0x200000, '81808000'],
    [0x0fffffff, 'ffffff7f'],
    [0x10000000, '8180808000'],
    [MB_UINT32_MAX, '8fffffff7f'],
  ];

  for (const [value, hex] of vectors) {
    test(`${value} ⇄ ${hex}`, () => {
      assert.equal(toHex(encodeMbUint32(value)), hex);
      assert.equal(mbUint32Length(value), hex.length / 2);
      const input = bytes(0xee, ...encodeMbUint32(value), 0xee);
      assert.deepEqual(readMbUint32(input, 1), { value, next: 1 + hex.length / 2 });
    });
  }

  test('writes into a buffer at an offset and returns the next offset', () => {
    const target = new Uint8Array(8).fill(0xee);
    assert.equal(writeMbUint32Into(target, 2, 300), 4);
    assert.equal(toHex(target), 'eeee822ceeeeeeee');
  });

  test('accepts a non-minimal encoding within 5 bytes', () => {
    assert.deepEqual(readMbUint32(bytes(0x80, 0x80, 0x80, 0x80, 0x05), 0), { value: 5, next: 5 });
  });

  test('rejects a value above 2^32-1', () => {
    assert.throws(
      () => readMbUint32(bytes(0x90, 0x80, 0x80, 0x80, 0x00), 0),
      (err: unknown) =>
        err instanceof ScomoError && err.code === 'SCOMO_WBXML_BAD_MBUINT32' && err.offset === 0,
    );
  });

  test('rejects an encoding longer than 5 bytes', () => {
    assert.throws(
      () => readMbUint32(bytes(0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), 1),
      (err: unknown) =>
        err instanceof ScomoError && err.code === 'SCOMO_WBXML_BAD_MBUINT32' && err.offset === 1,
    );
  });

  test('reports truncation where the input ends', () => {
    for (const input of [bytes(), bytes(0x81), bytes(0x81, 0x80), bytes(0xff, 0xff, 0xff, 0xff)]) {
      assert.throws(
        () => readMbUint32(input, 0),
        (err: unknown) =>
          err instanceof ScomoError && err.code === 'SCOMO_WBXML_TRUNCATED' && err.offset === input.length,
      );
    }
  });

  test('refuses to encode what does not fit', () => {
    for (const value of [-1, 0.5, MB_UINT32_MAX + 1, Number.NaN]) {
      assert.throws(
        () => encodeMbUint32(value),
        (err: unknown) => err instanceof ScomoError && err.code === 'SCOMO_WBXML_BAD_MBUINT32',
      );
    }
  });
});
