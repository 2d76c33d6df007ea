/**
 * The package repository's write side (the Alternate Download Server's content): adding a package
 * stores its bytes in the BlobStore (content-addressed), reads and checks its manifest, optionally
 * signs it, and records the variant in the Store. Reads serve the deploy planner and the HTTP
 * repository.
 */
import type { BlobStore } from '../../ports/blob-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { PackageMatch, PackageRecord } from '../../ports/scomo-store.ts';
import type { JsonValue, Store } from '../../ports/store.ts';
import { scomoServerError } from '../errors.ts';
import { compareVersions } from '../versions.ts';
import { CONTENT_TYPES, DEFAULT_ARCHIVE_LIMITS, inspectArchive } from './archive.ts';
import type { ArchiveLimits } from './archive.ts';
import { loadSigningKey, signPackage, SIGNATURE_SIDECAR } from './signing.ts';
import type { SigningKeyInput } from './signing.ts';

export interface AddPackageOptions {
  /** The file name it came from (shown in listings). */
  readonly fileName?: string;
  /** Sign it with this Ed25519 private key (the signature is stored next to the blob). */
  readonly signingKey?: SigningKeyInput;
  /** Device matcher of this variant; overrides the manifest's `x-match` field by field. */
  readonly match?: Partial<PackageMatch>;
  /** Largest package accepted, in bytes (default 4 GiB). */
  readonly maxBytes?: number;
  readonly limits?: ArchiveLimits;
}

export interface AddPackageResult {
  /** False when the same bytes were already stored (the stored record is returned). */
  readonly created: boolean;
  readonly package: PackageRecord;
}

const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

/** `id` or `id@version` (the last @ splits, so ids may contain @). */
export function parsePackageSpec(spec: string): { packageId: string; version: string | null } {
  const at = spec.lastIndexOf('@');
  const packageId = at > 0 ? spec.slice(0, at) : spec;
  const version = at > 0 ? spec.slice(at + 1) : null;
  if (packageId.trim() === '' || version === '') {
    throw scomoServerError(
      'SCOMO_SERVER_BAD_REQUEST',
      `"${spec}" is not a package: expected ID or ID@VERSION.`,
    );
  }
  return { packageId, version };
}

function sameMatch(a: PackageMatch, b: PackageMatch): boolean {
  return a.man === b.man && a.mod === b.mod && a.fwV === b.fwV;
}

export class PackageRepository {
  readonly #store: Store;
  readonly #blobs: BlobStore;
  readonly #clock: Clock;

  constructor(store: Store, blobs: BlobStore, clock: Clock) {
    this.#store = store;
    this.#blobs = blobs;
    this.#clock = clock;
  }

  async add(
    source: Uint8Array | AsyncIterable<Uint8Array>,
    options: AddPackageOptions = {},
  ): Promise<AddPackageResult> {
    // Checked first: a bad key must not leave a stored blob behind.
    const key = options.signingKey === undefined ? undefined : loadSigningKey(options.signingKey);
    const blob = await this.#blobs.put(source, { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES });
    const existing = await this.#store.getPackage(blob.sha256);
    try {
      const archive = await inspectArchive(
        this.#blobs,
        blob.sha256,
        blob.size,
        options.limits ?? DEFAULT_ARCHIVE_LIMITS,
      );
      const { manifest } = archive;
      const match: PackageMatch = {
        man: options.match?.man ?? manifest.match.man,
        mod: options.match?.mod ?? manifest.match.mod,
        fwV: options.match?.fwV ?? manifest.match.fwV,
      };
      if (existing === null) {
        const clash = (
          await this.#store.listPackages({ packageId: manifest.packageId, version: manifest.version })
        ).find((p) => sameMatch(p.match, match));
        if (clash !== undefined) {
          throw scomoServerError(
            'SCOMO_SERVER_PACKAGE_CONFLICT',
            `${manifest.packageId}@${manifest.version} for the same devices is already stored (sha256 ${clash.sha256}); ` +
              'give it a new version, or a different device match (--man, --mod, --fwv) to add a variant.',
          );
        }
      }
      let signedBy: string | null = existing?.signedBy ?? null;
      if (key !== undefined) {
        const signed = signPackage(key, blob.sha256);
        await this.#blobs.putSidecar(blob.sha256, SIGNATURE_SIDECAR, signed.signature);
        signedBy = signed.keyId;
      }
      if (existing !== null && existing.signedBy === signedBy) return { created: false, package: existing };
      const record: PackageRecord = {
        sha256: blob.sha256,
        packageId: manifest.packageId,
        version: manifest.version,
        size: blob.size,
        contentType: CONTENT_TYPES[archive.format],
        format: archive.format,
        fileName: options.fileName ?? existing?.fileName ?? null,
        envType: manifest.envType,
        components: manifest.components.map((c) => ({
          id: c.id,
          name: c.name,
          version: c.version,
          description: c.description,
          envType: c.envType,
        })),
        match: existing?.match ?? match,
        signedBy,
        // JSON.parse produced it, so it is JSON.
        manifest: manifest.raw as JsonValue,
        addedAt: existing?.addedAt ?? this.#clock.now(),
      };
      // Re-signing stored bytes replaces the record (same key, new signer).
      if (existing !== null) await this.#store.deletePackage(blob.sha256);
      const stored = await this.#store.putPackage(record);
      return { created: existing === null && stored.created, package: stored.package };
    } catch (error) {
      if (existing === null && (await this.#store.getPackage(blob.sha256)) === null) {
        await this.#blobs.delete(blob.sha256).catch(() => false);
      }
      throw error;
    }
  }

  list(packageId?: string): Promise<PackageRecord[]> {
    return this.#store.listPackages(packageId === undefined ? {} : { packageId });
  }

  get(sha256: string): Promise<PackageRecord | null> {
    return this.#store.getPackage(sha256);
  }

  /** The stored variants of `id` (and `version`); newest version first. */
  async variants(packageId: string, version: string | null = null): Promise<PackageRecord[]> {
    const all = await this.#store.listPackages(version === null ? { packageId } : { packageId, version });
    return all.sort((a, b) => compareVersions(b.version, a.version) || b.addedAt - a.addedAt);
  }

  signature(sha256: string): Promise<Uint8Array | null> {
    return this.#blobs.getSidecar(sha256, SIGNATURE_SIDECAR);
  }

  /** Removes a variant: its record, bytes and signature. */
  async remove(sha256: string): Promise<boolean> {
    const removed = await this.#store.deletePackage(sha256);
    await this.#blobs.delete(sha256);
    return removed;
  }
}
