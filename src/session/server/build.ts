import type { Command, Item, Meta } from '../../syncml/index.ts';
import { b64ToBytes } from './base64.ts';
import type { Operation, OperationItem } from './operation.ts';
import type { QuirkName } from './quirks.ts';
import type { SentNode } from './state.ts';
import { sessionError } from './errors.ts';

/** Allocates the next CmdID of the message being built (unique within a message, reference §2.4). */
export type CmdIdAllocator = () => string;

export interface Built {
  readonly command: Command;
  readonly node: SentNode;
}

/** Turns a queued operation into the SyncML command we send, with CmdIDs for it and its children. */
export function buildCommand(
  operation: Operation,
  alloc: CmdIdAllocator,
  quirks: readonly QuirkName[],
): Built {
  const cmdID = alloc();
  switch (operation.kind) {
    case 'Atomic':
    case 'Sequence': {
      const built = operation.operations.map((child) => buildCommand(child, alloc, quirks));
      return {
        command: { kind: operation.kind, cmdID, commands: built.map((b) => b.command) },
        node: sentNode(
          cmdID,
          operation.kind,
          built.map((b) => b.node),
        ),
      };
    }
    case 'Alert':
      return {
        command: { kind: 'Alert', cmdID, data: operation.code, items: operation.items.map((i) => toItem(i)) },
        node: sentNode(cmdID, 'Alert', []),
      };
    case 'Exec': {
      const items = operation.items.map((i) => toItem(i));
      const command: Command =
        operation.correlator === undefined
          ? { kind: 'Exec', cmdID, items }
          : { kind: 'Exec', cmdID, items, correlator: operation.correlator };
      return { command, node: sentNode(cmdID, 'Exec', []) };
    }
    case 'Add': {
      const emptyData = quirks.includes('interior-add-empty-data');
      const items = operation.items.map((i) =>
        toItem(i, emptyData && i.format === 'node' && i.data === undefined),
      );
      return { command: { kind: 'Add', cmdID, items }, node: sentNode(cmdID, 'Add', []) };
    }
    case 'Replace':
    case 'Delete':
    case 'Copy':
    case 'Get':
      return {
        command: { kind: operation.kind, cmdID, items: operation.items.map((i) => toItem(i)) },
        node: sentNode(cmdID, operation.kind, []),
      };
    default:
      return unreachable(operation);
  }
}

export function sentNode(cmdId: string, kind: Operation['kind'], children: SentNode[]): SentNode {
  return { cmdId, kind, statuses: [], results: [], expectsResults: kind === 'Get', children };
}

/** An operation item as a SyncML Item; `emptyData` adds `<Data/>` (quirk interior-add-empty-data). */
export function toItem(item: OperationItem, emptyData = false): Item {
  const out: Item = {};
  if (item.target !== undefined) out.target = { locURI: item.target };
  if (item.source !== undefined) out.source = { locURI: item.source };
  const meta = itemMeta(item);
  if (meta !== undefined) out.meta = meta;
  if (item.data !== undefined) out.data = item.binary === true ? b64ToBytes(item.data) : item.data;
  else if (emptyData) out.data = '';
  return out;
}

export function itemMeta(item: OperationItem): Meta | undefined {
  if (item.format === undefined && item.type === undefined) return undefined;
  const meta: Meta = {};
  if (item.format !== undefined) meta.format = item.format;
  if (item.type !== undefined) meta.type = item.type;
  return meta;
}

function unreachable(value: never): never {
  throw sessionError('SCOMO_SESSION_BAD_OPERATION', `Unhandled operation ${JSON.stringify(value)}.`);
}
