import type { AnsweredOutcome, CommandOutcome, ServerEffect, ServerSessionState } from '../session/index.ts';
import type { CoreContext } from './core-context.ts';
import { serverError } from './errors.ts';
import type { DevicePatch, DeviceRecord, MessageCommit, SessionHistoryEntry } from './ports/store.ts';

/** The device a session works for; `stored` turns true when a provisional device registers. */
export interface SessionDevice {
  record: DeviceRecord;
  stored: boolean;
}

/**
 * The device changes and session ending gathered from one message's effects, when they are applied
 * in more than one batch (the message's own effects before claiming, the reply's after): each
 * `applyEffects` call adds to it and returns everything gathered so far.
 */
export interface PendingWrites {
  readonly patch: { -readonly [K in keyof DevicePatch]: DevicePatch[K] };
  end: MessageCommit['end'];
}

export function pendingWrites(): PendingWrites {
  return { patch: {}, end: null };
}

/**
 * Performs the engine's effects in order. Each is idempotent or exactly-once in the Store (alerts have
 * deterministic ids, resolutions are compare-and-set), so a message processed twice by racing nodes
 * changes nothing twice. Changes to the device record (nonces, DevInfo, DevDetail, last seen) and the
 * session's ending are not written here: they are returned, for the caller to write with the
 * session's state in one `Store.commitMessage` (one transaction per message instead of one per write;
 * on SQLite with synchronous=FULL each is an fsync).
 */
export async function applyEffects(
  core: CoreContext,
  state: ServerSessionState,
  device: SessionDevice,
  effects: readonly ServerEffect[],
  now: number,
  pending: PendingWrites = pendingWrites(),
): Promise<Pick<MessageCommit, 'device' | 'end'>> {
  const devId = state.devId;
  const { patch } = pending;
  for (const effect of effects) {
    switch (effect.type) {
      case 'client-authenticated':
        if (!device.stored) {
          device.record = await core.registry.register(device.record);
          device.stored = true;
        }
        break;
      case 'set-client-nonce':
        // An unregistered device's challenge nonce lives in the session state only.
        if (device.stored) patch.clientNonce = effect.nonce;
        break;
      case 'set-server-nonce':
        if (device.stored) patch.serverNonce = effect.nonce;
        break;
      case 'device-info':
        if (device.stored) patch.devInfo = { ...(patch.devInfo ?? device.record.devInfo), ...effect.devInfo };
        break;
      case 'client-alert':
        await core.alerts.ingest(devId, state.sessionId, effect.alert, now);
        break;
      case 'resolve': {
        await core.queue.resolve(effect.queueId, effect.outcome, now);
        const found = devDetailIn(effect.outcome);
        // Get results under ./DevDetail are kept on the device record (device registry).
        if (device.stored && found !== null) {
          patch.devDetail = { ...(patch.devDetail ?? device.record.devDetail), ...found };
        }
        break;
      }
      case 'release':
        await core.queue.release(state.token, effect.queueIds);
        break;
      case 'session-ended':
        // History, claims back to the queue (a racing node's too), lock and state: in the commit.
        pending.end = { history: historyOf(state, effect, now) };
        break;
      default:
        unreachable(effect);
    }
  }
  return {
    device: device.stored ? { devId, patch: { ...patch, lastSeenAt: now } } : null,
    end: pending.end,
  };
}

function historyOf(
  state: ServerSessionState,
  effect: Extract<ServerEffect, { type: 'session-ended' }>,
  now: number,
): SessionHistoryEntry {
  return {
    id: state.token,
    devId: state.devId,
    sessionId: state.sessionId,
    startedAt: state.startedAt,
    endedAt: now,
    ending: effect.ending,
    messagesIn: state.stats.messagesIn,
    messagesOut: state.stats.messagesOut,
    commandsResolved: state.stats.commandsResolved,
    finalStatuses: effect.finalStatuses,
  };
}

/** The text values of ./DevDetail leaves in a Get's results (Atomic/Sequence children too), or null. */
function devDetailIn(outcome: CommandOutcome): Record<string, string> | null {
  if (outcome.kind !== 'answered') return null;
  const found: Record<string, string> = {};
  let any = false;
  const visit = (node: AnsweredOutcome): void => {
    for (const result of node.results) {
      if (result.source?.startsWith('./DevDetail/') && result.data !== null && result.encoding === 'text') {
        found[result.source] = result.data;
        any = true;
      }
    }
    node.children.forEach(visit);
  };
  visit(outcome);
  return any ? found : null;
}

function unreachable(effect: never): never {
  throw serverError('SCOMO_SERVER_INTERNAL', `Unknown session effect ${JSON.stringify(effect)}.`);
}
