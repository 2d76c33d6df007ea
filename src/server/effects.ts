import type { AnsweredOutcome, CommandOutcome, ServerEffect, ServerSessionState } from '../session/index.ts';
import type { CoreContext } from './core-context.ts';
import { serverError } from './errors.ts';
import type { DeviceRecord } from './ports/store.ts';

/** The device a session works for; `stored` turns true when a provisional device registers. */
export interface SessionDevice {
  record: DeviceRecord;
  stored: boolean;
}

/**
 * Performs the engine's effects in order. Each is idempotent or exactly-once in the Store (alerts have
 * deterministic ids, resolutions are compare-and-set), so a message processed twice by racing nodes
 * changes nothing twice.
 */
export async function applyEffects(
  core: CoreContext,
  state: ServerSessionState,
  device: SessionDevice,
  effects: readonly ServerEffect[],
  now: number,
): Promise<void> {
  const { store } = core;
  const devId = state.devId;
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
        if (device.stored) await store.updateDevice(devId, { clientNonce: effect.nonce });
        break;
      case 'set-server-nonce':
        if (device.stored) await store.updateDevice(devId, { serverNonce: effect.nonce });
        break;
      case 'device-info':
        if (device.stored)
          await store.updateDevice(devId, { devInfo: { ...device.record.devInfo, ...effect.devInfo } });
        break;
      case 'client-alert':
        await core.alerts.ingest(devId, state.sessionId, effect.alert, now);
        break;
      case 'resolve':
        await core.queue.resolve(effect.queueId, effect.outcome, now);
        await keepDevDetail(core, device, effect.outcome);
        break;
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
  if (device.stored) await store.updateDevice(devId, { lastSeenAt: now });
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

/** Get results under ./DevDetail are kept on the device record (device registry). */
async function keepDevDetail(
  core: CoreContext,
  device: SessionDevice,
  outcome: CommandOutcome,
): Promise<void> {
  if (outcome.kind !== 'answered' || !device.stored) return;
  const found: Record<string, string> = {};
  const visit = (node: AnsweredOutcome): void => {
    for (const result of node.results) {
      if (result.source?.startsWith('./DevDetail/') && result.data !== null && result.encoding === 'text') {
        found[result.source] = result.data;
      }
    }
    node.children.forEach(visit);
  };
  visit(outcome);
  if (Object.keys(found).length === 0) return;
  const current = (await core.store.getDevice(device.record.devId)) ?? device.record;
  await core.store.updateDevice(device.record.devId, { devDetail: { ...current.devDetail, ...found } });
}

function unreachable(effect: never): never {
  throw serverError('SCOMO_SERVER_INTERNAL', `Unknown session effect ${JSON.stringify(effect)}.`);
}
