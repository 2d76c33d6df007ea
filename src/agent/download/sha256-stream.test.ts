import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { inlineSha256, workerSha256 } from './sha256-stream.ts';
import type { Sha256Stream } from './sha256-stream.ts';

async function feed(stream: Sha256Stream, data: Uint8Array, piece: number): Promise<string> {
  try {
    for (let at = 0; at < data.length; at += piece) {
      const wait = stream.update(data.subarray(at, at + piece));
      if (wait !== undefined) await wait;
    }
    return await stream.digest();
  } finally {
    stream.dispose();
  }
}

describe('sha256 streams', () => {
  const expected = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

  test('inline', async () => {
    const data = randomBytes(100_000);
    assert.equal(await feed(inlineSha256(), data, 777), expected(data));
  });

  test('worker: many batches, odd piece sizes, back-pressure', async () => {
    const data = randomBytes(40 * 1024 * 1024 + 12_345);
    assert.equal(await feed(workerSha256(), data, 65_521), expected(data));
    // One huge piece crosses many batches in a single update.
    assert.equal(await feed(workerSha256(), data, data.length), expected(data));
  });

  test('worker: an object smaller than a batch never starts a thread and still hashes right', async () => {
    for (const size of [0, 1, 1024 * 1024 - 1, 1024 * 1024]) {
      const data = randomBytes(size);
      assert.equal(await feed(workerSha256(), data, 4096), expected(data), `size ${size}`);
    }
  });

  test('a disposed stream refuses more data', () => {
    const stream = workerSha256();
    stream.dispose();
    assert.throws(() => stream.update(new Uint8Array(1)), /disposed/);
  });
});
