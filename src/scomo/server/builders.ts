/**
 * SCOMO operations as DM commands (reference §1.10), as values of the src/syncml model. CmdIDs come
 * from `nextCmdId` (the session renumbers them anyway; the default counts from 1 per call). Large
 * package Data is one Item here: the server session layer splits it into large-object chunks (§2.8).
 */
import type { Add, Atomic, Command, Delete, Exec, Get, Item, Replace } from '../../syncml/index.ts';
import { DEFAULT_SCOMO_ROOT } from '../vocabulary/identity.ts';
import { OPERATIONS_NODE, SCOMO_OBJECTS } from '../vocabulary/operations.ts';
import type {
  DeliveredOperation,
  DeployedOperation,
  DownloadOperation,
  ScomoObjectKind,
  ScomoOperation,
} from '../vocabulary/operations.ts';

export interface BuildOptions {
  /** The device's SCOMO root as discovered (discovery.ts); default ./SCOMO. */
  readonly root?: string;
  readonly nextCmdId?: () => string;
}

interface Ctx {
  readonly root: string;
  readonly id: () => string;
}

function context(options: BuildOptions = {}): Ctx {
  let n = 0;
  return {
    root: (options.root ?? DEFAULT_SCOMO_ROOT).replace(/\/+$/, ''),
    id: options.nextCmdId ?? (() => String(++n)),
  };
}

export function objectUri(root: string, kind: ScomoObjectKind, node: string): string {
  return `${root}/${SCOMO_OBJECTS[kind].join('/')}/${node}`;
}

export function operationUri(
  root: string,
  kind: ScomoObjectKind,
  node: string,
  operation: ScomoOperation,
): string {
  return `${objectUri(root, kind, node)}/${OPERATIONS_NODE}/${operation}`;
}

function chrItem(target: string, data: string): Item {
  return { target: { locURI: target }, meta: { format: 'chr' }, data };
}

function nodeItem(target: string): Item {
  return { target: { locURI: target }, meta: { format: 'node' }, data: '' };
}

/** The package description leaves, in DDF order (reference §1.2). */
export interface PackageLeaves {
  readonly pkgId: string;
  readonly name?: string;
  readonly installParams?: string;
  readonly description?: string;
  readonly envType?: string;
  readonly pkgType?: string;
}

function leafItems(base: string, pkg: PackageLeaves, pkgUrl?: string): Item[] {
  const leaves: [string, string | undefined][] = [
    ['PkgID', pkg.pkgId],
    ['Name', pkg.name],
    ['PkgURL', pkgUrl],
    ['InstallParams', pkg.installParams],
    ['Description', pkg.description],
    ['EnvType', pkg.envType],
    ['PkgType', pkg.pkgType],
  ];
  return leaves.flatMap(([leaf, value]) => (value === undefined ? [] : [chrItem(`${base}/${leaf}`, value)]));
}

function exec(ctx: Ctx, target: string, correlator: string | undefined): Exec {
  return {
    kind: 'Exec',
    cmdID: ctx.id(),
    ...(correlator === undefined ? {} : { correlator }),
    items: [{ target: { locURI: target } }],
  };
}

function addAndMaybeWrap(ctx: Ctx, items: Item[], atomic: boolean): Command {
  // Atomic takes its CmdID before the Add it contains, as it comes first in the message.
  const atomicId = atomic ? ctx.id() : undefined;
  const add: Add = { kind: 'Add', cmdID: ctx.id(), items };
  if (atomicId === undefined) return add;
  const wrapped: Atomic = { kind: 'Atomic', cmdID: atomicId, commands: [add] };
  return wrapped;
}

function deleteFirst(ctx: Ctx, target: string): Delete {
  return { kind: 'Delete', cmdID: ctx.id(), items: [{ target: { locURI: target } }] };
}

export interface UrlDelivery extends PackageLeaves {
  /** The `Download/<x>` node name the server chooses. */
  readonly node: string;
  /** The package URL, or the URL of its OMA DL download descriptor. */
  readonly pkgUrl: string;
  readonly operation: DownloadOperation;
  readonly correlator?: string;
  /** Delete `Download/<x>` first (a retry; the device answers 404 when there is none). */
  readonly replaceExisting?: boolean;
  /** Wrap the Add in Atomic so a failing leaf leaves no half-made node. */
  readonly atomic?: boolean;
}

/**
 * Indirect delivery (reference §1.10): Add `Download/<x>` (Format node) with PkgID, Name, PkgURL and
 * the optional leaves in one Add, then Exec `Download/<x>/Operations/<operation>` with the
 * correlator (seed flows 5.4.2, 5.4.4; corpus 02).
 */
export function buildDeliverByUrl(delivery: UrlDelivery, options?: BuildOptions): Command[] {
  const ctx = context(options);
  const base = objectUri(ctx.root, 'download', delivery.node);
  const out: Command[] = [];
  if (delivery.replaceExisting === true) out.push(deleteFirst(ctx, base));
  out.push(
    addAndMaybeWrap(
      ctx,
      [nodeItem(base), ...leafItems(base, delivery, delivery.pkgUrl)],
      delivery.atomic === true,
    ),
  );
  out.push(
    exec(ctx, operationUri(ctx.root, 'download', delivery.node, delivery.operation), delivery.correlator),
  );
  return out;
}

export interface DmDelivery extends PackageLeaves {
  /** The `Inventory/Delivered/<x>` node name the server chooses. */
  readonly node: string;
  /** The package bytes (Format bin; XML carries them as b64). */
  readonly data: Uint8Array;
  /** Meta Type of the Data item; default application/octet-stream. */
  readonly dataType?: string;
  /** Install right after delivery (5.4.3 with a delivered package). */
  readonly install?: Extract<DeliveredOperation, 'Install' | 'InstallInactive'>;
  readonly correlator?: string;
  readonly replaceExisting?: boolean;
}

/**
 * Direct delivery (reference §1.10, seed flow 5.4.1): Add `Inventory/Delivered/<x>` with PkgID and the
 * optional leaves, Replace `…/Data` with the package (a large object when it does not fit a message),
 * then optionally Exec Install or InstallInactive.
 */
export function buildDeliverOverDm(delivery: DmDelivery, options?: BuildOptions): Command[] {
  const ctx = context(options);
  const base = objectUri(ctx.root, 'delivered', delivery.node);
  const out: Command[] = [];
  if (delivery.replaceExisting === true) out.push(deleteFirst(ctx, base));
  out.push({ kind: 'Add', cmdID: ctx.id(), items: [nodeItem(base), ...leafItems(base, delivery)] });
  const data: Replace = {
    kind: 'Replace',
    cmdID: ctx.id(),
    items: [
      {
        target: { locURI: `${base}/Data` },
        meta: { format: 'bin', type: delivery.dataType ?? 'application/octet-stream' },
        data: delivery.data,
      },
    ],
  };
  out.push(data);
  if (delivery.install !== undefined) {
    out.push(
      exec(ctx, operationUri(ctx.root, 'delivered', delivery.node, delivery.install), delivery.correlator),
    );
  }
  return out;
}

export interface ExecTarget<O extends ScomoOperation> {
  /** Node name below the object's parent (for Deployed: as listed by the inventory). */
  readonly node: string;
  readonly correlator?: string;
  readonly operation: O;
}

/** Install / InstallInactive / Remove of a delivered package (seed flow 5.4.3). */
export function buildDeliveredOperation(
  target: ExecTarget<DeliveredOperation>,
  options?: BuildOptions,
): Command[] {
  const ctx = context(options);
  return [exec(ctx, operationUri(ctx.root, 'delivered', target.node, target.operation), target.correlator)];
}

/** Activate / Deactivate / Remove of a deployed component (seed flow 5.4.3). */
export function buildDeployedOperation(
  target: ExecTarget<DeployedOperation>,
  options?: BuildOptions,
): Command[] {
  const ctx = context(options);
  return [exec(ctx, operationUri(ctx.root, 'deployed', target.node, target.operation), target.correlator)];
}

/** Exec of a Download/<x> operation that already exists on the device (e.g. a retry). */
export function buildDownloadOperation(
  target: ExecTarget<DownloadOperation>,
  options?: BuildOptions,
): Command[] {
  const ctx = context(options);
  return [exec(ctx, operationUri(ctx.root, 'download', target.node, target.operation), target.correlator)];
}

export const INVENTORY_SCOPES = ['Inventory', 'Delivered', 'Deployed'] as const;
export type InventoryScope = (typeof INVENTORY_SCOPES)[number];

export function inventoryUri(root: string, scope: InventoryScope = 'Inventory'): string {
  return scope === 'Inventory' ? `${root}/Inventory` : `${root}/Inventory/${scope}`;
}

/**
 * The inventory check (change request flow 5.4.5): `Get <root>/Inventory?list=StructData`. A device
 * that answers 406 is walked with plain Gets instead (inventory-walk.ts).
 */
export function buildInventoryGet(options?: BuildOptions & { readonly scope?: InventoryScope }): Command[] {
  const ctx = context(options);
  return [buildGet(`${inventoryUri(ctx.root, options?.scope)}?list=StructData`, ctx.id())];
}

/** One Get of one URI (so that each gets its own Status). */
export function buildGet(uri: string, cmdID: string): Get {
  return { kind: 'Get', cmdID, items: [{ target: { locURI: uri } }] };
}

/** One Get per URI, CmdIDs from `nextCmdId`. */
export function buildGets(uris: readonly string[], options?: BuildOptions): Get[] {
  const ctx = context(options);
  return uris.map((uri) => buildGet(uri, ctx.id()));
}
