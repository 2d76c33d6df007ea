import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../state/atomic-file.ts';
import type { DownloadDescriptor } from './descriptor.ts';

/**
 * What a resumable download remembers next to its `.part` file (`<dest>.part.json`, written with
 * write-then-rename + fsync): where the bytes come from, the validators for If-Range, and how many
 * bytes of the `.part` file are known durable (fsynced). After a crash the `.part` file is cut back
 * to `syncedBytes` and the transfer resumes there with a Range request.
 */
export interface PartState {
  readonly version: 1;
  /** PkgURL as the operation gave it: a different one means a different download. */
  readonly sourceUrl: string;
  /** The object's URL (the descriptor's objectURI, or sourceUrl), after redirects are followed. */
  readonly objectUrl: string;
  readonly descriptor?: DownloadDescriptor;
  /** Strong ETag of the object, for If-Range (RFC 9110 §13.1.5: a weak one may not be used). */
  readonly etag?: string;
  readonly lastModified?: string;
  /** Total size of the object when the server said it. */
  readonly total?: number;
  readonly contentType?: string;
  syncedBytes: number;
}

export function partFile(dest: string): string {
  return `${dest}.part`;
}

export function partStateFile(dest: string): string {
  return `${dest}.part.json`;
}

export async function loadPartState(dest: string): Promise<PartState | undefined> {
  try {
    const value = JSON.parse(await readFile(partStateFile(dest), 'utf8')) as PartState;
    if (
      value.version !== 1 ||
      typeof value.sourceUrl !== 'string' ||
      typeof value.objectUrl !== 'string' ||
      !Number.isSafeInteger(value.syncedBytes)
    ) {
      return undefined;
    }
    return value;
  } catch {
    // Missing or unreadable: the download starts over, which is always safe.
    return undefined;
  }
}

export async function savePartState(dest: string, state: PartState): Promise<void> {
  await writeFileAtomic(partStateFile(dest), `${JSON.stringify(state)}\n`);
}

/** Forgets a download: the `.part` file and its state. */
export async function discardPart(dest: string): Promise<void> {
  await rm(partFile(dest), { force: true });
  await rm(partStateFile(dest), { force: true });
}
