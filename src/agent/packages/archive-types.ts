/** What an archive entry is; `other` covers device files, FIFOs and sockets, which are refused. */
export const ENTRY_KINDS = ['file', 'directory', 'symlink', 'hardlink', 'other'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** The archive formats a Delivery Package may use. */
export const ARCHIVE_FORMATS = ['tar.gz', 'tar', 'zip'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

/** One entry as the archive states it, before any safety check. */
export interface ArchiveEntry {
  /** The name as stored (not yet normalized). */
  readonly path: string;
  readonly kind: EntryKind;
  /** Uncompressed bytes of the body (0 for everything but files). */
  readonly size: number;
  /** Permission bits as stored (0 when the format has none). */
  readonly mode: number;
  /** Symlink target, or the archive path a hardlink repeats. */
  readonly linkTarget?: string;
  /** For `other`: what it is ("character device", "FIFO", …), for the error message. */
  readonly detail?: string;
}

/**
 * Bounds on what an archive may expand to (zip-bomb defence). Both readers count the declared sizes of
 * every entry, read or skipped, and the zip reader also stops an entry that inflates past its
 * declared size.
 */
export interface ArchiveLimits {
  /** Entries of any kind. */
  readonly maxEntries: number;
  /** Sum of the uncompressed sizes of all entries. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxTotalBytes: 2 * 1024 ** 3 };

/**
 * Called once per entry, in archive order, with its body (empty for non-files). The visitor may read
 * the body or not; the reader skips what is left. Returning 'stop' ends the walk early.
 */
export type EntryVisitor = (
  entry: ArchiveEntry,
  body: AsyncIterable<Uint8Array>,
) => Promise<'stop' | undefined>;
