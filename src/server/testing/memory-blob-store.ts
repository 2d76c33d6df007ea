import { createHash } from 'node:crypto';
import { ScomoError } from '../../errors/index.ts';
import { BLOB_ERROR_CODES, BLOB_KEY, SIDECAR_NAME } from '../ports/blob-store.ts';
import type { BlobInfo, BlobRange, BlobStore, PutBlobOptions } from '../ports/blob-store.ts';
import type { Clock } from '../ports/clock.ts';

/** An in-memory BlobStore for tests; `clock` stamps storedAt (default: a fixed time). */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, { bytes: Uint8Array; storedAt: number }>();
  readonly #sidecars = new Map<string, Uint8Array>();
  readonly #clock: Clock;

  constructor(clock: Clock = { now: () => 1_700_000_000_000 }) {
    this.#clock = clock;
  }

  async put(source: AsyncIterable<Uint8Array> | Uint8Array, options: PutBlobOptions = {}): Promise<BlobInfo> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of source instanceof Uint8Array ? [source] : source) {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        throw new ScomoError(
          BLOB_ERROR_CODES.tooLarge,
          `The blob is larger than the ${options.maxBytes} bytes allowed.`,
        );
      }
      parts.push(new Uint8Array(chunk));
    }
    const bytes = new Uint8Array(Buffer.concat(parts));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.#blobs.has(sha256)) this.#blobs.set(sha256, { bytes, storedAt: this.#clock.now() });
    return this.#info(sha256);
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    checkKey(sha256);
    return this.#blobs.has(sha256) ? this.#info(sha256) : null;
  }

  async read(sha256: string, range?: BlobRange): Promise<AsyncIterable<Uint8Array>> {
    checkKey(sha256);
    const blob = this.#blobs.get(sha256);
    if (blob === undefined) throw new ScomoError(BLOB_ERROR_CODES.notFound, `There is no blob ${sha256}.`);
    const start = Math.max(0, Math.min(range?.start ?? 0, blob.bytes.length));
    const end = Math.max(start, Math.min(range?.end ?? blob.bytes.length, blob.bytes.length));
    const slice = blob.bytes.slice(start, end);
    // Several small chunks, as a file stream gives them, so readers are tested on chunk borders.
    const step = Math.max(1, Math.ceil(slice.length / 3));
    return (async function* () {
      for (let at = 0; at < slice.length; at += step) yield slice.slice(at, at + step);
    })();
  }

  async delete(sha256: string): Promise<boolean> {
    checkKey(sha256);
    for (const key of [...this.#sidecars.keys()])
      if (key.startsWith(`${sha256}.`)) this.#sidecars.delete(key);
    return this.#blobs.delete(sha256);
  }

  async putSidecar(sha256: string, name: string, bytes: Uint8Array): Promise<void> {
    checkKey(sha256, name);
    if (!this.#blobs.has(sha256))
      throw new ScomoError(BLOB_ERROR_CODES.notFound, `There is no blob ${sha256}.`);
    this.#sidecars.set(`${sha256}.${name}`, new Uint8Array(bytes));
  }

  async getSidecar(sha256: string, name: string): Promise<Uint8Array | null> {
    checkKey(sha256, name);
    const bytes = this.#sidecars.get(`${sha256}.${name}`);
    return bytes === undefined ? null : new Uint8Array(bytes);
  }

  #info(sha256: string): BlobInfo {
    const blob = this.#blobs.get(sha256);
    if (blob === undefined) throw new ScomoError(BLOB_ERROR_CODES.notFound, `There is no blob ${sha256}.`);
    return { sha256, size: blob.bytes.length, storedAt: blob.storedAt };
  }
}

function checkKey(sha256: string, sidecar?: string): void {
  if (!BLOB_KEY.test(sha256)) {
    throw new ScomoError(
      BLOB_ERROR_CODES.badKey,
      `"${sha256.slice(0, 80)}" is not a blob key (64 lowercase hex digits).`,
    );
  }
  if (sidecar !== undefined && !SIDECAR_NAME.test(sidecar)) {
    throw new ScomoError(BLOB_ERROR_CODES.badKey, `"${sidecar.slice(0, 40)}" is not a sidecar name.`);
  }
}
