/**
 * State and Status leaf values of the three SCOMO object kinds (reference §1.5). The values are
 * vendor-consistent ([V]: Redbend, MediaTek, Verizon, Nokia); scomo names each value so that code
 * says `DOWNLOAD_STATUS.downloading.code` rather than `30`.
 */

interface Value {
  readonly code: number;
  readonly meaning: string;
}

/** `Download/<x>/Status` (reference §1.5). Initial value 10. */
export const DOWNLOAD_STATUS = {
  idle: { code: 10, meaning: 'Idle: no data yet, download about to start' },
  downloadFailed: { code: 20, meaning: 'Download failed, nothing received' },
  downloading: { code: 30, meaning: 'Download progressing' },
  downloaded: { code: 40, meaning: 'Download complete, data present' },
  installing: { code: 50, meaning: 'Install progressing' },
  installFailedKept: { code: 60, meaning: 'Install failed, delivery package still on the device' },
  installFailedDeleted: { code: 70, meaning: 'Install failed, delivery package deleted' },
} as const;

/**
 * `Inventory/Delivered/<x>/Status` (reference §1.5). Verizon sends 70 for "install failed, DP deleted"
 * where Redbend and MediaTek send 60: 70 is read as an alias of 60 (DELIVERED_STATUS_ALIASES).
 */
export const DELIVERED_STATUS = {
  idle: { code: 10, meaning: 'Idle: no remove or install running' },
  removeFailed: { code: 20, meaning: 'Remove failed, delivery package still present' },
  removing: { code: 30, meaning: 'Remove progressing' },
  installing: { code: 40, meaning: 'Install progressing' },
  installFailed: { code: 50, meaning: 'Install failed, delivery package still present' },
  installFailedDeleted: { code: 60, meaning: 'Install failed, delivery package deleted' },
} as const;

/** Codes read as another value of DELIVERED_STATUS (reference §1.12, Verizon). */
export const DELIVERED_STATUS_ALIASES: Readonly<Record<number, keyof typeof DELIVERED_STATUS>> = {
  70: 'installFailedDeleted',
};

/** `Inventory/Deployed/<x>/Status` (reference §1.5). */
export const DEPLOYED_STATUS = {
  idle: { code: 10, meaning: 'Idle' },
  removeFailed: { code: 20, meaning: 'Remove failed, component still present' },
  removing: { code: 30, meaning: 'Remove progressing' },
  activateFailed: { code: 40, meaning: 'Activate failed, component still inactive' },
  activating: { code: 50, meaning: 'Activate progressing' },
  deactivateFailed: { code: 60, meaning: 'Deactivate failed, component still active' },
  deactivating: { code: 70, meaning: 'Deactivate progressing' },
} as const;

/** `Inventory/Delivered/<x>/State` (reference §1.5). */
export const DELIVERED_STATE = {
  delivered: { code: 10, meaning: 'Delivered: package on the device, not installed' },
  installed: { code: 20, meaning: 'Installed: package installed, record retained' },
} as const;

/** `Inventory/Deployed/<x>/State` (reference §1.5). */
export const DEPLOYED_STATE = {
  inactive: { code: 10, meaning: 'Inactive' },
  active: { code: 20, meaning: 'Active' },
} as const;

export type DownloadStatusName = keyof typeof DOWNLOAD_STATUS;
export type DownloadStatusCode = (typeof DOWNLOAD_STATUS)[DownloadStatusName]['code'];
export type DeliveredStatusName = keyof typeof DELIVERED_STATUS;
export type DeliveredStatusCode = (typeof DELIVERED_STATUS)[DeliveredStatusName]['code'];
export type DeployedStatusName = keyof typeof DEPLOYED_STATUS;
export type DeployedStatusCode = (typeof DEPLOYED_STATUS)[DeployedStatusName]['code'];
export type DeliveredStateName = keyof typeof DELIVERED_STATE;
export type DeployedStateName = keyof typeof DEPLOYED_STATE;

/** The tables by object kind, for code that is generic over them. */
export const STATUS_TABLES = {
  download: DOWNLOAD_STATUS,
  delivered: DELIVERED_STATUS,
  deployed: DEPLOYED_STATUS,
} as const;

export const STATE_TABLES = {
  delivered: DELIVERED_STATE,
  deployed: DEPLOYED_STATE,
} as const;

export interface ValueInfo<N extends string> {
  readonly name: N;
  readonly code: number;
  readonly meaning: string;
}

function lookup<N extends string>(
  table: Readonly<Record<N, Value>>,
  code: number,
  aliases: Readonly<Record<number, N>> = {},
): ValueInfo<N> | undefined {
  for (const name of Object.keys(table) as N[]) {
    if (table[name].code === code) return { name, code, meaning: table[name].meaning };
  }
  const alias = aliases[code];
  return alias === undefined ? undefined : { name: alias, code, meaning: table[alias].meaning };
}

export function downloadStatusOf(code: number): ValueInfo<DownloadStatusName> | undefined {
  return lookup(DOWNLOAD_STATUS, code);
}

/** Accepts 70 as an alias of 60 (Verizon). */
export function deliveredStatusOf(code: number): ValueInfo<DeliveredStatusName> | undefined {
  return lookup(DELIVERED_STATUS, code, DELIVERED_STATUS_ALIASES);
}

export function deployedStatusOf(code: number): ValueInfo<DeployedStatusName> | undefined {
  return lookup(DEPLOYED_STATUS, code);
}

export function deliveredStateOf(code: number): ValueInfo<DeliveredStateName> | undefined {
  return lookup(DELIVERED_STATE, code);
}

export function deployedStateOf(code: number): ValueInfo<DeployedStateName> | undefined {
  return lookup(DEPLOYED_STATE, code);
}

/** A decimal int leaf value as a number, or undefined (lenient: surrounding blanks allowed). */
export function parseIntLeaf(value: string | Uint8Array | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return /^[+-]?\d{1,9}$/.test(text) ? Number(text) : undefined;
}
