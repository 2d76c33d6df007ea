/**
 * Packs the reply queue into the next message within the server's MaxMsgSize (reference §2.5, §2.9):
 * the Status for the server's SyncHdr first, then as many queued commands as fit, a Results split
 * when it alone exceeds a message, and — once the queue is empty — Final when our package closes, or
 * Alert 1222 when the server's package continues. Sizes: the common case (everything fits) costs one
 * encoding; otherwise each command is measured once, standing alone, and the result confirmed.
 */
import type { Alert, Command, Results, Status, SyncHdr, SyncMLMessage } from '../../../syncml/index.ts';
import { ALERT } from '../codes.ts';
import { sessionError } from '../errors.ts';
import type { OutEntry } from '../handlers/index.ts';
import type { MessageEncoding } from '../../../syncml/index.ts';
import { splitResults } from './results-split.ts';
import type { SplitContext } from './results-split.ts';

export interface PackRequest {
  readonly header: SyncHdr;
  /** Status for the server's SyncHdr; absent only in package #1. */
  readonly headerStatus: Status | undefined;
  /** Reply commands in order; consumed from the front. */
  readonly queue: OutEntry[];
  /** The server's MaxMsgSize (undefined: none announced). */
  readonly limit: number | undefined;
  /** When the queue empties: Final (our package closes) or Alert 1222 (the server's continues). */
  readonly closePackage: boolean;
  readonly encoding: MessageEncoding;
  readonly encode: (message: SyncMLMessage) => Uint8Array;
  readonly newObjectId: () => number;
}

export interface Packed {
  readonly message: SyncMLMessage;
  readonly body: Uint8Array;
  /** The queued entries this message carries, CmdIDs assigned. */
  readonly sent: readonly OutEntry[];
}

function nextMessageAlert(): Alert {
  return { kind: 'Alert', cmdID: '', data: ALERT.NEXT_MESSAGE, items: [] };
}

/** Drops the remains of chunked objects the server refused (a non-2xx Status or its Alert 1225). */
function dropRefused(queue: OutEntry[]): void {
  for (let i = 0; i < queue.length; i++) {
    const entry = queue[i] as OutEntry;
    if (entry.continues?.dropped !== true || entry.command.kind !== 'Results') continue;
    const items = entry.command.items.slice(1);
    if (items.length === 0) queue.splice(i--, 1);
    else queue[i] = { command: { ...entry.command, items } };
  }
}

function assemble(request: PackRequest, taken: readonly OutEntry[]): SyncMLMessage {
  const body: Command[] = [];
  let id = 1;
  if (request.headerStatus !== undefined) {
    request.headerStatus.cmdID = String(id++);
    body.push(request.headerStatus);
  }
  for (const entry of taken) {
    entry.command.cmdID = String(id++);
    body.push(entry.command);
  }
  const empty = request.queue.length === 0;
  if (empty && !request.closePackage) {
    const alert = nextMessageAlert();
    alert.cmdID = String(id);
    body.push(alert);
  }
  return { header: request.header, body, final: empty && request.closePackage };
}

function tooSmall(limit: number, what: string): Error {
  return sessionError(
    'SCOMO_SESSION_MSG_TOO_SMALL',
    `The server's MaxMsgSize ${limit} cannot carry ${what}; a DM message needs room for its header and one command.`,
  );
}

export function packMessage(request: PackRequest): Packed {
  const { queue, limit, encode } = request;
  dropRefused(queue);
  if (limit === undefined) return whole(request);
  const all = assemble({ ...request, queue: [] }, queue);
  const allBytes = encode(all);
  if (allBytes.length <= limit) return whole(request, all, allBytes);

  const size = (body: Command[], final: boolean): number =>
    encode({ header: request.header, body, final }).length;
  const base = size([], true);
  const fixed: Command[] = request.headerStatus === undefined ? [] : [request.headerStatus];
  if (request.headerStatus !== undefined) request.headerStatus.cmdID = '1';
  const envelope = size(fixed, true);
  const reserve = request.closePackage ? 0 : size([{ ...nextMessageAlert(), cmdID: '999' }], true) - base;
  if (envelope + reserve > limit) throw tooSmall(limit, 'the SyncHdr and its Status');
  const measure = (command: Command): number => size([command], true) - base;
  const split: SplitContext = {
    encoding: request.encoding,
    measure: (results: Results) => measure(results),
    newObjectId: request.newObjectId,
  };

  const taken: OutEntry[] = [];
  let used = envelope;
  let nextId = fixed.length + 1;
  while (queue.length > 0) {
    const entry = queue[0] as OutEntry;
    entry.command.cmdID = String(nextId);
    const commandSize = measure(entry.command);
    const room = limit - used - (queue.length === 1 ? reserve : 0);
    if (commandSize <= room) {
      taken.push(entry);
      queue.shift();
      used += commandSize;
      nextId++;
      continue;
    }
    // Split parts leave a rest in the queue, so this message will not need the Alert 1222 room.
    const parts = splitResults(
      entry,
      commandSize,
      limit - used,
      limit - envelope - reserve,
      split,
      taken.length === 0,
    );
    if (parts !== undefined) {
      queue.splice(0, 1, parts.rest);
      taken.push(parts.first);
    }
    break;
  }
  if (taken.length === 0 && queue.length > 0)
    throw tooSmall(limit, `a ${queue[0]?.command.kind ?? 'command'} command`);

  // Confirm with the real encoding; hand back commands in the rare case the estimate was short.
  for (;;) {
    const message = assemble(request, taken);
    const body = encode(message);
    if (body.length <= limit) return { message, body, sent: taken };
    const last = taken.pop();
    if (last === undefined) throw tooSmall(limit, 'the SyncHdr and its Status');
    queue.unshift(last);
  }
}

function whole(request: PackRequest, message?: SyncMLMessage, body?: Uint8Array): Packed {
  const taken = request.queue.splice(0);
  const finalMessage = message ?? assemble(request, taken);
  return { message: finalMessage, body: body ?? request.encode(finalMessage), sent: taken };
}
