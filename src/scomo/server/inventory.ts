/**
 * Inventory parsing (change request flow 5.4.5; reference §1.10): the items of
 * `Get <root>/Inventory?list=StructData` Results (or of a plain-Get walk, inventory-walk.ts) →
 * delivered packages and deployed components. Lenient on input: leaf names match case-insensitively,
 * Delivered Status 70 reads as 60 (Verizon), Redbend's PkgIDRef `-1` reads as unknown; what cannot
 * be read is listed in `problems`, never thrown.
 */
import type { Item, Results } from '../../syncml/index.ts';
import { DELIVERED_LEAVES, DEPLOYED_LEAVES } from '../vocabulary/nodes.ts';
import {
  DELIVERED_STATE,
  DEPLOYED_STATE,
  deliveredStatusOf,
  deployedStatusOf,
  parseIntLeaf,
} from '../vocabulary/states.ts';
import type { DeliveredStatusName, DeployedStatusName } from '../vocabulary/states.ts';
import { scomoObjectOf } from './scomo-uri.ts';

/** One node of a Struct/StructData listing (Results Item Source/LocURI, Meta Format, Data). */
export interface InventoryEntry {
  readonly uri: string;
  readonly format?: string;
  readonly data?: string | Uint8Array;
}

export interface DeliveredPackage {
  readonly nodeName: string;
  readonly pkgId: string;
  readonly name?: string;
  readonly description?: string;
  readonly installParams?: string;
  readonly envType?: string;
  readonly pkgType?: string;
  readonly state: 'delivered' | 'installed' | 'unknown';
  readonly status?: number;
  readonly statusName?: DeliveredStatusName;
}

export interface DeployedComponent {
  readonly nodeName: string;
  readonly id: string;
  readonly pkgIdRef?: string;
  readonly name?: string;
  readonly description?: string;
  readonly version?: string;
  readonly envType?: string;
  readonly state: 'active' | 'inactive' | 'unknown';
  readonly status?: number;
  readonly statusName?: DeployedStatusName;
}

export interface Inventory {
  readonly delivered: DeliveredPackage[];
  readonly deployed: DeployedComponent[];
  readonly problems: string[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** The entries of Results commands (several when the device split a large listing). */
export function inventoryEntries(results: readonly (Results | Item)[]): InventoryEntry[] {
  const items = results.flatMap((r) => ('kind' in r ? r.items : [r]));
  const out: InventoryEntry[] = [];
  for (const item of items) {
    const uri = item.source?.locURI ?? item.target?.locURI;
    if (uri === undefined) continue;
    const data = item.data;
    out.push({
      uri,
      ...(item.meta?.format === undefined ? {} : { format: item.meta.format }),
      ...(typeof data === 'string' || data instanceof Uint8Array ? { data } : {}),
    });
  }
  return out;
}

function text(data: string | Uint8Array | undefined): string | undefined {
  if (data === undefined) return undefined;
  return typeof data === 'string' ? data : UTF8.decode(data);
}

function canonical(table: Record<string, unknown>): ReadonlyMap<string, string> {
  return new Map(Object.keys(table).map((k) => [k.toLowerCase(), k]));
}

const DELIVERED_NAMES = canonical(DELIVERED_LEAVES);
const DEPLOYED_NAMES = canonical(DEPLOYED_LEAVES);

function normalizeRoot(root: string): string {
  return root.replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * Builds the inventory from listing entries. With `root`, entries of another SCOMO root are ignored;
 * without it every SCOMO-shaped URI counts.
 */
export function parseInventory(
  entries: readonly InventoryEntry[],
  options: { readonly root?: string } = {},
): Inventory {
  const wanted = options.root === undefined ? undefined : normalizeRoot(options.root);
  const objects = {
    delivered: new Map<string, Map<string, string>>(),
    deployed: new Map<string, Map<string, string>>(),
  };
  for (const entry of entries) {
    const ref = scomoObjectOf(entry.uri);
    if (ref === undefined || ref.kind === 'download') continue;
    if (wanted !== undefined && normalizeRoot(ref.root) !== wanted) continue;
    const leaves = objects[ref.kind].get(ref.node) ?? new Map<string, string>();
    objects[ref.kind].set(ref.node, leaves);
    if (ref.rest.length !== 1) continue;
    const names = ref.kind === 'delivered' ? DELIVERED_NAMES : DEPLOYED_NAMES;
    const leaf = names.get((ref.rest[0] ?? '').toLowerCase());
    const value = text(entry.data);
    if (leaf !== undefined && value !== undefined) leaves.set(leaf, value);
  }
  const problems: string[] = [];
  const delivered: DeliveredPackage[] = [];
  for (const [nodeName, leaves] of objects.delivered) {
    const pkgId = leaves.get('PkgID');
    if (pkgId === undefined) problems.push(`Delivered/${nodeName} has no PkgID; listed by its node name`);
    const status = parseIntLeaf(leaves.get('Status'));
    const stateCode = parseIntLeaf(leaves.get('State'));
    const statusName = status === undefined ? undefined : deliveredStatusOf(status)?.name;
    delivered.push({
      nodeName,
      pkgId: pkgId ?? nodeName,
      ...optional(leaves, {
        name: 'Name',
        description: 'Description',
        installParams: 'InstallParams',
        envType: 'EnvType',
        pkgType: 'PkgType',
      }),
      state:
        stateCode === DELIVERED_STATE.installed.code
          ? 'installed'
          : stateCode === DELIVERED_STATE.delivered.code
            ? 'delivered'
            : 'unknown',
      ...(status === undefined ? {} : { status }),
      ...(statusName === undefined ? {} : { statusName }),
    });
  }
  const deployed: DeployedComponent[] = [];
  for (const [nodeName, leaves] of objects.deployed) {
    const id = leaves.get('ID');
    if (id === undefined || id === '') {
      problems.push(`Deployed/${nodeName} has no ID; left out`);
      continue;
    }
    const status = parseIntLeaf(leaves.get('Status'));
    const stateCode = parseIntLeaf(leaves.get('State'));
    const statusName = status === undefined ? undefined : deployedStatusOf(status)?.name;
    const pkgIdRef = leaves.get('PkgIDRef');
    deployed.push({
      nodeName,
      id,
      // Redbend writes -1 when the producing package is unknown (reference §1.3).
      ...(pkgIdRef === undefined || pkgIdRef === '-1' ? {} : { pkgIdRef }),
      ...optional(leaves, {
        name: 'Name',
        description: 'Description',
        version: 'Version',
        envType: 'EnvType',
      }),
      state:
        stateCode === DEPLOYED_STATE.active.code
          ? 'active'
          : stateCode === DEPLOYED_STATE.inactive.code
            ? 'inactive'
            : 'unknown',
      ...(status === undefined ? {} : { status }),
      ...(statusName === undefined ? {} : { statusName }),
    });
  }
  return { delivered, deployed, problems };
}

function optional<K extends string>(
  leaves: ReadonlyMap<string, string>,
  map: Readonly<Record<K, string>>,
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of Object.keys(map) as K[]) {
    const value = leaves.get(map[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The component with this ID, e.g. to address `Deployed/<nodeName>` in an operation. */
export function findComponent(inventory: Inventory, id: string): DeployedComponent | undefined {
  return inventory.deployed.find((c) => c.id === id);
}
