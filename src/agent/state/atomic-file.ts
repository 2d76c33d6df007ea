import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `file` so that a crash at any moment leaves either the old or the new content, never a
 * mix: write a temporary sibling, fsync it, rename it over the target, fsync the directory so the
 * rename itself is durable.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = dirname(file);
  const temporary = join(dir, `.${basename(file)}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot open or fsync a directory (Windows: EPERM/EISDIR); the rename is then
    // as durable as the platform makes it, which is all that can be had there.
  } finally {
    await handle?.close();
  }
}
