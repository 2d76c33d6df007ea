import { encodeTriggerBody, resyncNonce } from '../notification/index.ts';
import { computeHmacMacFromEquivalent, nonceCandidates, passwordEquivalent } from '../security/index.ts';
import type { ServerOptions } from './options.ts';
import type { Clock, Logger, RandomSource } from './ports/clock.ts';
import type { Notifier } from './ports/notifier.ts';
import type { DeviceRecord, Store } from './ports/store.ts';

export type WakeResult =
  | { readonly notified: true; readonly sessionId: number }
  | {
      readonly notified: false;
      readonly reason:
        'no-notifier' | 'unknown-device' | 'busy' | 'recently-notified' | 'no-credential' | 'delivery-failed';
      readonly detail?: string;
    };

/**
 * The wake-up policy: when work is queued for a device that is not in a session, send it package #0
 * (if a Notifier is configured and the policy says so), at most once per `minIntervalMs`. The
 * interval is tracked per process: several nodes may each notify once, which devices tolerate (a
 * repeated trigger opens at most one session, reference §4.2).
 */
export class Waker {
  readonly #store: Store;
  readonly #notifier: Notifier | null;
  readonly #options: ServerOptions;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #logger: Logger;
  readonly #lastNotified = new Map<string, number>();

  constructor(
    store: Store,
    notifier: Notifier | null,
    options: ServerOptions,
    clock: Clock,
    random: RandomSource,
    logger: Logger,
  ) {
    this.#store = store;
    this.#notifier = notifier;
    this.#options = options;
    this.#clock = clock;
    this.#random = random;
    this.#logger = logger;
  }

  /** Called after an enqueue; notifies only when the policy asks for it. */
  async afterEnqueue(devId: string): Promise<WakeResult | null> {
    if (!this.#options.wake.onEnqueue || this.#notifier === null) return null;
    return this.wake(devId, false);
  }

  /** Sends package #0 now; `force` ignores the minimum interval (an operator's explicit request). */
  async wake(devId: string, force = true): Promise<WakeResult> {
    const notifier = this.#notifier;
    if (notifier === null) return { notified: false, reason: 'no-notifier' };
    const now = this.#clock.now();
    const device = await this.#store.getDevice(devId);
    if (device === null) return { notified: false, reason: 'unknown-device' };
    const lock = await this.#store.getDeviceLock(devId);
    // A device in a session picks up new work in that session.
    if (lock !== null && lock.expiresAt > now) return { notified: false, reason: 'busy' };
    const last = this.#lastNotified.get(devId);
    if (!force && last !== undefined && now - last < this.#options.wake.minIntervalMs) {
      return { notified: false, reason: 'recently-notified' };
    }
    const equivalent = this.#serverEquivalent(device);
    if (equivalent === null) return { notified: false, reason: 'no-credential' };
    const sessionId = sessionIdFrom(this.#random);
    const package0 = buildPackage0(this.#options, device, equivalent, sessionId);
    this.#lastNotified.set(devId, now);
    try {
      const result = await notifier.notify({
        device,
        package0,
        sessionId,
        uiMode: this.#options.wake.uiMode,
      });
      if (result.delivered) return { notified: true, sessionId };
      return { notified: false, reason: 'delivery-failed', detail: result.reason };
    } catch (error) {
      this.#logger.warn('The notifier failed', { devId, error });
      return {
        notified: false,
        reason: 'delivery-failed',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }

  #serverEquivalent(device: DeviceRecord): string | null {
    if (device.serverCredential !== null) return device.serverCredential.passwordEquivalent;
    const configured = this.#options.serverCredential;
    return configured === null ? null : passwordEquivalent(configured.username, configured.password);
  }
}

function sessionIdFrom(random: RandomSource): number {
  const bytes = random(2);
  // SessionID 0 reads as "no session"; use 1..0xFFFF.
  return ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0) || 1;
}

/**
 * Package #0 (reference §4.1–4.2): digest = MD5(B64(MD5(server-id ":" password)) ":" nonce ":"
 * B64(MD5(trigger))) — the same chain as the HMAC mac, which only needs the stored password
 * equivalent. The nonce is the one the device issued to us; without one, the resync nonce the device
 * falls back to.
 */
export function buildPackage0(
  options: ServerOptions,
  device: DeviceRecord,
  equivalent: string,
  sessionId: number,
): Uint8Array {
  const trigger = encodeTriggerBody({
    uiMode: options.wake.uiMode,
    initiator: 'server',
    sessionId,
    serverId: options.serverId,
  });
  const nonce =
    device.serverNonce === null ? resyncNonce() : (nonceCandidates(device.serverNonce)[0] ?? resyncNonce());
  const digest = Buffer.from(computeHmacMacFromEquivalent(equivalent, nonce, trigger), 'base64');
  const out = new Uint8Array(digest.length + trigger.length);
  out.set(digest, 0);
  out.set(trigger, digest.length);
  return out;
}
