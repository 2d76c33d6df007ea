import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { isScomoError } from '../../errors/index.ts';
import type { ArchiveFormat, ArchiveLimits, EntryVisitor } from './archive-types.ts';
import { packageError } from './errors.ts';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifestBytes } from './manifest.ts';
import type { PackageManifest } from './manifest.ts';
import { normalizeEntryPath } from './safe-path.ts';
import { walkTar } from './tar.ts';
import { walkZip } from './zip.ts';

/** Tells the format by the first bytes: gzip magic (RFC 1952 §2.3.1), zip local/end record, ustar magic. */
export async function detectArchiveFormat(path: string): Promise<ArchiveFormat> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  if (head.length >= 4 && (head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50))
    return 'zip';
  if (head.length === 512 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  throw packageError(
    'SCOMO_PACKAGE_ARCHIVE',
    'The package is neither a gzip-compressed tar, a tar nor a zip archive (checked by its first bytes).',
  );
}

/** Walks any supported archive; gzip and zip decoding failures become SCOMO_PACKAGE_ARCHIVE. */
export async function walkArchive(
  path: string,
  limits: ArchiveLimits,
  visitor: EntryVisitor,
): Promise<ArchiveFormat> {
  const format = await detectArchiveFormat(path);
  if (format === 'zip') {
    await walkZip(path, limits, visitor);
    return format;
  }
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const source = format === 'tar.gz' ? file.pipe(createGunzip()) : file;
  if (source !== file) file.on('error', (err) => source.destroy(err));
  try {
    await walkTar(source, limits, visitor);
  } catch (err) {
    if (isScomoError(err)) throw err;
    throw packageError(
      'SCOMO_PACKAGE_ARCHIVE',
      `The package does not decompress (${(err as Error).message}).`,
      {
        cause: err,
      },
    );
  } finally {
    file.destroy();
    source.destroy();
  }
  return format;
}

/**
 * Reads and validates the manifest at the archive root without extracting anything else (for a
 * tar.gz it stops decompressing once the manifest has been read).
 */
export async function readArchiveManifest(path: string, limits: ArchiveLimits): Promise<PackageManifest> {
  let manifest: PackageManifest | undefined;
  await walkArchive(path, limits, async (entry, body) => {
    if (entry.kind !== 'file' || normalizeEntryPath(entry.path) !== MANIFEST_FILE) return;
    if (entry.size > MAX_MANIFEST_BYTES) {
      throw packageError(
        'SCOMO_PACKAGE_MANIFEST',
        `Invalid package manifest: ${MANIFEST_FILE} is ${entry.size} bytes; at most ${MAX_MANIFEST_BYTES} are read.`,
      );
    }
    const parts: Uint8Array[] = [];
    for await (const piece of body) parts.push(piece);
    manifest = parseManifestBytes(Buffer.concat(parts));
    return 'stop';
  });
  if (manifest === undefined) {
    throw packageError(
      'SCOMO_PACKAGE_MANIFEST',
      `Invalid package manifest: the archive has no ${MANIFEST_FILE} at its root.`,
    );
  }
  return manifest;
}
