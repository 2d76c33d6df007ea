/**
 * The leaves of each SCOMO object (reference §1.2–1.3) as data: Format, whether a server writes it,
 * and whether it is mandatory. The device layout, the operation builders and the inventory parser
 * all read these tables.
 */
import type { ScomoObjectKind } from './operations.ts';

export interface LeafSpec {
  readonly format: 'chr' | 'int' | 'bin';
  /** Written by servers (Add/Replace); otherwise device-maintained and Get-only. */
  readonly server: boolean;
  readonly occurrence: 'One' | 'ZeroOrOne';
}

/** `Download/<x>` leaves [C]. */
export const DOWNLOAD_LEAVES = {
  PkgID: { format: 'chr', server: true, occurrence: 'One' },
  Name: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  PkgURL: { format: 'chr', server: true, occurrence: 'One' },
  InstallParams: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  Description: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  Status: { format: 'int', server: false, occurrence: 'One' },
  EnvType: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  PkgType: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
} as const satisfies Record<string, LeafSpec>;

/**
 * `Inventory/Delivered/<x>` leaves [V]. A server writes the package description for direct delivery
 * (reference §1.10); `Data` is write-only (no Get) and holds the package bytes.
 */
export const DELIVERED_LEAVES = {
  PkgID: { format: 'chr', server: true, occurrence: 'One' },
  Data: { format: 'bin', server: true, occurrence: 'ZeroOrOne' },
  Name: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  Description: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  InstallParams: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  Status: { format: 'int', server: false, occurrence: 'One' },
  State: { format: 'int', server: false, occurrence: 'One' },
  EnvType: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
  PkgType: { format: 'chr', server: true, occurrence: 'ZeroOrOne' },
} as const satisfies Record<string, LeafSpec>;

/** `Inventory/Deployed/<x>` leaves [V]: all device-maintained (servers never Add under Deployed). */
export const DEPLOYED_LEAVES = {
  ID: { format: 'chr', server: false, occurrence: 'One' },
  PkgIDRef: { format: 'chr', server: false, occurrence: 'ZeroOrOne' },
  Name: { format: 'chr', server: false, occurrence: 'ZeroOrOne' },
  Description: { format: 'chr', server: false, occurrence: 'ZeroOrOne' },
  Version: { format: 'chr', server: false, occurrence: 'ZeroOrOne' },
  State: { format: 'int', server: false, occurrence: 'One' },
  Status: { format: 'int', server: false, occurrence: 'One' },
  EnvType: { format: 'chr', server: false, occurrence: 'ZeroOrOne' },
} as const satisfies Record<string, LeafSpec>;

export const OBJECT_LEAVES = {
  download: DOWNLOAD_LEAVES,
  delivered: DELIVERED_LEAVES,
  deployed: DEPLOYED_LEAVES,
} as const satisfies Record<ScomoObjectKind, Record<string, LeafSpec>>;

export type DownloadLeaf = keyof typeof DOWNLOAD_LEAVES;
export type DeliveredLeaf = keyof typeof DELIVERED_LEAVES;
export type DeployedLeaf = keyof typeof DEPLOYED_LEAVES;

/** The vendor-extension interior node allowed below the root and every object (reference §1.2). */
export const EXT_NODE = 'Ext';

/** Leaves a server may Add or Replace below an object of `kind`. */
export function serverWritableLeaves(kind: ScomoObjectKind): readonly string[] {
  const table: Record<string, LeafSpec> = OBJECT_LEAVES[kind];
  return Object.keys(table).filter((name) => table[name]?.server === true);
}
