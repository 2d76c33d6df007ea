/**
 * Persistence port values: `snapshot()` is a plain JSON-serialisable copy of the whole tree (bin
 * values as base64), `restore()` validates one and rebuilds the tree. The agent stores them through
 * src/agent/tree-store.
 */
import { ScomoError } from '../errors/index.ts';
import { formatAcl, tryParseAcl, isEmptyAcl } from './acl.ts';
import { accessList, accessMask, isAccessType } from './access.ts';
import type { AccessType } from './access.ts';
import { base64Decode, base64Encode } from './bytes.ts';
import { checkValue, isNodeFormat } from './format.ts';
import type { NodeFormat } from './format.ts';
import { newNode } from './node.ts';
import type { TreeNode } from './node.ts';
import { HARD_MAX_DEPTH, isValidNodeName } from './uri.ts';

export const SNAPSHOT_FORMAT = 'scomo-tree';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotNode {
  name: string;
  format: NodeFormat;
  type?: string;
  acl?: string;
  title?: string;
  tstamp?: number;
  verNo?: number;
  permanent?: boolean;
  access?: AccessType[];
  /** Text value (every format but bin). */
  value?: string;
  /** bin value, base64. */
  bin?: string;
  children?: SnapshotNode[];
}

export interface TreeSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  root: SnapshotNode;
}

function toSnapshot(node: TreeNode): SnapshotNode {
  const out: SnapshotNode = { name: node.name, format: node.format };
  if (node.type !== '') out.type = node.type;
  if (!isEmptyAcl(node.acl)) out.acl = formatAcl(node.acl);
  if (node.title !== undefined) out.title = node.title;
  if (node.tstamp !== undefined) out.tstamp = node.tstamp;
  if (node.verNo !== 0) out.verNo = node.verNo;
  if (node.permanent) out.permanent = true;
  if (node.access !== undefined) out.access = accessList(node.access);
  if (node.children) {
    out.children = [...node.children.values()].map((c) => toSnapshot(c));
  } else if (typeof node.value === 'string') {
    if (node.value !== '') out.value = node.value;
  } else out.bin = base64Encode(node.value);
  return out;
}

export function takeSnapshot(root: TreeNode): TreeSnapshot {
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, root: toSnapshot(root) };
}

function bad(path: string, what: string): ScomoError {
  return new ScomoError('SCOMO_TREE_SNAPSHOT_INVALID', `Invalid tree snapshot at ${path}: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(o: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(path, `"${key}" must be a string`);
  return v;
}

function fromSnapshot(raw: unknown, path: string, depth: number, isRoot: boolean): TreeNode {
  if (depth > HARD_MAX_DEPTH) throw bad(path, `deeper than ${HARD_MAX_DEPTH} levels`);
  if (!isRecord(raw)) throw bad(path, 'node must be an object');
  const name = raw['name'];
  if (typeof name !== 'string' || (isRoot ? name !== '' : !isValidNodeName(name))) {
    throw bad(path, `bad node name ${JSON.stringify(name)}`);
  }
  const format = raw['format'];
  if (!isNodeFormat(format)) throw bad(path, `unknown format ${JSON.stringify(format)}`);
  if (isRoot && format !== 'node') throw bad(path, 'the root must be an interior node');
  const aclText = optString(raw, 'acl', path) ?? '';
  const acl = tryParseAcl(aclText);
  if (acl === undefined) throw bad(path, `bad ACL "${aclText}"`);
  if (isRoot && isEmptyAcl(acl)) throw bad(path, 'the root must have an ACL');
  const tstamp = raw['tstamp'];
  if (tstamp !== undefined && (typeof tstamp !== 'number' || !Number.isFinite(tstamp)))
    throw bad(path, 'bad tstamp');
  const verNo = raw['verNo'] ?? 0;
  if (typeof verNo !== 'number' || !Number.isInteger(verNo) || verNo < 0 || verNo > 0xffff)
    throw bad(path, 'bad verNo');
  const permanent = raw['permanent'] ?? false;
  if (typeof permanent !== 'boolean') throw bad(path, '"permanent" must be a boolean');
  const access = raw['access'];
  if (access !== undefined && (!Array.isArray(access) || !access.every(isAccessType)))
    throw bad(path, 'bad access list');
  const text = optString(raw, 'value', path);
  const bin = optString(raw, 'bin', path);
  let value: string | Uint8Array = '';
  if (format === 'bin') {
    if (text !== undefined) throw bad(path, 'a bin node keeps its value in "bin"');
    const bytes = base64Decode(bin ?? '');
    if (bytes === undefined) throw bad(path, '"bin" is not base64');
    value = bytes;
  } else {
    if (bin !== undefined) throw bad(path, `a ${format} node cannot carry "bin"`);
    const checked = checkValue(format, text ?? '');
    if (!checked.ok) throw bad(path, `value is not valid ${format}`);
    value = checked.value;
  }
  const title = optString(raw, 'title', path);
  const node = newNode(name, {
    format,
    type: optString(raw, 'type', path) ?? '',
    value,
    acl,
    title,
    tstamp: tstamp as number | undefined,
    permanent,
    access: access === undefined ? undefined : accessMask(access as AccessType[]),
  });
  node.verNo = verNo;
  const children = raw['children'];
  if (node.children) {
    if (children !== undefined && !Array.isArray(children)) throw bad(path, '"children" must be an array');
    for (const c of (children ?? []) as unknown[]) {
      const kid = fromSnapshot(c, `${path}/${isRecord(c) ? String(c['name']) : '?'}`, depth + 1, false);
      if (node.children.has(kid.name)) throw bad(path, `duplicate child "${kid.name}"`);
      node.children.set(kid.name, kid);
      kid.parent = node;
    }
  } else if (children !== undefined) throw bad(path, 'a leaf cannot have children');
  return node;
}

/** Validates a snapshot and builds its root node; throws SCOMO_TREE_SNAPSHOT_INVALID naming the node. */
export function rootFromSnapshot(snapshot: unknown): TreeNode {
  if (!isRecord(snapshot)) throw bad('.', 'snapshot must be an object');
  if (snapshot['format'] !== SNAPSHOT_FORMAT || snapshot['version'] !== SNAPSHOT_VERSION) {
    throw bad('.', `expected format "${SNAPSHOT_FORMAT}" version ${SNAPSHOT_VERSION}`);
  }
  return fromSnapshot(snapshot['root'], '.', 0, true);
}

/** Checks that `value` is a valid snapshot (as restore() would) and returns it typed. */
export function parseSnapshot(value: unknown): TreeSnapshot {
  rootFromSnapshot(value);
  return value as TreeSnapshot;
}
