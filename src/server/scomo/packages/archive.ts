/**
 * Reads a stored package's format and manifest from the BlobStore: the format by its first bytes
 * (gzip magic RFC 1952 §2.3.1, zip local header or end record, ustar magic), then the manifest —
 * a tar (optionally gzip-compressed) is read through once to its end, a zip by random access.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isScomoError } from '../../../errors/index.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { PackageFormat } from '../../ports/scomo-store.ts';
import { scomoServerError } from '../errors.ts';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifestBytes } from './manifest.ts';
import type { PackageManifest } from './manifest.ts';
import { scanTar } from './tar.ts';
import { scanZip } from './zip.ts';

export const CONTENT_TYPES: Readonly<Record<PackageFormat, string>> = {
  'tar.gz': 'application/gzip',
  tar: 'application/x-tar',
  zip: 'application/zip',
};

export interface ArchiveLimits {
  readonly maxEntries: number;
  /** Bytes a gzip stream may expand to (decompression bomb guard). */
  readonly maxExpandedBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 100_000, maxExpandedBytes: 8 * 1024 ** 3 };

export interface ArchiveInfo {
  readonly format: PackageFormat;
  readonly entries: number;
  readonly manifest: PackageManifest;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

export async function detectFormat(blobs: BlobStore, sha256: string): Promise<PackageFormat> {
  const head = await collect(await blobs.read(sha256, { start: 0, end: 512 }));
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  const magic = head.length >= 4 ? new DataView(head.buffer, head.byteOffset).getUint32(0, true) : 0;
  if (magic === 0x04034b50 || magic === 0x06054b50) return 'zip';
  if (head.length === 512 && new TextDecoder('latin1').decode(head.subarray(257, 262)) === 'ustar')
    return 'tar';
  throw scomoServerError(
    'SCOMO_SERVER_PACKAGE_ARCHIVE',
    'The package is neither a gzip-compressed tar, a tar nor a zip archive (checked by its first bytes).',
  );
}

/** Bounds the bytes a stream yields; past the bound it fails (a gzip bomb). */
async function* bounded(source: AsyncIterable<Uint8Array>, max: number): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > max) {
      throw scomoServerError(
        'SCOMO_SERVER_PACKAGE_ARCHIVE',
        `The package expands to more than ${max} bytes.`,
      );
    }
    yield chunk;
  }
}

async function readTar(
  blobs: BlobStore,
  sha256: string,
  gzip: boolean,
  limits: ArchiveLimits,
): Promise<{ entries: number; wanted: Uint8Array | null }> {
  const raw = Readable.from(await blobs.read(sha256));
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  try {
    return await scanTar(bounded(stream, limits.maxExpandedBytes), {
      path: MANIFEST_FILE,
      maxWantedBytes: MAX_MANIFEST_BYTES,
      maxEntries: limits.maxEntries,
    });
  } catch (error) {
    if (isScomoError(error)) throw error;
    throw scomoServerError(
      'SCOMO_SERVER_PACKAGE_ARCHIVE',
      `The package does not decompress (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

/** The package's format and validated manifest; damaged archives and bad manifests are refused. */
export async function inspectArchive(
  blobs: BlobStore,
  sha256: string,
  size: number,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ArchiveInfo> {
  const format = await detectFormat(blobs, sha256);
  const scan =
    format === 'zip'
      ? await scanZip(async (start, end) => collect(await blobs.read(sha256, { start, end })), size, {
          path: MANIFEST_FILE,
          maxWantedBytes: MAX_MANIFEST_BYTES,
          maxEntries: limits.maxEntries,
        })
      : await readTar(blobs, sha256, format === 'tar.gz', limits);
  if (scan.wanted === null) {
    throw scomoServerError(
      'SCOMO_SERVER_PACKAGE_MANIFEST',
      `Invalid package manifest: the archive has no ${MANIFEST_FILE} at its root.`,
    );
  }
  return { format, entries: scan.entries, manifest: parseManifestBytes(scan.wanted) };
}
