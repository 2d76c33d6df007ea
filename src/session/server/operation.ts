import { sessionError } from './errors.ts';

/**
 * A management operation as the server queues it: a JSON-safe description of one DM command
 * (DM 1.2 Protocol §6.6; reference §2.3). The engine turns it into a SyncML command when it sends it.
 * Type aliases (not interfaces) so that an Operation is assignable to a JSON value.
 */
export type OperationItem = {
  readonly target?: string;
  /** Copy: the source URI. */
  readonly source?: string;
  /** Meta Format (chr, int, b64, bin, node, xml, …); omitted means chr (reference §2.2). */
  readonly format?: string;
  /** Meta Type (MIME type or MO type). */
  readonly type?: string;
  /** Text data, or the base64 of bytes when `binary` is true. */
  readonly data?: string;
  readonly binary?: boolean;
};

export const ITEM_OPERATION_KINDS = ['Add', 'Replace', 'Delete', 'Get', 'Copy', 'Exec'] as const;
export type ItemOperationKind = (typeof ITEM_OPERATION_KINDS)[number];

export type ItemOperation = {
  readonly kind: ItemOperationKind;
  readonly items: readonly OperationItem[];
  /** Exec only: echoed by the device in the Generic Alert that reports an asynchronous result. */
  readonly correlator?: string;
};

/** A UI alert (1100–1104) the server shows on the device (reference §2.6). */
export type AlertOperation = {
  readonly kind: 'Alert';
  readonly code: string;
  readonly items: readonly OperationItem[];
};

export type ContainerOperation = {
  readonly kind: 'Atomic' | 'Sequence';
  readonly operations: readonly Operation[];
};

export type Operation = ItemOperation | AlertOperation | ContainerOperation;
export type OperationKind = Operation['kind'];

// DM 1.2 Protocol §6.6.3 / §6.6.13 (reference §2.3, "Allowed parents"): what may sit inside what.
const ALLOWED_IN_ATOMIC: ReadonlySet<OperationKind> = new Set([
  'Add',
  'Replace',
  'Delete',
  'Copy',
  'Alert',
  'Sequence',
]);
const ALLOWED_IN_SEQUENCE: ReadonlySet<OperationKind> = new Set([
  'Add',
  'Replace',
  'Delete',
  'Copy',
  'Get',
  'Exec',
  'Alert',
  'Atomic',
]);
const UI_ALERT = /^110[0-4]$/;
const ITEM_KINDS: ReadonlySet<string> = new Set(ITEM_OPERATION_KINDS);

/**
 * Validates a stored or submitted operation. Throws SCOMO_SESSION_BAD_OPERATION saying what is wrong;
 * returns a fresh object with only the known fields.
 */
export function parseOperation(value: unknown): Operation {
  return parseAt(value, 'operation', []);
}

function parseAt(value: unknown, path: string, parents: readonly OperationKind[]): Operation {
  const record = asRecord(value, path);
  const kind = record['kind'];
  if (typeof kind !== 'string') throw bad(path, 'has no string "kind"');
  const parent = parents.at(-1);
  if (parents.includes('Atomic') && !ALLOWED_IN_ATOMIC.has(kind as OperationKind)) {
    throw bad(path, `is ${kind}, which may not appear inside Atomic (DM 1.2 Protocol §6.6.3)`);
  }
  if (parent === 'Sequence' && !ALLOWED_IN_SEQUENCE.has(kind as OperationKind)) {
    throw bad(path, `is ${kind}, which may not appear inside Sequence (DM 1.2 Protocol §6.6.13)`);
  }
  if (kind === 'Atomic' || kind === 'Sequence') {
    if (parents.includes(kind)) throw bad(path, `nests ${kind} inside ${kind}, which DM does not allow`);
    const operations = record['operations'];
    if (!Array.isArray(operations) || operations.length === 0)
      throw bad(path, 'needs a non-empty "operations" array');
    return {
      kind,
      operations: operations.map((op, i) => parseAt(op, `${path}.operations[${i}]`, [...parents, kind])),
    };
  }
  const items = parseItems(record['items'], path);
  if (kind === 'Alert') {
    const code = record['code'];
    if (typeof code !== 'string' || !UI_ALERT.test(code)) {
      throw bad(
        path,
        'is an Alert whose "code" is not a UI alert 1100–1104 (the server sends no other alert)',
      );
    }
    return { kind, code, items };
  }
  if (!ITEM_KINDS.has(kind)) throw bad(path, `has unknown kind "${kind}"`);
  const itemKind = kind as ItemOperationKind;
  if (items.length === 0) throw bad(path, `is ${kind} without items`);
  for (const [i, item] of items.entries()) {
    if (item.target === undefined) throw bad(`${path}.items[${i}]`, 'has no target URI');
    if (itemKind === 'Copy' && item.source === undefined)
      throw bad(`${path}.items[${i}]`, 'is a Copy item without source');
  }
  const correlator = record['correlator'];
  if (correlator !== undefined) {
    if (itemKind !== 'Exec' || typeof correlator !== 'string')
      throw bad(path, 'has a correlator, which only Exec carries, as a string');
    return { kind: itemKind, items, correlator };
  }
  return { kind: itemKind, items };
}

function parseItems(value: unknown, path: string): OperationItem[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw bad(path, 'has "items" that is not an array');
  return value.map((raw, i) => {
    const at = `${path}.items[${i}]`;
    const record = asRecord(raw, at);
    const item: { -readonly [K in keyof OperationItem]: OperationItem[K] } = {};
    for (const key of ['target', 'source', 'format', 'type', 'data'] as const) {
      const field = record[key];
      if (field === undefined) continue;
      if (typeof field !== 'string') throw bad(at, `has "${key}" that is not a string`);
      item[key] = field;
    }
    const binary = record['binary'];
    if (binary !== undefined) {
      if (typeof binary !== 'boolean') throw bad(at, 'has "binary" that is not a boolean');
      if (binary && item.data !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(item.data)) {
        throw bad(at, 'is binary but its data is not base64');
      }
      if (binary) item.binary = true;
    }
    return item;
  });
}

function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(path, 'is not an object');
  return value as Record<string, unknown>;
}

function bad(path: string, what: string) {
  return sessionError('SCOMO_SESSION_BAD_OPERATION', `The ${path} ${what}.`);
}
