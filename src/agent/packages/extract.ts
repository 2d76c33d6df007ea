import { link, mkdir, open, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { walkArchive } from './archive.ts';
import type { ArchiveFormat, ArchiveLimits, EntryVisitor } from './archive-types.ts';
import { EntryChecker } from './entry-checker.ts';
import { storageFailure } from './space.ts';

export interface ExtractOptions {
  readonly limits: ArchiveLimits;
  /**
   * Called before each piece of file data is written, with its length: the space meter (it throws
   * SCOMO_STORAGE_FULL to stop the extraction).
   */
  readonly onWrite?: (bytes: number) => void | Promise<void>;
}

export interface ExtractSummary {
  readonly format: ArchiveFormat;
  readonly entries: number;
  /** Bytes of file data written. */
  readonly bytes: number;
}

/**
 * Extracts the archive into `dest`, which must not exist yet (it is created; callers extract into a
 * staging directory and rename). Nothing is ever written outside `dest`:
 * - entry paths are canonical relative paths (no absolute, no "..": normalizeEntryPath);
 * - nothing is written through a link: an entry whose parent path is a symlink or a file is refused,
 *   and files are created with O_EXCL, so no pre-existing name is followed;
 * - symlinks must be relative and resolve inside `dest`; hardlinks may only repeat a file extracted
 *   earlier; device files, FIFOs and sockets are refused;
 * - modes keep only the execute bits (0755 / 0644): no setuid, setgid or sticky bits.
 */
export async function extractArchive(
  archive: string,
  dest: string,
  options: ExtractOptions,
): Promise<ExtractSummary> {
  await mkdir(dest, { recursive: false, mode: 0o755 });
  const checker = new EntryChecker();
  let entries = 0;
  let bytes = 0;
  const visit: EntryVisitor = async (entry, body) => {
    entries++;
    const checked = checker.check(entry);
    if (checked.kind === 'skip') return;
    for (const parent of checked.parents) await mkdir(join(dest, parent), { mode: 0o755 });
    const target = join(dest, checked.path);
    switch (checked.kind) {
      case 'directory':
        await mkdir(target, { mode: 0o755 }).catch(ignoreExisting);
        return;
      case 'file':
        bytes += await writeFile(target, body, entry.mode, options.onWrite);
        return;
      case 'symlink':
        await symlink(checked.linkTarget ?? '', target);
        return;
      case 'hardlink':
        await link(join(dest, checked.linkTarget ?? ''), target);
        return;
    }
  };
  const format = await walkArchive(archive, options.limits, visit);
  return { format, entries, bytes };
}

async function writeFile(
  target: string,
  body: AsyncIterable<Uint8Array>,
  mode: number,
  onWrite: ExtractOptions['onWrite'],
): Promise<number> {
  const permissions = (mode & 0o111) !== 0 ? 0o755 : 0o644;
  // 'wx' = O_CREAT|O_EXCL: never follows or overwrites an existing name.
  const handle = await open(target, 'wx', permissions);
  let written = 0;
  try {
    for await (const piece of body) {
      const pending = onWrite?.(piece.length);
      if (pending !== undefined) await pending;
      let at = 0;
      while (at < piece.length) {
        const { bytesWritten } = await handle.write(piece, at, piece.length - at);
        at += bytesWritten;
      }
      written += piece.length;
    }
    // The umask must not decide whether a hook is executable.
    await handle.chmod(permissions);
  } catch (err) {
    throw storageFailure(err, `writing ${target}`) ?? err;
  } finally {
    await handle.close();
  }
  return written;
}

function ignoreExisting(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
}
