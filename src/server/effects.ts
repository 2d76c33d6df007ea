import type { AnsweredOutcome, CommandOutcome, ServerEffect, ServerSessionState } from '../session/index.ts';
import type { CoreContext } from './core-context.ts';
import { serverError } from './errors.ts';
import type { DevicePatch, DeviceRecord } from './ports/store.ts';

/** The device a session works for; `stored` turns true when a provisional device registers. */
export interface SessionDevice {
  record: DeviceRecord;
  stored: boolean;
}

/**
 * Performs the engine's effects in order. Each is idempotent or exactly-once in the Store (alerts have
 * deterministic ids, resolutions are compare-and-set), so a message processed twice by racing nodes
 * changes nothing twice. Changes to the device record (nonces, DevInfo, DevDetail, last seen) are
 * collected and written in one updateDevice at the end: one store write per message instead of one
 * per effect (each is a committed transaction; on SQLite with synchronous=FULL, an fsync).
 */
export async function applyEffects(
  core: CoreContext,
  state: ServerSessionState,
  device: SessionDevice,
  effects: readonly ServerEffect[],
  now: number,
): Promise<void> {
  const devId = state.devId;
  const patch: { -readonly [K in keyof DevicePatch]: DevicePatch[K] } = {};
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
        await endSession(core, state, effect, now);
        break;
      default:
        unreachable(effect);
    }
  }
  if (device.stored) await core.store.updateDevice(devId, { ...patch, lastSeenAt: now });
}

async function endSession(
  core: CoreContext,
  state: ServerSessionState,
  effect: Extract<ServerEffect, { type: 'session-ended' }>,
  now: number,
): Promise<void> {
  const { store } = core;
  await store.recordSessionHistory({
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
  });
  // Claims the state never heard of (a racing node's) go back too.
  await store.releaseCommands(state.token);
  await store.releaseDeviceLock(state.devId, state.token);
  await store.deleteSession(state.token);
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
