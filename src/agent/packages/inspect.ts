import type { ArchiveLimits } from './archive-types.ts';
import { packageError } from './errors.ts';
import type { PackageManifest } from './manifest.ts';
import { satisfies } from './semver.ts';
import { scanArchive } from './scan.ts';
import { verifyPackage } from './verify.ts';
import type { PackageTrust } from './verify.ts';

/** What the agent accepts: trusted keys and signature policy, archive limits, environment types. */
export interface PackagePolicy {
  readonly trust: PackageTrust;
  readonly limits: ArchiveLimits;
  /** EnvType values this device runs (reference §1.3); every EnvType is accepted when absent. */
  readonly envTypes?: readonly string[] | undefined;
}

export interface InspectOptions {
  readonly expectedSha256?: string | undefined;
  /** Digest computed while downloading or receiving; the file is hashed when absent. */
  readonly sha256?: string | undefined;
  readonly signature?: Uint8Array | undefined;
  /** The EnvType the server set in the tree (Download/<x>/EnvType), checked like the manifest's. */
  readonly envType?: string | undefined;
}

/** A package that passed every check, with what it says about itself. */
export interface InspectedPackage {
  readonly path: string;
  readonly sha256: string;
  readonly manifest: PackageManifest;
  readonly signedBy?: number;
}

/**
 * Everything that makes a package acceptable before it is installed: digest, signature, every entry
 * safe (a dry run of extraction), a valid manifest, environment types. Throws SCOMO_PACKAGE_* (1407) or SCOMO_PACKAGE_ENV_TYPE (1413).
 */
export async function inspectPackage(
  path: string,
  policy: PackagePolicy,
  options: InspectOptions = {},
): Promise<InspectedPackage> {
  const verified = await verifyPackage(path, { trust: policy.trust, ...options });
  const { manifest } = await scanArchive(path, policy.limits);
  checkEnvTypes(manifest, policy.envTypes, options.envType);
  return {
    path,
    sha256: verified.sha256,
    manifest,
    ...(verified.signedBy === undefined ? {} : { signedBy: verified.signedBy }),
  };
}

/** Refuses a package, or a component of it, made for an environment this device does not run. */
export function checkEnvTypes(
  manifest: PackageManifest,
  supported: readonly string[] | undefined,
  requested?: string,
): void {
  if (supported === undefined) return;
  const wanted = [
    ...(requested === undefined || requested === '' ? [] : [{ what: 'the server', envType: requested }]),
    ...(manifest.envType === undefined
      ? []
      : [{ what: `package ${manifest.packageId}`, envType: manifest.envType }]),
    ...manifest.components.flatMap((c) =>
      c.envType === undefined ? [] : [{ what: `component ${c.id}`, envType: c.envType }],
    ),
  ];
  for (const { what, envType } of wanted) {
    if (!supported.includes(envType)) {
      throw packageError(
        'SCOMO_PACKAGE_ENV_TYPE',
        `EnvType "${envType}" (asked by ${what}) is not supported by this device; it runs ${supported.map((s) => `"${s}"`).join(', ') || 'none'}.`,
      );
    }
  }
}

/** A deployed component as dependency checks see it. */
export interface DeployedVersion {
  readonly id: string;
  readonly version: string;
}

/**
 * Checks `dependsOn`: each dependency must be met by the package's own components or, for ids the
 * package does not carry, by a deployed component. Throws SCOMO_PACKAGE_DEPENDENCY (→ 1405).
 */
export function checkDependencies(manifest: PackageManifest, deployed: readonly DeployedVersion[]): void {
  const versions = new Map(deployed.map((d) => [d.id, d.version]));
  for (const c of manifest.components) versions.set(c.id, c.version);
  for (const component of manifest.components) {
    for (const dependency of component.dependsOn ?? []) {
      const present = versions.get(dependency.id);
      const ok =
        present !== undefined && (dependency.version === undefined || satisfies(present, dependency.version));
      if (!ok) {
        const wanted = dependency.version === undefined ? '' : ` ${dependency.version}`;
        const found = present === undefined ? 'it is not deployed' : `version ${present} is deployed`;
        throw packageError(
          'SCOMO_PACKAGE_DEPENDENCY',
          `Component ${component.id} needs ${dependency.id}${wanted}, but ${found}.`,
        );
      }
    }
  }
}
