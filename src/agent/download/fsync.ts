import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsyncs the directory holding `file`, so a rename into it is durable (POSIX rename(2) + fsync(2)). */
export async function syncDirectory(file: string): Promise<void> {
  let handle;
  try {
    handle = await open(dirname(file), 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename is then as durable as they make it.
  } finally {
    await handle?.close();
  }
}
