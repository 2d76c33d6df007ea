/**
 * The builders of src/scomo produce SyncML commands (the message model); the queue stores
 * Operations (src/session's JSON description of one command). This turns one into the other: CmdIDs
 * are dropped (the session numbers what it sends), bytes become base64 with `binary`.
 */
import { bytesToBase64 } from '../../syncml/index.ts';
import type { Command, Item } from '../../syncml/index.ts';
import type { Operation, OperationItem } from '../../session/index.ts';
import { scomoServerError } from './errors.ts';

function item(value: Item): OperationItem {
  const out: { -readonly [K in keyof OperationItem]: OperationItem[K] } = {};
  if (value.target !== undefined) out.target = value.target.locURI;
  if (value.source !== undefined) out.source = value.source.locURI;
  if (value.meta?.format !== undefined) out.format = value.meta.format;
  if (value.meta?.type !== undefined) out.type = value.meta.type;
  const data = value.data;
  if (typeof data === 'string') out.data = data;
  else if (data instanceof Uint8Array) {
    out.data = bytesToBase64(data);
    out.binary = true;
  } else if (data !== undefined) {
    throw scomoServerError(
      'SCOMO_SERVER_BAD_REQUEST',
      'A SCOMO command item carries embedded markup; only text or bytes are queued.',
    );
  }
  return out;
}

export function toOperation(command: Command): Operation {
  switch (command.kind) {
    case 'Add':
    case 'Replace':
    case 'Delete':
    case 'Get':
    case 'Copy':
      return { kind: command.kind, items: command.items.map(item) };
    case 'Exec':
      return command.correlator === undefined
        ? { kind: 'Exec', items: command.items.map(item) }
        : { kind: 'Exec', items: command.items.map(item), correlator: command.correlator };
    case 'Atomic':
    case 'Sequence':
      return { kind: command.kind, operations: command.commands.map(toOperation) };
    default:
      throw scomoServerError(
        'SCOMO_SERVER_BAD_REQUEST',
        `A ${command.kind} command is not queued by the SCOMO service.`,
      );
  }
}
