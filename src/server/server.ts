import type { Operation } from '../session/index.ts';
import { AlertIntake } from './alerts.ts';
import { engineOptionsFrom } from './core-context.ts';
import type { CoreContext } from './core-context.ts';
import { handleMessage } from './handle-message.ts';
import { abandon } from './session-locator.ts';
import type { DmRequest, DmResponse } from './handle-message.ts';
import type { ServerOptions } from './options.ts';
import { SILENT_LOGGER } from './ports/clock.ts';
import type { Clock, Logger, RandomSource } from './ports/clock.ts';
import type { Notifier } from './ports/notifier.ts';
import type { QueuedCommand, Store } from './ports/store.ts';
import { CommandQueue } from './queue.ts';
import type { EnqueueOptions } from './queue.ts';
import { DeviceRegistry } from './registry.ts';
import { respUriFor, sessionTokenFromUrl } from './session-token.ts';
import { Waker } from './wake.ts';
import type { WakeResult } from './wake.ts';

/** The server's ports (DESIGN.md L4: the core declares them, adapters implement them). */
export interface DmServerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly notifier?: Notifier | null;
  readonly logger?: Logger;
}

export interface SweepResult {
  readonly sessionsExpired: number;
  readonly commandsExpired: number;
}

export interface DmServer {
  readonly options: ServerOptions;
  readonly devices: DeviceRegistry;
  readonly queue: CommandQueue;
  readonly alerts: AlertIntake;
  /** One DM message in, its reply out (no HTTP framework involved). */
  handleMessage(request: DmRequest): Promise<DmResponse>;
  /** Queues an operation for a device and, per the wake-up policy, notifies it. */
  enqueue(devId: string, operation: Operation, options?: EnqueueOptions): Promise<QueuedCommand>;
  /** Sends package #0 to a device now. */
  wake(devId: string): Promise<WakeResult>;
  /**
   * Ends sessions past their expiry (their claimed commands return to the queue) and expires queued
   * commands. The composition root calls it periodically; the core runs no timers.
   */
  sweep(): Promise<SweepResult>;
  respUriFor(token: string): string;
  sessionTokenFromUrl(requestUrl: string): string | null;
}

/** Wires the core. `options` come from resolveServerOptions. */
export function createDmServer(deps: DmServerDeps, options: ServerOptions): DmServer {
  const logger = deps.logger ?? SILENT_LOGGER;
  const devices = new DeviceRegistry(deps.store, options);
  const queue = new CommandQueue(deps.store, deps.clock, deps.random, options, logger);
  const alerts = new AlertIntake(deps.store, logger);
  const waker = new Waker(deps.store, deps.notifier ?? null, options, deps.clock, deps.random, logger);
  const core: CoreContext = {
    store: deps.store,
    clock: deps.clock,
    random: deps.random,
    logger,
    options,
    engineOptions: engineOptionsFrom(options),
    registry: devices,
    queue,
    alerts,
  };
  return {
    options,
    devices,
    queue,
    alerts,
    handleMessage: (request) => handleMessage(core, request),
    async enqueue(devId, operation, enqueueOptions) {
      const command = await queue.enqueue(devId, operation, enqueueOptions);
      await waker.afterEnqueue(devId);
      return command;
    },
    wake: (devId) => waker.wake(devId),
    async sweep() {
      const now = deps.clock.now();
      let sessionsExpired = 0;
      for (const record of await deps.store.listExpiredSessions(now)) {
        await abandon(core, record, 'expired');
        await deps.store.releaseDeviceLock(record.devId, record.token);
        sessionsExpired += 1;
      }
      const commandsExpired = (await queue.expire(now)).length;
      return { sessionsExpired, commandsExpired };
    },
    respUriFor: (token) => respUriFor(options, token),
    sessionTokenFromUrl: (requestUrl) => sessionTokenFromUrl(options, requestUrl),
  };
}
