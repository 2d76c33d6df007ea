/**
 * What changed between two inventories of one device (change request flow 5.4.5: "changes against
 * the previous inventory are recorded"): components added, removed, and changed — matched by DC ID,
 * so an update in place (same node, new Version) is a change, not a remove plus an add.
 */
import type { DeliveredPackage, DeployedComponent, Inventory } from './inventory.ts';

export const COMPONENT_FIELDS = [
  'version',
  'state',
  'name',
  'description',
  'pkgIdRef',
  'envType',
  'nodeName',
] as const;
export type ComponentField = (typeof COMPONENT_FIELDS)[number];

export interface ComponentChange {
  readonly id: string;
  readonly before: DeployedComponent;
  readonly after: DeployedComponent;
  readonly fields: readonly ComponentField[];
}

export interface InventoryDiff {
  readonly added: DeployedComponent[];
  readonly removed: DeployedComponent[];
  readonly changed: ComponentChange[];
  /** Delivered packages by PkgID. */
  readonly deliveredAdded: DeliveredPackage[];
  readonly deliveredRemoved: DeliveredPackage[];
}

function byKey<T>(list: readonly T[], key: (t: T) => string): Map<string, T> {
  return new Map(list.map((t) => [key(t), t]));
}

export function diffInventory(before: Inventory, after: Inventory): InventoryDiff {
  const old = byKey(before.deployed, (c) => c.id);
  const now = byKey(after.deployed, (c) => c.id);
  const changed: ComponentChange[] = [];
  for (const [id, b] of old) {
    const a = now.get(id);
    if (a === undefined) continue;
    const fields = COMPONENT_FIELDS.filter((f) => b[f] !== a[f]);
    if (fields.length > 0) changed.push({ id, before: b, after: a, fields });
  }
  const oldPkgs = byKey(before.delivered, (p) => p.pkgId);
  const newPkgs = byKey(after.delivered, (p) => p.pkgId);
  return {
    added: after.deployed.filter((c) => !old.has(c.id)),
    removed: before.deployed.filter((c) => !now.has(c.id)),
    changed,
    deliveredAdded: after.delivered.filter((p) => !oldPkgs.has(p.pkgId)),
    deliveredRemoved: before.delivered.filter((p) => !newPkgs.has(p.pkgId)),
  };
}

export function isEmptyDiff(diff: InventoryDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.changed.length === 0 &&
    diff.deliveredAdded.length === 0 &&
    diff.deliveredRemoved.length === 0
  );
}
