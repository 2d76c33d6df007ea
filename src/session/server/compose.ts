import type { Command, SyncHdr } from '../../syncml/index.ts';
import { buildCommand } from './build.ts';
import { clientCaughtUp, sent1222, serverPackageOpen } from './exchange.ts';
import type { Built } from './build.ts';
import { resolveQueued } from './in-flight.ts';
import { addChunk, chunkable, lastChunkSent, startLargeObject, transmittedSize } from './large-object.ts';
import type { Operation } from './operation.ts';
import { failed } from './outcome.ts';
import { MessagePacker } from './packer.ts';
import { presentServerCredentials } from './server-cred.ts';
import type { OutboxEntry, SessionState } from './state.ts';
import type { DeviceView, Effect, EngineEnv, MessageEncoding, OutgoingMessage } from './types.ts';

export interface ComposeContext {
  readonly device: DeviceView;
  readonly encoding: MessageEncoding;
  readonly env: EngineEnv;
  readonly effects: Effect[];
}

/**
 * Builds our next message: the carried statuses first (Status for SyncHdr leads), then Alert 1222
 * when the client has more to send, else a large-object chunk or queued commands, as many as the
 * client's MaxMsgSize allows. Final unless our package has more for the next message or we ask for
 * the client's (reference §2.4, §2.5). Returns `ended` when the message closes the session: Final,
 * nothing in it the client must answer, nothing owed either way, and the client has said all it had
 * to say (reference §2.1).
 */
export function compose(
  draft: SessionState,
  ctx: ComposeContext,
): { reply: OutgoingMessage; ended: boolean } {
  draft.serverMsgId += 1;
  const msgId = String(draft.serverMsgId);
  const presentation = presentServerCredentials(draft, ctx.device);
  const header = buildHeader(draft, msgId, ctx.env, presentation);
  const budget = draft.clientMaxMsgSize ?? ctx.env.options.defaultClientMaxMsgSize;
  const packer = new MessagePacker(header, budget, ctx.env.sizeOf);

  let full = addCarry(draft, packer);
  const pending = draft.pending;
  const ask = pending.need1222 && pending.ending === null;
  if (!full && ask) {
    // Reference §2.5: answer an intermediate client message with statuses and Alert 1222 only.
    const alert = packer.tryAdd((alloc) => ({ kind: 'Alert', cmdID: alloc(), data: '1222', items: [] }));
    if (alert === null) full = true;
    else sent1222(draft, msgId, alert.cmdID);
  }
  // Reference §3.3: a reply that reports an authentication failure carries statuses only.
  const authFailed = pending.headerStatus === 401 || pending.headerStatus === 407;
  if (!full && draft.phase === 'active' && pending.ending === null && !ask && !authFailed) {
    sendCommands(draft, packer, msgId, ctx);
  }
  draft.serverPackageOpen = serverPackageOpen(draft);
  // An ending session closes with this message whatever is left (reference §2.6, Alert 1223).
  const final = pending.ending !== null || (!draft.serverPackageOpen && !ask);
  const ended =
    pending.ending !== null ||
    (final &&
      draft.phase === 'active' &&
      !authFailed &&
      clientCaughtUp(draft) &&
      !packer.hasCommands &&
      draft.inFlight.length === 0 &&
      draft.outbox.length === 0 &&
      draft.largeObject === null);
  draft.stats.messagesOut += 1;
  return {
    reply: { message: packer.message(final), sign: presentation.sign, ended, quirks: [...draft.quirks] },
    ended,
  };
}

function buildHeader(
  draft: SessionState,
  msgId: string,
  env: EngineEnv,
  presentation: ReturnType<typeof presentServerCredentials>,
): SyncHdr {
  const header: SyncHdr = {
    verDTD: '1.2',
    verProto: 'DM/1.2',
    sessionID: draft.sessionId,
    msgID: msgId,
    target: { locURI: draft.devId },
    source:
      presentation.locName === null
        ? { locURI: draft.serverUri }
        : { locURI: draft.serverUri, locName: presentation.locName },
  };
  if (draft.respUri !== null) header.respURI = draft.respUri;
  if (presentation.cred !== null) header.cred = presentation.cred;
  // Our limits stay in force for the session once announced (reference §2.9): say them once.
  if (msgId === '1') {
    const { maxMsgSize, maxObjSize } = env.options;
    header.meta = maxObjSize === null ? { maxMsgSize } : { maxMsgSize, maxObjSize };
  }
  return header;
}

/** Carried statuses in order; the first always goes in. Returns true when some must wait. */
function addCarry(draft: SessionState, packer: MessagePacker): boolean {
  let sent = 0;
  for (const command of draft.carry) {
    const build = (alloc: () => string): Command => ({ ...command, cmdID: alloc() });
    if (packer.tryAdd(build) === null) {
      if (sent > 0) break;
      packer.force(build);
    }
    sent += 1;
  }
  draft.carry = draft.carry.slice(sent);
  return draft.carry.length > 0;
}

/**
 * Adds a chunk or commands, as many as fit; what does not fit stays in the outbox (or the large
 * object) for the next message of this package.
 */
function sendCommands(draft: SessionState, packer: MessagePacker, msgId: string, ctx: ComposeContext): void {
  const { minChunkSize } = ctx.env.options;
  // Reference §2.8: nothing may come between the chunks of a large object.
  const lo = draft.largeObject;
  if (lo !== null) {
    if (lo.sent !== null) return;
    if (!addChunk(packer, lo, msgId, minChunkSize) || !lastChunkSent(lo)) return;
  }
  for (let i = 0; i < draft.outbox.length;) {
    const entry = draft.outbox[i];
    if (entry === undefined) break;
    if (entry.emulation?.waiting === true) {
      i += 1;
      continue;
    }
    const tooBig = objectTooLarge(entry.operation, draft.clientMaxObjSize, ctx.encoding);
    if (tooBig !== null) {
      draft.outbox.splice(i, 1);
      resolveQueued(draft, ctx.effects, entry.queueId, failed('SCOMO_SESSION_OBJECT_TOO_LARGE', tooBig));
      continue;
    }
    const { operation, step } = nextToSend(entry);
    let built: Built | null = null;
    const added = packer.tryAdd((alloc) => {
      built = buildCommand(operation, alloc, draft.quirks);
      return built.command;
    });
    if (added !== null && built !== null) {
      draft.inFlight.push({ queueId: entry.queueId, msgId, node: (built as Built).node, operation, step });
      if (entry.emulation === null) draft.outbox.splice(i, 1);
      else {
        entry.emulation.waiting = true;
        i += 1;
      }
      continue;
    }
    // It may fit a message of its own: the package continues in the next message.
    if (packer.hasCommands) return;
    if (chunkable(entry) && draft.largeObject === null) {
      // Our chunks need the client's 213 in its very next message (each message of ours must carry
      // the next chunk, reference §2.8); a client with answers still queued sends them first.
      if (!clientCaughtUp(draft)) return;
      draft.outbox.splice(i, 1);
      const started = startLargeObject(entry, ctx.encoding);
      draft.largeObject = started;
      addChunk(packer, started, msgId, minChunkSize);
      return;
    }
    draft.outbox.splice(i, 1);
    resolveQueued(
      draft,
      ctx.effects,
      entry.queueId,
      failed(
        'SCOMO_SESSION_COMMAND_TOO_LARGE',
        `The ${operation.kind} does not fit the client's MaxMsgSize (${String(draft.clientMaxMsgSize)}) and cannot be sent in chunks.`,
      ),
    );
  }
}

/** A Sequence under quirk no-sequence goes child by child; anything else goes whole. */
function nextToSend(entry: OutboxEntry): { operation: Operation; step: number | null } {
  const emulation = entry.emulation;
  if (emulation !== null && entry.operation.kind === 'Sequence') {
    const child = entry.operation.operations[emulation.next];
    if (child !== undefined) return { operation: child, step: emulation.next };
  }
  return { operation: entry.operation, step: null };
}

/** Reference §2.9: an object over the client's MaxObjSize is refused before it is sent. */
function objectTooLarge(
  operation: Operation,
  maxObjSize: number | null,
  encoding: MessageEncoding,
): string | null {
  if (maxObjSize === null) return null;
  if ('operations' in operation) {
    for (const child of operation.operations) {
      const found = objectTooLarge(child, maxObjSize, encoding);
      if (found !== null) return found;
    }
    return null;
  }
  for (const item of operation.items) {
    if (item.data === undefined) continue;
    const size = transmittedSize(item.data, item.binary === true, encoding);
    if (size > maxObjSize) {
      return `The data for ${item.target ?? 'the item'} is ${size} bytes; the client's MaxObjSize is ${maxObjSize}.`;
    }
  }
  return null;
}
