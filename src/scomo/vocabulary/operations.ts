/**
 * The SCOMO object kinds, where they live below the root (reference §1.2), and the operations
 * (Exec targets under `<object>/<x>/Operations`, reference §1.4).
 */
import { SCOMO_RESULTS } from './result-codes.ts';
import type { ScomoResultCode } from './result-codes.ts';

/** Object kinds and their parent path below the SCOMO root. */
export const SCOMO_OBJECTS = {
  download: ['Download'],
  delivered: ['Inventory', 'Delivered'],
  deployed: ['Inventory', 'Deployed'],
} as const;

export type ScomoObjectKind = keyof typeof SCOMO_OBJECTS;
export const SCOMO_OBJECT_KINDS = Object.keys(SCOMO_OBJECTS) as ScomoObjectKind[];

/** The interior node that holds every object's executable leaves. */
export const OPERATIONS_NODE = 'Operations';

/**
 * Operation leaves per object kind. `DownloadInstallActivate` is **not** in the OMA SCOMO 1.0 DDF:
 * it is the combined operation of the change request to the SCOMO AD (seed flow 5.4.4, "Exec on the
 * /x/Operations/DownloadInstallActivate node"), which scomo provides as an extension node.
 */
export const OPERATION_NODES = {
  download: ['Download', 'DownloadInstall', 'DownloadInstallInactive', 'DownloadInstallActivate'],
  delivered: ['Install', 'InstallInactive', 'Remove'],
  deployed: ['Activate', 'Deactivate', 'Remove'],
} as const;

export type DownloadOperation = (typeof OPERATION_NODES.download)[number];
export type DeliveredOperation = (typeof OPERATION_NODES.delivered)[number];
export type DeployedOperation = (typeof OPERATION_NODES.deployed)[number];
export type ScomoOperation = DownloadOperation | DeliveredOperation | DeployedOperation;

export type InstallMode = 'active' | 'inactive';

export interface OperationInfo {
  /** Steps the device carries out, in order. */
  readonly steps: readonly ('download' | 'install' | 'activate' | 'deactivate' | 'remove')[];
  /** State of the resulting components, for operations that install. */
  readonly installAs?: InstallMode;
  /** Not part of OMA SCOMO 1.0 (see OPERATION_NODES). */
  readonly extension: boolean;
  /** The result code reported when the operation's own step fails without a more precise code. */
  readonly failureCode: ScomoResultCode;
  readonly description: string;
}

/** What each operation does (reference §1.4); `Remove` means the same step on both object kinds. */
export const OPERATIONS = {
  Download: {
    steps: ['download'],
    extension: false,
    failureCode: SCOMO_RESULTS.downloadFailed.code,
    description: 'Fetch the delivery package from PkgURL into Inventory/Delivered',
  },
  DownloadInstall: {
    steps: ['download', 'install'],
    installAs: 'active',
    extension: false,
    failureCode: SCOMO_RESULTS.installFailed.code,
    description: 'Download, then install; the components are created Active',
  },
  DownloadInstallInactive: {
    steps: ['download', 'install'],
    installAs: 'inactive',
    extension: false,
    failureCode: SCOMO_RESULTS.installFailed.code,
    description: 'Download, then install; the components are created Inactive',
  },
  DownloadInstallActivate: {
    steps: ['download', 'install', 'activate'],
    installAs: 'inactive',
    extension: true,
    failureCode: SCOMO_RESULTS.installFailed.code,
    description: 'Download, install, then activate each component (change request flow 5.4.4)',
  },
  Install: {
    steps: ['install'],
    installAs: 'active',
    extension: false,
    failureCode: SCOMO_RESULTS.installFailed.code,
    description: 'Install a delivered package; the components are created Active',
  },
  InstallInactive: {
    steps: ['install'],
    installAs: 'inactive',
    extension: false,
    failureCode: SCOMO_RESULTS.installFailed.code,
    description: 'Install a delivered package; the components are created Inactive',
  },
  Remove: {
    steps: ['remove'],
    extension: false,
    failureCode: SCOMO_RESULTS.removeFailed.code,
    description: 'Remove a delivered package or a deployed component',
  },
  Activate: {
    steps: ['activate'],
    extension: false,
    failureCode: SCOMO_RESULTS.activateFailed.code,
    description: 'Make a deployed component available (State 10 → 20)',
  },
  Deactivate: {
    steps: ['deactivate'],
    extension: false,
    failureCode: SCOMO_RESULTS.deactivateFailed.code,
    description: 'Make a deployed component unavailable (State 20 → 10)',
  },
} as const satisfies Record<ScomoOperation, OperationInfo>;

export function isOperationOf<K extends ScomoObjectKind>(
  kind: K,
  name: string,
): name is (typeof OPERATION_NODES)[K][number] {
  return (OPERATION_NODES[kind] as readonly string[]).includes(name);
}

/** The state an operation creates components in, or undefined for one that does not install. */
export function installModeOf(operation: ScomoOperation): InstallMode | undefined {
  const info: OperationInfo = OPERATIONS[operation];
  return info.installAs;
}
