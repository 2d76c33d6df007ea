/**
 * Determining the appropriate component (seed flow 5.4.1 step 2; 5.4.2 step 2): which stored
 * variant of a package suits this device, from its DevInfo (Man, Mod), DevDetail (FwV) and the
 * EnvTypes it is known to support.
 *
 * Precedence (documented in docs/scomo.md):
 *   1. only variants of the package id (and of the version, when one is asked for);
 *   2. every matcher a variant has must match: Man and Mod as globs, FwV as a glob or as version
 *      conditions (">=2.0 <3"); a device value the server does not know matches no matcher;
 *   3. when the device's EnvTypes are known, a variant whose EnvType (package or component) is not
 *      among them is out; a variant without EnvType suits every device;
 *   4. of what is left: the newest version; within it the most specific variant (most matchers,
 *      an EnvType that matched counts as one); then the most recently added.
 */
import { globMatches } from '../../session/index.ts';
import type { DeployedComponent, DeliveredPackage, Inventory } from '../../scomo/index.ts';
import type { PackageRecord } from '../ports/scomo-store.ts';
import type { DeviceRecord } from '../ports/store.ts';
import { compareVersions, isVersionCondition, satisfiesConditions } from './versions.ts';

export const DEVINFO_MAN = './DevInfo/Man';
export const DEVINFO_MOD = './DevInfo/Mod';
export const DEVDETAIL_FWV = './DevDetail/FwV';

/** What the server knows of a device for choosing a variant. */
export interface DeviceFacts {
  readonly man: string | null;
  readonly mod: string | null;
  readonly fwV: string | null;
  /** EnvTypes the device supports, as far as known; empty: unknown (no EnvType filtering). */
  readonly envTypes: readonly string[];
}

export type VariantChoice =
  | { readonly ok: true; readonly variant: PackageRecord; readonly reason: string }
  | { readonly ok: false; readonly message: string };

export function deviceFacts(
  device: DeviceRecord,
  /** Leaves read by the job itself (full URIs); they win over what the device record holds. */
  devDetail: Readonly<Record<string, string>>,
  inventory: Inventory | null,
  envTypes: readonly string[],
): DeviceFacts {
  const seen = new Set(envTypes.filter((e) => e !== ''));
  const listed: (DeployedComponent | DeliveredPackage)[] = [
    ...(inventory?.deployed ?? []),
    ...(inventory?.delivered ?? []),
  ];
  for (const entry of listed)
    if (entry.envType !== undefined && entry.envType !== '') seen.add(entry.envType);
  return {
    man: devDetail[DEVINFO_MAN] ?? device.devInfo[DEVINFO_MAN] ?? null,
    mod: devDetail[DEVINFO_MOD] ?? device.devInfo[DEVINFO_MOD] ?? null,
    fwV: devDetail[DEVDETAIL_FWV] ?? device.devDetail[DEVDETAIL_FWV] ?? null,
    envTypes: [...seen],
  };
}

/** Whether choosing among these variants needs the device's FwV. */
export function needsFwV(variants: readonly PackageRecord[]): boolean {
  return variants.some((v) => v.match.fwV !== null);
}

/**
 * The DevInfo / DevDetail leaves the matchers of these variants look at that the server does not
 * know yet (a device provisioned but never connected has no DevInfo): a devdetail step reads them
 * (seed flow 5.4.1 alt 2).
 */
export function unknownFacts(
  variants: readonly PackageRecord[],
  device: DeviceRecord | null,
  read: Readonly<Record<string, string>>,
): string[] {
  const known = (uri: string): boolean =>
    read[uri] !== undefined || device?.devInfo[uri] !== undefined || device?.devDetail[uri] !== undefined;
  const wanted: [keyof PackageRecord['match'], string][] = [
    ['man', DEVINFO_MAN],
    ['mod', DEVINFO_MOD],
    ['fwV', DEVDETAIL_FWV],
  ];
  return wanted
    .filter(([key, uri]) => variants.some((v) => v.match[key] !== null) && !known(uri))
    .map(([, uri]) => uri);
}

function globOk(pattern: string | null, value: string | null): boolean {
  if (pattern === null) return true;
  return value !== null && globMatches(pattern, value);
}

function fwVOk(pattern: string | null, value: string | null): boolean {
  if (pattern === null) return true;
  if (value === null) return false;
  return isVersionCondition(pattern) ? satisfiesConditions(value, pattern) : globMatches(pattern, value);
}

/** The EnvTypes a variant needs: its own and its components'. */
function envTypesOf(variant: PackageRecord): string[] {
  const all = [variant.envType, ...variant.components.map((c) => c.envType)];
  return [...new Set(all.filter((e): e is string => e !== null))];
}

function specificity(variant: PackageRecord, facts: DeviceFacts): number {
  const { man, mod, fwV } = variant.match;
  const matchers = [man, mod, fwV].filter((m) => m !== null).length;
  return matchers + (facts.envTypes.length > 0 && envTypesOf(variant).length > 0 ? 1 : 0);
}

function describe(facts: DeviceFacts): string {
  const envs = facts.envTypes.length === 0 ? 'unknown' : facts.envTypes.join(', ');
  return `Man=${facts.man ?? '?'} Mod=${facts.mod ?? '?'} FwV=${facts.fwV ?? '?'} EnvTypes=${envs}`;
}

function matcherText(variant: PackageRecord): string {
  const { man, mod, fwV } = variant.match;
  const parts = [
    man === null ? null : `Man=${man}`,
    mod === null ? null : `Mod=${mod}`,
    fwV === null ? null : `FwV=${fwV}`,
  ];
  const env = envTypesOf(variant);
  if (env.length > 0) parts.push(`EnvType=${env.join('|')}`);
  const text = parts.filter((p) => p !== null).join(' ');
  return text === '' ? 'any device' : text;
}

export function chooseVariant(
  variants: readonly PackageRecord[],
  packageId: string,
  version: string | null,
  facts: DeviceFacts,
): VariantChoice {
  const named = variants.filter(
    (v) => v.packageId === packageId && (version === null || v.version === version),
  );
  const label = version === null ? packageId : `${packageId}@${version}`;
  if (named.length === 0) return { ok: false, message: `The repository has no package ${label}.` };
  const matching = named.filter(
    (v) => globOk(v.match.man, facts.man) && globOk(v.match.mod, facts.mod) && fwVOk(v.match.fwV, facts.fwV),
  );
  const supported =
    facts.envTypes.length === 0
      ? matching
      : matching.filter((v) => envTypesOf(v).every((e) => facts.envTypes.includes(e)));
  if (supported.length === 0) {
    const offered = named.map((v) => `${v.version} for ${matcherText(v)}`).join('; ');
    return {
      ok: false,
      message: `No variant of ${label} suits the device (${describe(facts)}); variants: ${offered}.`,
    };
  }
  const best = [...supported].sort(
    (a, b) =>
      compareVersions(b.version, a.version) ||
      specificity(b, facts) - specificity(a, facts) ||
      b.addedAt - a.addedAt,
  )[0];
  if (best === undefined) return { ok: false, message: `No variant of ${label} suits the device.` };
  return {
    ok: true,
    variant: best,
    reason: `${best.packageId}@${best.version} for ${matcherText(best)} (device ${describe(facts)}; newest version, then most specific)`,
  };
}
