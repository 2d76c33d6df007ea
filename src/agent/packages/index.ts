// Delivery Packages on the device: format (scomo.json), archives, extraction, digest and signature checks, disk space.
export { PACKAGE_ERROR_CODES } from './errors.ts';
export type { PackageErrorCode } from './errors.ts';
export {
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  HOOK_NAMES,
  parseManifest,
  parseManifestBytes,
} from './manifest.ts';
export type { PackageManifest, ComponentManifest, ComponentDependency, HookName } from './manifest.ts';
export { ARCHIVE_FORMATS, ENTRY_KINDS, DEFAULT_ARCHIVE_LIMITS } from './archive-types.ts';
export type { ArchiveFormat, ArchiveLimits, ArchiveEntry, EntryKind, EntryVisitor } from './archive-types.ts';
export { detectArchiveFormat, walkArchive, readArchiveManifest } from './archive.ts';
export { extractArchive } from './extract.ts';
export { scanArchive } from './scan.ts';
export type { ArchiveScan } from './scan.ts';
export { EntryChecker } from './entry-checker.ts';
export type { CheckedEntry } from './entry-checker.ts';
export type { ExtractOptions, ExtractSummary } from './extract.ts';
export {
  SIGNATURE_POLICIES,
  SIGNATURE_SUFFIX,
  MAX_RAW_SIGNED_BYTES,
  createPackageTrust,
  signatureStatement,
  sha256File,
  normalizeSha256,
  decodeSignature,
  readDetachedSignature,
  verifyPackage,
} from './verify.ts';
export type {
  TrustedKey,
  SignaturePolicy,
  PackageTrust,
  VerifyPackageOptions,
  VerifiedPackage,
} from './verify.ts';
export { inspectPackage, checkEnvTypes, checkDependencies } from './inspect.ts';
export type { PackagePolicy, InspectOptions, InspectedPackage, DeployedVersion } from './inspect.ts';
export { createSpaceGuard, storageFailure, directoryUsage } from './space.ts';
export type { StoragePolicy, SpaceProbes, SpaceGuard, SpaceMeter } from './space.ts';
export { parseVersion, compareVersions, parseRange, satisfies } from './semver.ts';
export type { Version, VersionRange } from './semver.ts';
