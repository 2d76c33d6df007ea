import type { Command, EmbeddedMarkup, Meta } from '../../syncml/index.ts';
import { isScomoError } from '../../errors/index.ts';
import { authenticateClient } from './auth.ts';
import { compose } from './compose.ts';
import { sessionError } from './errors.ts';
import { clientCaughtUp, readClientPackage } from './exchange.ts';
import { handleClientCommand } from './handlers/index.ts';
import type { IntakeContext } from './handlers/index.ts';
import { resolveAnswered, resolveQueued } from './in-flight.ts';
import { abandonLargeObject } from './large-object.ts';
import { parseOperation } from './operation.ts';
import { failed } from './outcome.ts';
import { quirksFor } from './quirks.ts';
import type { SessionEnding, SessionState } from './state.ts';
import { commandStatus, headerStatus, needsStatus } from './statuses.ts';
import type { ClaimedCommand, Effect, EngineEnv, IncomingMessage, StepResult } from './types.ts';

/**
 * The server session engine: pure transitions over a JSON SessionState (DESIGN.md "State machines").
 * The core feeds it one client message at a time (`receiveMessage`); when it can send queued work it
 * asks for commands (`need-commands`) and the core claims them from the Store and calls
 * `supplyCommands`. Effects say what to persist; the engine itself does no I/O.
 */
export interface EngineIO {
  /** Serialises embedded markup (TNDS in Results or alerts) as XML text. */
  readonly markupToText: (markup: EmbeddedMarkup) => string;
}

export function receiveMessage(
  state: SessionState,
  input: IncomingMessage,
  env: EngineEnv & EngineIO,
): StepResult {
  if (state.phase === 'ended') {
    throw sessionError(
      'SCOMO_SESSION_ILLEGAL_STATE',
      `Session ${state.token} has ended; current state: ended.`,
    );
  }
  const draft = structuredClone(state);
  const effects: Effect[] = [];
  const { message } = input;
  const msgRef = message.header.msgID;
  draft.updatedAt = input.now;
  draft.stats.messagesIn += 1;
  draft.clientMsgId = msgRef;
  draft.finalStatuses = [];
  draft.pending = { need1222: false, ending: null, headerStatus: 200 };
  readLimits(draft, message.header.meta);

  const verdict = authenticateClient(draft, input, env, effects);
  draft.pending.headerStatus = verdict.status;
  // DM 1.2 Protocol §8.4: the Status for SyncHdr comes first in the reply.
  draft.carry.unshift(headerStatus(msgRef, message.header, verdict.status, verdict.chal));
  if (!verdict.ok) {
    // Reference §3.3: a failed authentication is answered with statuses only, one per command.
    for (const command of message.body) {
      if (needsStatus(command)) draft.carry.push(commandStatus(msgRef, command, verdict.status));
    }
    if (verdict.terminal) draft.pending.ending = 'auth-failed';
    return finish(draft, effects, input, env);
  }
  if (draft.phase === 'authenticating') draft.phase = 'active';

  const ctx: IntakeContext = {
    draft,
    input,
    effects,
    replies: [],
    msgRef,
    markupToText: env.markupToText,
    headerRejected: false,
    requeued: 0,
  };
  for (const command of message.body) {
    interruptIncoming(ctx, command);
    handleClientCommand(ctx, command);
  }
  draft.carry.push(...ctx.replies);
  draft.quirks = quirksFor(
    { ...input.device.devInfo, ...draft.devInfo },
    env.options.quirkProfiles,
    input.device.quirks,
  );
  // An aborting client owes nothing more: what it did not answer is aborted, not missing.
  const closed = message.final && draft.pending.ending === null;
  resolveAnswered(draft, effects, closed);
  if (closed && draft.largeObject?.sent) {
    abandonLargeObject(
      draft,
      effects,
      'The client closed its package without a Status for our large-object chunk.',
    );
  }
  draft.clientPackage = readClientPackage(draft, message);
  // Reference §2.5: the client has more to send → answer Status + Alert 1222, nothing else.
  if (draft.clientPackage === 'continues' && draft.pending.ending === null) draft.pending.need1222 = true;
  if (wantsCommands(draft)) {
    return { state: draft, effects, next: { kind: 'need-commands', limit: env.options.claimBatch } };
  }
  return finish(draft, effects, input, env);
}

/** Continues a `need-commands` step with the commands claimed for this session (maybe none). */
export function supplyCommands(
  state: SessionState,
  input: IncomingMessage,
  commands: readonly ClaimedCommand[],
  env: EngineEnv,
): StepResult {
  const draft = structuredClone(state);
  const effects: Effect[] = [];
  for (const claimed of commands) {
    try {
      const operation = parseOperation(claimed.payload);
      const emulate = operation.kind === 'Sequence' && draft.quirks.includes('no-sequence');
      draft.outbox.push({
        queueId: claimed.queueId,
        operation,
        emulation: emulate ? { next: 0, outcomes: [], waiting: false } : null,
      });
    } catch (error) {
      if (!isScomoError(error)) throw error;
      resolveQueued(draft, effects, claimed.queueId, failed(error.code, error.message));
    }
  }
  return finish(draft, effects, input, env);
}

/**
 * Ends a session the client will not continue (expired, or the device started a new one): claimed
 * and unanswered commands go back to the queue to be delivered again.
 */
export function abandonSession(state: SessionState, ending: SessionEnding): StepResult['effects'] {
  const queueIds = new Set<string>();
  for (const entry of state.inFlight) queueIds.add(entry.queueId);
  for (const entry of state.outbox) queueIds.add(entry.queueId);
  if (state.largeObject !== null) queueIds.add(state.largeObject.queueId);
  const effects: Effect[] = [];
  if (queueIds.size > 0) effects.push({ type: 'release', queueIds: [...queueIds] });
  effects.push({ type: 'session-ended', ending, finalStatuses: state.finalStatuses });
  return effects;
}

function finish(draft: SessionState, effects: Effect[], input: IncomingMessage, env: EngineEnv): StepResult {
  const { reply, ended } = compose(draft, { device: input.device, encoding: input.encoding, env, effects });
  if (ended) endSession(draft, effects, draft.pending.ending ?? 'completed');
  return { state: draft, effects, next: { kind: 'reply', reply } };
}

function endSession(draft: SessionState, effects: Effect[], ending: SessionEnding): void {
  // What was sent but never answered is in doubt after an abort: a protocol failure, not re-sent.
  for (const entry of draft.inFlight) {
    resolveQueued(
      draft,
      effects,
      entry.queueId,
      failed('SCOMO_SESSION_ABORTED', `The session ended (${ending}) before the device answered.`),
    );
  }
  draft.inFlight = [];
  abandonLargeObject(draft, effects, `The session ended (${ending}) during the large object.`);
  const unsent = draft.outbox.map((e) => e.queueId);
  if (unsent.length > 0) effects.push({ type: 'release', queueIds: unsent });
  draft.outbox = [];
  draft.phase = 'ended';
  effects.push({
    type: 'session-ended',
    ending,
    finalStatuses: [{ cmd: 'SyncHdr', status: draft.pending.headerStatus }, ...draft.finalStatuses],
  });
}

function wantsCommands(draft: SessionState): boolean {
  const { pending } = draft;
  return (
    draft.phase === 'active' &&
    pending.ending === null &&
    clientCaughtUp(draft) &&
    draft.largeObject === null &&
    draft.outbox.every((e) => e.emulation?.waiting === true)
  );
}

/** Reference §2.9: the client's limits, in force until it sends new ones. */
function readLimits(draft: SessionState, meta: Meta | undefined): void {
  if (meta?.maxMsgSize !== undefined && meta.maxMsgSize > 0) draft.clientMaxMsgSize = meta.maxMsgSize;
  if (meta?.maxObjSize !== undefined && meta.maxObjSize > 0) draft.clientMaxObjSize = meta.maxObjSize;
}

/**
 * Reference §2.8: a large object from the client is interrupted by any new command other than a
 * Status, Alert 1222 or its own next chunk: answer Alert 1225 and drop what was buffered.
 */
function interruptIncoming(ctx: IntakeContext, command: Command): void {
  const incoming = ctx.draft.incoming;
  if (incoming === null || command.kind === 'Status') return;
  if (command.kind === 'Alert' && command.data?.trim() === '1222') return;
  if (command.kind === 'Results' && command.cmdRef.trim() === incoming.cmdRef) return;
  ctx.draft.incoming = null;
  const source = incoming.source === null ? {} : { source: { locURI: incoming.source } };
  ctx.replies.push({ kind: 'Alert', cmdID: '', data: '1225', items: [source] });
}
