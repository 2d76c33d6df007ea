/**
 * The inventory check without `?list=` (a device answering 406 to `Get …?list=StructData`): walk
 * the tree with plain Gets, as a pure planner the server session drives. Round 1 gets the child lists
 * of Inventory/Delivered and Inventory/Deployed, round 2 each object's child list, round 3 the leaves
 * the inventory reads (never Data, which has no Get). The collected entries feed parseInventory.
 */
import { DELIVERED_LEAVES, DEPLOYED_LEAVES } from '../vocabulary/nodes.ts';
import { inventoryUri } from './builders.ts';
import type { InventoryEntry } from './inventory.ts';
import { scomoObjectOf } from './scomo-uri.ts';

/** The answer to one Get: its Status and, for 200, the Results item's Format and Data. */
export interface WalkReply {
  readonly uri: string;
  readonly status: number;
  readonly format?: string;
  readonly data?: string | Uint8Array;
}

export interface InventoryWalk {
  readonly root: string;
  /** URIs to Get next (one Get each); empty when the walk is over. */
  readonly pending: readonly string[];
  readonly entries: readonly InventoryEntry[];
  readonly problems: readonly string[];
  readonly done: boolean;
}

const READ_LEAVES = {
  delivered: new Set(Object.keys(DELIVERED_LEAVES).filter((leaf) => leaf !== 'Data')),
  deployed: new Set(Object.keys(DEPLOYED_LEAVES)),
};

export function startInventoryWalk(root: string): InventoryWalk {
  const pending = [inventoryUri(root, 'Delivered'), inventoryUri(root, 'Deployed')];
  return { root, pending, entries: [], problems: [], done: false };
}

function children(data: string | Uint8Array | undefined): string[] {
  const text = typeof data === 'string' ? data : data === undefined ? '' : new TextDecoder().decode(data);
  return text.split('/').filter((name) => name !== '');
}

/** Takes the replies to `walk.pending` (any order; unknown URIs ignored) and plans the next round. */
export function advanceInventoryWalk(walk: InventoryWalk, replies: readonly WalkReply[]): InventoryWalk {
  const asked = new Set(walk.pending);
  const entries = [...walk.entries];
  const problems = [...walk.problems];
  const next: string[] = [];
  const parents = new Set([inventoryUri(walk.root, 'Delivered'), inventoryUri(walk.root, 'Deployed')]);
  for (const reply of replies) {
    if (!asked.has(reply.uri)) continue;
    asked.delete(reply.uri);
    if (reply.status !== 200) {
      problems.push(`Get ${reply.uri} answered ${reply.status}`);
      continue;
    }
    entries.push({
      uri: reply.uri,
      ...(reply.format === undefined ? {} : { format: reply.format }),
      ...(reply.data === undefined ? {} : { data: reply.data }),
    });
    if (parents.has(reply.uri)) {
      for (const name of children(reply.data)) next.push(`${reply.uri}/${name}`);
      continue;
    }
    const ref = scomoObjectOf(reply.uri);
    if (ref !== undefined && ref.kind !== 'download' && ref.rest.length === 0) {
      for (const name of children(reply.data))
        if (READ_LEAVES[ref.kind].has(name)) next.push(`${reply.uri}/${name}`);
    }
  }
  for (const uri of asked) problems.push(`no answer to Get ${uri}`);
  return { root: walk.root, pending: next, entries, problems, done: next.length === 0 };
}
