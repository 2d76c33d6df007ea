import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ScomoError } from '../../errors/index.ts';
import { BLOB_ERROR_CODES, BLOB_KEY, SIDECAR_NAME } from '../../server/index.ts';
import type { BlobInfo, BlobRange, BlobStore, PutBlobOptions } from '../../server/index.ts';

/**
 * The BlobStore port on a directory (the embedded default, `<data>/blobs`):
 *
 *   <dir>/<first two hex digits>/<sha256>          the blob
 *   <dir>/<first two hex digits>/<sha256>.<name>   its sidecars (e.g. `.sig`)
 *   <dir>/tmp/                                     uploads in progress
 *
 * A blob is written to tmp/, fsynced, then renamed to its key (rename is atomic on one file system),
 * so a key never names a partial blob, even after a crash; leftovers in tmp/ are removed at open.
 * storedAt is the blob file's mtime.
 */
export class FileBlobStore implements BlobStore {
  readonly #dir: string;

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Creates the directory if needed and clears interrupted uploads. */
  static async open(dir: string): Promise<FileBlobStore> {
    const root = path.resolve(dir);
    await io(`create the blob directory ${root}`, async () => {
      await rm(path.join(root, 'tmp'), { recursive: true, force: true });
      await mkdir(path.join(root, 'tmp'), { recursive: true });
    });
    return new FileBlobStore(root);
  }

  async put(source: AsyncIterable<Uint8Array> | Uint8Array, options: PutBlobOptions = {}): Promise<BlobInfo> {
    const temp = path.join(this.#dir, 'tmp', randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    let handle: FileHandle | undefined;
    try {
      handle = await io('create an upload file', () => open(temp, 'wx'));
      const chunks = source instanceof Uint8Array ? [source] : source;
      for await (const chunk of chunks) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw new ScomoError(
            BLOB_ERROR_CODES.tooLarge,
            `The blob is larger than the ${options.maxBytes} bytes allowed.`,
          );
        }
        hash.update(chunk);
        const file = handle;
        await io('write an upload', () => writeAll(file, chunk));
      }
      const file = handle;
      await io('flush an upload', () => file.sync());
      await handle.close();
      handle = undefined;
      const sha256 = hash.digest('hex');
      const final = this.#path(sha256);
      const existing = await this.stat(sha256);
      if (existing !== null) {
        await unlink(temp);
        return existing;
      }
      await io('store a blob', async () => {
        await mkdir(path.dirname(final), { recursive: true });
        await rename(temp, final);
      });
      const info = await this.stat(sha256);
      if (info === null)
        throw new ScomoError(BLOB_ERROR_CODES.io, `Blob ${sha256} vanished after it was stored.`);
      return info;
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    const file = this.#path(sha256);
    try {
      const info = await stat(file);
      return { sha256, size: info.size, storedAt: Math.floor(info.mtimeMs) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw ioError(`read blob ${sha256}`, error);
    }
  }

  async read(sha256: string, range?: BlobRange): Promise<AsyncIterable<Uint8Array>> {
    const info = await this.stat(sha256);
    if (info === null) throw notFound(sha256);
    const start = Math.max(0, Math.min(range?.start ?? 0, info.size));
    const end = Math.max(start, Math.min(range?.end ?? info.size, info.size));
    if (end === start) return Readable.from([]);
    // createReadStream's `end` is inclusive.
    return createReadStream(this.#path(sha256), { start, end: end - 1, highWaterMark: 256 * 1024 });
  }

  async delete(sha256: string): Promise<boolean> {
    const file = this.#path(sha256);
    const existed = (await this.stat(sha256)) !== null;
    await io(`delete blob ${sha256}`, async () => {
      const dir = path.dirname(file);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (name === sha256 || name.startsWith(`${sha256}.`)) await rm(path.join(dir, name), { force: true });
      }
    });
    return existed;
  }

  async putSidecar(sha256: string, name: string, bytes: Uint8Array): Promise<void> {
    const file = this.#sidecarPath(sha256, name);
    if ((await this.stat(sha256)) === null) throw notFound(sha256);
    const temp = path.join(this.#dir, 'tmp', randomBytes(12).toString('hex'));
    await io(`store sidecar ${name} of blob ${sha256}`, async () => {
      const handle = await open(temp, 'wx');
      try {
        await writeAll(handle, bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    });
  }

  async getSidecar(sha256: string, name: string): Promise<Uint8Array | null> {
    const file = this.#sidecarPath(sha256, name);
    try {
      return new Uint8Array(await readFile(file));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw ioError(`read sidecar ${name} of blob ${sha256}`, error);
    }
  }

  #path(sha256: string): string {
    if (!BLOB_KEY.test(sha256)) {
      throw new ScomoError(
        BLOB_ERROR_CODES.badKey,
        `"${sha256.slice(0, 80)}" is not a blob key; expected 64 lowercase hex digits (a sha256).`,
      );
    }
    return path.join(this.#dir, sha256.slice(0, 2), sha256);
  }

  #sidecarPath(sha256: string, name: string): string {
    if (!SIDECAR_NAME.test(name)) {
      throw new ScomoError(
        BLOB_ERROR_CODES.badKey,
        `"${name.slice(0, 40)}" is not a sidecar name; expected a short lowercase word such as "sig".`,
      );
    }
    return `${this.#path(sha256)}.${name}`;
  }
}

/** FileHandle.write may write less than asked; go on until every byte is written. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, at, bytes.length - at);
    at += bytesWritten;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function notFound(sha256: string): ScomoError {
  return new ScomoError(BLOB_ERROR_CODES.notFound, `There is no blob ${sha256}.`);
}

function ioError(what: string, cause: unknown): ScomoError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new ScomoError(
    BLOB_ERROR_CODES.io,
    `Could not ${what}: ${code ?? (cause instanceof Error ? cause.message : String(cause))}.`,
    { cause },
  );
}

async function io<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ScomoError) throw error;
    throw ioError(what, error);
  }
}
