/**
 * Lays out the SCOMO MO (reference §1.2–1.3) through the privileged tree API. Access choices
 * (README "Layout"): the fixed interior nodes are permanent and Get-only, except Download and
 * Inventory/Delivered which also take Add (servers create `<x>` there); Status and State leaves are
 * Get-only; Operations leaves are Exec-only (Format null, as FUMO's DDF declares its executable
 * nodes); `Delivered/<x>/Data` is write-only; everything below `Deployed/<x>` is Get-only, so a
 * server never Adds, Replaces or Deletes there — it uses the Operations.
 */
import { ScomoError } from '../../errors/index.ts';
import type { AccessType, LocalNodeSpec, LocalTree } from '../../tree/index.ts';
import { SCOMO_MO_IDS } from '../vocabulary/identity.ts';
import { OPERATION_NODES, OPERATIONS_NODE } from '../vocabulary/operations.ts';
import type { ScomoObjectKind } from '../vocabulary/operations.ts';
import { DELIVERED_STATE, DELIVERED_STATUS, DEPLOYED_STATE, DOWNLOAD_STATUS } from '../vocabulary/states.ts';
import { JOURNAL_LEAF, PRIVATE_EXT } from './paths.ts';
import type { ScomoPaths } from './paths.ts';
import type { ComponentRef, InstalledComponent, PackageInfo } from './types.ts';

/** Default ACL of the root: every server may use the MO (restrict it with the `acl` option). */
export const DEFAULT_SCOMO_ACL = 'Add=*&Delete=*&Exec=*&Get=*&Replace=*';

/**
 * ACL of the device-private journal subtree: a ServerID no DMAcc account carries, so no server can
 * read, list, export, change or delete it (reference §7.4: Struct and TNDS skip what a server may
 * not Get).
 */
export const PRIVATE_ACL = 'Get=scomo:device-private';

const GET: readonly AccessType[] = ['Get'];
const GET_ADD: readonly AccessType[] = ['Get', 'Add'];
const EXEC: readonly AccessType[] = ['Exec'];

function fail(uri: string, status: number): never {
  throw new ScomoError('SCOMO_MO_LAYOUT', `Cannot lay out ${uri}: the tree answered ${status}`);
}

/** Creates the node when it is missing; an existing node is left as it is. */
export function ensure(local: LocalTree, uri: string, spec: LocalNodeSpec): void {
  if (local.exists(uri)) return;
  const status = local.add(uri, spec);
  if (status !== 200) fail(uri, status);
}

/** Writes a leaf (creating it Get-only when missing). */
export function writeLeaf(local: LocalTree, uri: string, data: string, format: 'chr' | 'int' = 'chr'): void {
  const status = local.exists(uri)
    ? local.set(uri, { format, data })
    : local.add(uri, { format, data, access: GET });
  if (status !== 200) fail(uri, status);
}

export function readText(local: LocalTree, uri: string): string | undefined {
  const value = local.read(uri);
  return typeof value === 'string' ? value : undefined;
}

/** The fixed part: root (Type = MOID), Download, Inventory/{Delivered,Deployed}, Ext, journal. */
export function layoutRoot(
  local: LocalTree,
  paths: ScomoPaths,
  acl: string,
  version: keyof typeof SCOMO_MO_IDS,
): void {
  const root = paths.root;
  const type = SCOMO_MO_IDS[version];
  ensure(local, root, { format: 'node', type, acl, permanent: true, access: GET });
  const status = local.setProperties(root, { type, permanent: true });
  if (status !== 200) fail(root, status);
  ensure(local, `${root}/Download`, { format: 'node', permanent: true, access: GET_ADD });
  ensure(local, `${root}/Inventory`, { format: 'node', permanent: true, access: GET });
  ensure(local, `${root}/Inventory/Delivered`, { format: 'node', permanent: true, access: GET_ADD });
  ensure(local, `${root}/Inventory/Deployed`, { format: 'node', permanent: true, access: GET });
  ensure(local, `${root}/Ext`, { format: 'node', permanent: true, access: GET });
  const ext = `${root}/${PRIVATE_EXT.join('/')}`;
  ensure(local, ext, { format: 'node', permanent: true, access: [], acl: PRIVATE_ACL });
  ensure(local, `${ext}/${JOURNAL_LEAF}`, { format: 'chr', data: '', permanent: true, access: [] });
}

function layoutOperations(local: LocalTree, paths: ScomoPaths, kind: ScomoObjectKind, node: string): void {
  ensure(local, `${paths.object(kind, node)}/${OPERATIONS_NODE}`, { format: 'node', access: GET });
  for (const op of OPERATION_NODES[kind]) {
    ensure(local, paths.operation(kind, node, op), { format: 'null', access: EXEC });
  }
}

/** The device-maintained part of `Download/<x>` (after a server created the node). */
export function layoutDownload(local: LocalTree, paths: ScomoPaths, node: string): void {
  ensure(local, paths.leaf('download', node, 'Status'), {
    format: 'int',
    data: String(DOWNLOAD_STATUS.idle.code),
    access: GET,
  });
  layoutOperations(local, paths, 'download', node);
}

/** The device-maintained part of `Inventory/Delivered/<x>`. */
export function layoutDelivered(local: LocalTree, paths: ScomoPaths, node: string): void {
  ensure(local, paths.object('delivered', node), { format: 'node' });
  ensure(local, paths.leaf('delivered', node, 'Status'), {
    format: 'int',
    data: String(DELIVERED_STATUS.idle.code),
    access: GET,
  });
  ensure(local, paths.leaf('delivered', node, 'State'), {
    format: 'int',
    data: String(DELIVERED_STATE.delivered.code),
    access: GET,
  });
  // Data is write-only (reference §1.3): the bytes go to the agent (storeData), never into the tree.
  ensure(local, paths.leaf('delivered', node, 'Data'), {
    format: 'bin',
    data: new Uint8Array(0),
    access: ['Add', 'Replace'],
  });
  layoutOperations(local, paths, 'delivered', node);
}

const PACKAGE_LEAVES = [
  ['PkgID', 'pkgId'],
  ['Name', 'name'],
  ['Description', 'description'],
  ['InstallParams', 'installParams'],
  ['EnvType', 'envType'],
  ['PkgType', 'pkgType'],
] as const;

/** A downloaded package becomes `Delivered/<slot>` (State Delivered), replacing what was there. */
export function deliverPackage(local: LocalTree, paths: ScomoPaths, slot: string, pkg: PackageInfo): void {
  const uri = paths.object('delivered', slot);
  if (local.exists(uri)) {
    const status = local.delete(uri);
    if (status !== 200) fail(uri, status);
  }
  layoutDelivered(local, paths, slot);
  for (const [leaf, key] of PACKAGE_LEAVES) {
    const value = pkg[key];
    if (value !== undefined) {
      const status = local.add(`${uri}/${leaf}`, { format: 'chr', data: value });
      if (status !== 200) fail(`${uri}/${leaf}`, status);
    }
  }
}

function nodeNameFor(id: string, taken: ReadonlySet<string>): string {
  const base =
    id
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 64)
      .replace(/^\.{1,2}$/, '_') || 'component';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The Deployed node holding component `id`, by its ID leaf. */
export function findDeployed(local: LocalTree, paths: ScomoPaths, id: string): string | undefined {
  for (const name of local.children(paths.parent('deployed')) ?? []) {
    if (readText(local, paths.leaf('deployed', name, 'ID')) === id) return name;
  }
  return undefined;
}

const OPTIONAL_COMPONENT_LEAVES = [
  ['Name', 'name'],
  ['Description', 'description'],
  ['Version', 'version'],
] as const;

/**
 * Creates the `Deployed/<x>` node of each component, or upgrades it in place when a node with the
 * same ID exists (the node name stays; Version, Name, Description, PkgIDRef, EnvType follow the new
 * install). New node names are the component id when it is a usable node name.
 */
export function deployComponents(
  local: LocalTree,
  paths: ScomoPaths,
  components: readonly InstalledComponent[],
  pkgId: string | undefined,
  active: boolean,
  status: number,
): ComponentRef[] {
  const refs: ComponentRef[] = [];
  const taken = new Set(local.children(paths.parent('deployed')) ?? []);
  for (const c of components) {
    let node = findDeployed(local, paths, c.id);
    if (node === undefined) {
      node = nodeNameFor(c.id, taken);
      taken.add(node);
      ensure(local, paths.object('deployed', node), { format: 'node', access: GET });
      writeLeaf(local, paths.leaf('deployed', node, 'ID'), c.id);
    }
    const leaf = (name: string): string => paths.leaf('deployed', node, name);
    if (pkgId !== undefined) writeLeaf(local, leaf('PkgIDRef'), pkgId);
    const optional = (name: string, value: string | undefined): void => {
      if (value !== undefined) writeLeaf(local, leaf(name), value);
      else if (local.exists(leaf(name))) local.delete(leaf(name));
    };
    for (const [name, key] of OPTIONAL_COMPONENT_LEAVES) optional(name, c[key]);
    writeLeaf(
      local,
      leaf('State'),
      String(active ? DEPLOYED_STATE.active.code : DEPLOYED_STATE.inactive.code),
      'int',
    );
    writeLeaf(local, leaf('Status'), String(status), 'int');
    optional('EnvType', c.envType);
    layoutOperations(local, paths, 'deployed', node);
    refs.push({ node, id: c.id });
  }
  return refs;
}
