import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runBlobStoreContract } from '../../server/testing/index.ts';
import { FileBlobStore } from './file-blob-store.ts';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scomo-blobs-'));
  dirs.push(dir);
  return dir;
}

runBlobStoreContract('file', async () => FileBlobStore.open(await freshDir()));

test('blobs survive a reopen; interrupted uploads are cleared at open', async () => {
  const dir = await freshDir();
  const store = await FileBlobStore.open(dir);
  const info = await store.put(new TextEncoder().encode('persist me'));
  await mkdir(path.join(dir, 'tmp'), { recursive: true });
  await writeFile(path.join(dir, 'tmp', 'half-written'), 'partial');
  const reopened = await FileBlobStore.open(dir);
  assert.deepEqual(await reopened.stat(info.sha256), info);
  assert.deepEqual(await readdir(path.join(dir, 'tmp')), []);
});

test('a refused upload leaves no file behind', async () => {
  const dir = await freshDir();
  const store = await FileBlobStore.open(dir);
  await assert.rejects(store.put(new Uint8Array(64), { maxBytes: 10 }));
  assert.deepEqual(await readdir(path.join(dir, 'tmp')), []);
  assert.deepEqual((await readdir(dir)).sort(), ['tmp']);
});
