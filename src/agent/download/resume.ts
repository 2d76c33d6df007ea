import { createReadStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import { partFile } from './part-state.ts';
import type { PartState } from './part-state.ts';
import type { Sha256Stream } from './sha256-stream.ts';

export async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** Cuts the `.part` file back to its durable length (bytes beyond it may be garbage after a power cut). */
export async function trimToDurable(dest: string, state: PartState): Promise<void> {
  const size = await sizeOf(partFile(dest));
  if (size > state.syncedBytes) await truncate(partFile(dest), state.syncedBytes);
  if (size < state.syncedBytes) {
    // Shorter than recorded: the record cannot be trusted, start over.
    await truncate(partFile(dest), 0).catch(() => {});
    state.syncedBytes = 0;
  }
}

/** Feeds bytes [0, length) of the file to the hasher (resuming in a new process). */
export async function hashPrefix(file: string, length: number, hasher: Sha256Stream): Promise<void> {
  if (length === 0) return;
  for await (const chunk of createReadStream(file, {
    start: 0,
    end: length - 1,
    highWaterMark: 1024 * 1024,
  })) {
    const wait = hasher.update(chunk as Buffer);
    if (wait !== undefined) await wait;
  }
}
