/**
 * The BlobStore contract (DESIGN.md "Ports have contract suites"): every BlobStore adapter runs it.
 *
 *   runBlobStoreContract('file', async () => FileBlobStore.open(await mkdtemp(…)));
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import type { BlobStore } from './blob-store.ts';

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source) parts.push(chunk);
  return Buffer.concat(parts);
}

function rejectsWith(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isScomoError(error), `expected a ScomoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function* pieces(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* parts;
}

export function runBlobStoreContract(name: string, makeStore: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    const bytes = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7) % 251));
    const sha = createHash('sha256').update(bytes).digest('hex');

    test('put stores bytes under their sha256; put again keeps the first', async () => {
      const store = await makeStore();
      const info = await store.put(bytes);
      assert.equal(info.sha256, sha);
      assert.equal(info.size, bytes.length);
      assert.deepEqual(await store.stat(sha), info);
      assert.deepEqual(await collect(await store.read(sha)), Buffer.from(bytes));
      const again = await store.put(pieces(bytes.slice(0, 1000), bytes.slice(1000)));
      assert.deepEqual(again, info);
    });

    test('put streams an async iterable', async () => {
      const store = await makeStore();
      const info = await store.put(chunks('hello ', 'blob ', '✓'));
      assert.equal(info.sha256, createHash('sha256').update('hello blob ✓').digest('hex'));
      assert.equal((await collect(await store.read(info.sha256))).toString(), 'hello blob ✓');
    });

    test('ranges are [start, end) and clamped to the blob', async () => {
      const store = await makeStore();
      await store.put(bytes);
      assert.deepEqual(
        await collect(await store.read(sha, { start: 10, end: 20 })),
        Buffer.from(bytes.slice(10, 20)),
      );
      assert.deepEqual(
        await collect(await store.read(sha, { start: 2990, end: 9999 })),
        Buffer.from(bytes.slice(2990)),
      );
      assert.equal((await collect(await store.read(sha, { start: 5000, end: 6000 }))).length, 0);
      assert.equal((await collect(await store.read(sha, { start: 7, end: 7 }))).length, 0);
    });

    test('maxBytes refuses a larger blob and stores nothing', async () => {
      const store = await makeStore();
      await assert.rejects(store.put(bytes, { maxBytes: 100 }), rejectsWith('SCOMO_BLOB_TOO_LARGE'));
      assert.equal(await store.stat(sha), null);
    });

    test('unknown and malformed keys', async () => {
      const store = await makeStore();
      assert.equal(await store.stat('0'.repeat(64)), null);
      await assert.rejects(store.read('0'.repeat(64)), rejectsWith('SCOMO_BLOB_NOT_FOUND'));
      await assert.rejects(store.stat('../etc/passwd'), rejectsWith('SCOMO_BLOB_BAD_KEY'));
      await assert.rejects(store.read('A'.repeat(64)), rejectsWith('SCOMO_BLOB_BAD_KEY'));
    });

    test('sidecars live next to their blob and go with it', async () => {
      const store = await makeStore();
      await store.put(bytes);
      assert.equal(await store.getSidecar(sha, 'sig'), null);
      await store.putSidecar(sha, 'sig', new Uint8Array([1, 2, 3]));
      await store.putSidecar(sha, 'sig', new Uint8Array([4, 5]));
      assert.deepEqual(await store.getSidecar(sha, 'sig'), new Uint8Array([4, 5]));
      await assert.rejects(
        store.putSidecar(sha, '../x', new Uint8Array(1)),
        rejectsWith('SCOMO_BLOB_BAD_KEY'),
      );
      await assert.rejects(
        store.putSidecar('1'.repeat(64), 'sig', new Uint8Array(1)),
        rejectsWith('SCOMO_BLOB_NOT_FOUND'),
      );
      assert.equal(await store.delete(sha), true);
      assert.equal(await store.delete(sha), false);
      assert.equal(await store.stat(sha), null);
      assert.equal(await store.getSidecar(sha, 'sig'), null);
    });
  });
}
