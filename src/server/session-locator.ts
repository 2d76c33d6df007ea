import { abandonServerSession, newServerSessionState, opensSession } from '../session/index.ts';
import type { ServerSessionEnding } from '../session/index.ts';
import type { SyncMLMessage } from '../syncml/index.ts';
import type { DecodedRequest } from './codec.ts';
import type { CoreContext } from './core-context.ts';
import { applyEffects } from './effects.ts';
import type { SessionDevice } from './effects.ts';
import { newDevice } from './registry.ts';
import type { SessionRecord } from './ports/store.ts';
import { readCoreState } from './session-record.ts';
import type { CoreSessionState } from './session-record.ts';
import { newSessionToken, respUriFor } from './session-token.ts';

export type Located =
  | { readonly kind: 'existing'; readonly record: SessionRecord; readonly core: CoreSessionState }
  | { readonly kind: 'new' }
  | { readonly kind: 'refuse'; readonly status: number };

/**
 * Finds the session of a message: by the RespURI token, else (clients that ignore RespURI) by the
 * device's lock holder with the same SessionID. A package #1 (Alert 1200/1201) that matches no live
 * session opens a new one; any other message without a session is refused with 408.
 */
export async function locate(
  core: CoreContext,
  token: string | null,
  message: SyncMLMessage,
  devId: string,
  now: number,
): Promise<Located> {
  const candidate = token ?? (await liveHolder(core, devId, now));
  if (candidate !== null) {
    const record = await core.store.getSession(candidate);
    if (record !== null && record.devId === devId && record.expiresAt > now) {
      const state = readCoreState(record);
      if (state.engine.sessionId === message.header.sessionID && state.engine.phase !== 'ended') {
        return { kind: 'existing', record, core: state };
      }
    }
  }
  return opensSession(message) ? { kind: 'new' } : { kind: 'refuse', status: 408 };
}

async function liveHolder(core: CoreContext, devId: string, now: number): Promise<string | null> {
  const lock = await core.store.getDeviceLock(devId);
  return lock !== null && lock.expiresAt > now ? lock.holder : null;
}

/**
 * Opens a session: a new token holds the device's lock. A device opening a new session has given up
 * its previous one, which is taken over (its unanswered commands return to the queue). Returns null
 * when another node won the race for the lock.
 */
export async function start(
  core: CoreContext,
  decoded: DecodedRequest,
  devId: string,
  now: number,
): Promise<{ token: string; core: CoreSessionState } | null> {
  const token = newSessionToken(core.random);
  const current = await core.store.getDeviceLock(devId);
  const lock = await core.store.acquireDeviceLock(
    devId,
    token,
    now,
    core.options.sessionTtlMs,
    current === null ? {} : { replace: current.holder },
  );
  if (!lock.acquired) return null;
  if (current !== null) {
    const previous = await core.store.getSession(current.holder);
    if (previous !== null) await abandon(core, previous, current.expiresAt <= now ? 'expired' : 'taken-over');
  }
  const { header } = decoded.message;
  const engine = newServerSessionState({
    token,
    devId,
    sessionId: header.sessionID,
    serverUri: header.target.locURI,
    respUri: respUriFor(core.options, token),
    now,
  });
  return { token, core: { engine, encoding: decoded.encoding, lastReply: null } };
}

/** Ends a session the client will not continue: claims go back to the queue, history is kept. */
export async function abandon(
  core: CoreContext,
  record: SessionRecord,
  ending: ServerSessionEnding,
): Promise<void> {
  let state: CoreSessionState;
  try {
    state = readCoreState(record);
  } catch (error) {
    core.logger.warn('Unreadable session state dropped', { token: record.token, error });
    await core.store.releaseCommands(record.token);
    await core.store.deleteSession(record.token);
    return;
  }
  const device = await core.store.getDevice(record.devId);
  const sessionDevice: SessionDevice =
    device === null
      ? { record: { ...newDevice(record.devId, 0, null, null), enabled: false }, stored: false }
      : { record: device, stored: true };
  const writes = await applyEffects(
    core,
    state.engine,
    sessionDevice,
    abandonServerSession(state.engine, ending),
    core.clock.now(),
  );
  await core.store.commitMessage({ session: null, lock: null, ...writes });
}
