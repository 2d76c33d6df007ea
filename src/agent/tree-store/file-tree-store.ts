/**
 * FileTreeStore: the management tree in one file, replaced atomically.
 *
 * save(): write `.<name>.<random>.tmp` in the same directory → fsync it → (keepBackup) hard-link the
 * current file to `<name>.bak` → rename the temp file over `<name>` → fsync the directory. A crash at
 * any point leaves `<name>` holding the last committed tree (rename is atomic on POSIX and NTFS), and
 * `<name>.bak` the one before. Saves from one store are serialised; one process owns a file.
 *
 * load(): removes leftover temp files, reads `<name>` and checks length, SHA-256 and snapshot shape
 * (file-format.ts). A damaged or missing main file with a good backup: the backup is returned and the
 * problem reported through `onRecover` as a TreeStoreError naming the file; without a good backup the
 * error is thrown.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import type { TreeSnapshot } from '../../tree/index.ts';
import { TreeStoreError } from './errors.ts';
import { decodeTreeFile, encodeTreeFile } from './file-format.ts';
import type { TreeStore } from './port.ts';

/** The file system calls the store makes (injectable to simulate crashes in tests). */
export type TreeStoreFs = Pick<
  typeof fsp,
  'open' | 'rename' | 'link' | 'unlink' | 'readFile' | 'readdir' | 'copyFile' | 'mkdir'
>;

export interface FileTreeStoreOptions {
  /** Keep the previous version as `<file>.bak` to fall back on (default true). */
  readonly keepBackup?: boolean;
  /** Told when load() fell back to the backup; the error names the damaged or missing file. */
  readonly onRecover?: (problem: TreeStoreError) => void;
  readonly fs?: TreeStoreFs;
}

type ReadResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ok'; readonly snapshot: TreeSnapshot }
  | { readonly kind: 'corrupt'; readonly error: TreeStoreError };

function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

export class FileTreeStore implements TreeStore {
  readonly file: string;
  readonly backupFile: string;
  readonly #dir: string;
  readonly #base: string;
  readonly #keepBackup: boolean;
  readonly #onRecover: ((problem: TreeStoreError) => void) | undefined;
  readonly #fs: TreeStoreFs;
  #queue: Promise<void> = Promise.resolve();

  constructor(file: string, options: FileTreeStoreOptions = {}) {
    this.file = path.resolve(file);
    this.backupFile = `${this.file}.bak`;
    this.#dir = path.dirname(this.file);
    this.#base = path.basename(this.file);
    this.#keepBackup = options.keepBackup ?? true;
    this.#onRecover = options.onRecover;
    this.#fs = options.fs ?? fsp;
  }

  async load(): Promise<TreeSnapshot | undefined> {
    await this.#removeTempFiles();
    const primary = await this.#read(this.file);
    if (primary.kind === 'ok') return primary.snapshot;
    const backup: ReadResult = this.#keepBackup ? await this.#read(this.backupFile) : { kind: 'missing' };
    if (primary.kind === 'missing') {
      if (backup.kind === 'missing') return undefined;
      if (backup.kind === 'corrupt') throw backup.error;
      this.#onRecover?.(
        new TreeStoreError(
          'SCOMO_TREE_STORE_MISSING',
          this.file,
          `Tree file ${this.file} is missing; using the backup ${this.backupFile}`,
        ),
      );
      return backup.snapshot;
    }
    if (backup.kind !== 'ok') throw primary.error;
    this.#onRecover?.(primary.error);
    return backup.snapshot;
  }

  save(snapshot: TreeSnapshot): Promise<void> {
    const run = this.#queue.then(() => this.#write(snapshot));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(file: string): Promise<ReadResult> {
    let bytes: Uint8Array;
    try {
      bytes = await this.#fs.readFile(file);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return { kind: 'missing' };
      throw new TreeStoreError(
        'SCOMO_TREE_STORE_IO',
        file,
        `Cannot read tree file ${file}: ${(err as Error).message}`,
        err,
      );
    }
    const decoded = decodeTreeFile(bytes);
    if (decoded.ok) return { kind: 'ok', snapshot: decoded.snapshot };
    return {
      kind: 'corrupt',
      error: new TreeStoreError(
        'SCOMO_TREE_STORE_CORRUPT',
        file,
        `Tree file ${file} is corrupt: ${decoded.reason}`,
      ),
    };
  }

  #isTempName(name: string): boolean {
    return name.startsWith(`.${this.#base}.`) && name.endsWith('.tmp');
  }

  async #removeTempFiles(): Promise<void> {
    let names: string[];
    try {
      names = await this.#fs.readdir(this.#dir);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return;
      throw new TreeStoreError(
        'SCOMO_TREE_STORE_IO',
        this.#dir,
        `Cannot list ${this.#dir}: ${(err as Error).message}`,
        err,
      );
    }
    for (const name of names) {
      if (this.#isTempName(name)) await this.#fs.unlink(path.join(this.#dir, name)).catch(() => undefined);
    }
  }

  async #write(snapshot: TreeSnapshot): Promise<void> {
    const data = encodeTreeFile(snapshot);
    const tmp = path.join(this.#dir, `.${this.#base}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await this.#fs.mkdir(this.#dir, { recursive: true });
      // 0600: the tree holds DMAcc secrets.
      const fh = await this.#fs.open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      if (this.#keepBackup) await this.#backup();
      await this.#fs.rename(tmp, this.file);
      await this.#syncDir();
    } catch (err) {
      await this.#fs.unlink(tmp).catch(() => undefined);
      if (err instanceof TreeStoreError) throw err;
      throw new TreeStoreError(
        'SCOMO_TREE_STORE_IO',
        this.file,
        `Cannot save tree file ${this.file}: ${(err as Error).message}`,
        err,
      );
    }
  }

  /** `<file>.bak` := the current `<file>` (a hard link: no copy, no window without a main file). */
  async #backup(): Promise<void> {
    await this.#fs.unlink(this.backupFile).catch((err: unknown) => {
      if (errnoOf(err) !== 'ENOENT') throw err;
    });
    try {
      await this.#fs.link(this.file, this.backupFile);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ENOENT') return; // first save: nothing to keep
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw err;
      // File systems without hard links: copy, then make the copy durable.
      await this.#fs.copyFile(this.file, this.backupFile);
      const fh = await this.#fs.open(this.backupFile, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  }

  /** fsync the directory so the rename itself survives a power loss (POSIX; not possible on Windows). */
  async #syncDir(): Promise<void> {
    let dh: fsp.FileHandle | undefined;
    try {
      dh = await this.#fs.open(this.#dir, 'r');
      await dh.sync();
    } catch (err) {
      const code = errnoOf(err);
      if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
    } finally {
      await dh?.close();
    }
  }
}
