/**
 * The BlobStore port (DESIGN.md "Scaling out": packages live in a BlobStore — the filesystem by
 * default, S3-compatible later). Blobs are content-addressed by their sha256, so storing the same
 * bytes twice stores them once and a key names the same bytes forever; a blob may carry small
 * named sidecars (its detached signature). The core declares the port; adapters live in src/store.
 */

/** What the store knows of a blob. */
export interface BlobInfo {
  /** Lowercase hex sha256 of the bytes: the blob's key. */
  readonly sha256: string;
  readonly size: number;
  /** When the blob was first stored (ms since the epoch); the repository's Last-Modified. */
  readonly storedAt: number;
}

export interface PutBlobOptions {
  /** Refuse (SCOMO_BLOB_TOO_LARGE) a blob longer than this many bytes. */
  readonly maxBytes?: number;
}

/** A byte range [start, end) of a blob; `end` is exclusive. */
export interface BlobRange {
  readonly start: number;
  readonly end: number;
}

export interface BlobStore {
  /**
   * Streams bytes in and stores them under their sha256 once complete (never a partial blob under a
   * key). Storing bytes that are already there keeps the existing blob and its storedAt.
   */
  put(source: AsyncIterable<Uint8Array> | Uint8Array, options?: PutBlobOptions): Promise<BlobInfo>;
  /** The blob's info, or null when there is none. */
  stat(sha256: string): Promise<BlobInfo | null>;
  /**
   * The blob's bytes, or those of `range` (clamped to the blob). Fails with SCOMO_BLOB_NOT_FOUND
   * when there is no such blob. The iterable is read once.
   */
  read(sha256: string, range?: BlobRange): Promise<AsyncIterable<Uint8Array>>;
  /** Removes the blob and its sidecars; returns whether it existed. */
  delete(sha256: string): Promise<boolean>;
  /** Stores (or replaces) a small named sidecar of an existing blob, e.g. `sig`. */
  putSidecar(sha256: string, name: string, bytes: Uint8Array): Promise<void>;
  /** The sidecar's bytes, or null when there is none. */
  getSidecar(sha256: string, name: string): Promise<Uint8Array | null>;
}

/** Sidecar names are short lowercase words (they become file suffixes in the filesystem adapter). */
export const SIDECAR_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** A blob key: 64 lowercase hex digits. */
export const BLOB_KEY = /^[0-9a-f]{64}$/;

/** Stable error codes every BlobStore adapter throws (as ScomoError). */
export const BLOB_ERROR_CODES = {
  /** read / putSidecar of a key with no blob. */
  notFound: 'SCOMO_BLOB_NOT_FOUND',
  /** put of more than `maxBytes`. */
  tooLarge: 'SCOMO_BLOB_TOO_LARGE',
  /** A key that is not 64 lowercase hex digits, or a bad sidecar name. */
  badKey: 'SCOMO_BLOB_BAD_KEY',
  /** The underlying storage failed (disk full, permissions, …). */
  io: 'SCOMO_BLOB_IO',
} as const;
