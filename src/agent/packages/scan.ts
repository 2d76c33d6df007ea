import { walkArchive } from './archive.ts';
import type { ArchiveFormat, ArchiveLimits } from './archive-types.ts';
import { EntryChecker } from './entry-checker.ts';
import { packageError } from './errors.ts';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifestBytes } from './manifest.ts';
import type { PackageManifest } from './manifest.ts';

export interface ArchiveScan {
  readonly format: ArchiveFormat;
  readonly entries: number;
  /** Sum of the declared sizes of the files: what extraction will write. */
  readonly bytes: number;
  readonly manifest: PackageManifest;
}

/**
 * Validates a whole package without extracting it: every entry passes the extraction safety rules
 * (EntryChecker) and the archive limits, and the manifest is read and validated. A package that
 * passes is refused later only for data damage a scan cannot see without inflating every zip entry
 * (a CRC mismatch or a lying size), which extraction still catches.
 */
export async function scanArchive(path: string, limits: ArchiveLimits): Promise<ArchiveScan> {
  const checker = new EntryChecker();
  let manifest: PackageManifest | undefined;
  let entries = 0;
  let bytes = 0;
  const format = await walkArchive(path, limits, async (entry, body) => {
    entries++;
    const checked = checker.check(entry);
    if (checked.kind !== 'file') return;
    bytes += entry.size;
    if (checked.path !== MANIFEST_FILE) return;
    if (entry.size > MAX_MANIFEST_BYTES) {
      throw packageError(
        'SCOMO_PACKAGE_MANIFEST',
        `Invalid package manifest: ${MANIFEST_FILE} is ${entry.size} bytes; at most ${MAX_MANIFEST_BYTES} are read.`,
      );
    }
    const parts: Uint8Array[] = [];
    for await (const piece of body) parts.push(piece);
    manifest = parseManifestBytes(Buffer.concat(parts));
  });
  if (manifest === undefined) {
    throw packageError(
      'SCOMO_PACKAGE_MANIFEST',
      `Invalid package manifest: the archive has no ${MANIFEST_FILE} at its root.`,
    );
  }
  return { format, entries, bytes, manifest };
}
