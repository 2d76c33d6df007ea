import type { ServerEngineOptions } from '../session/index.ts';
import type { AlertIntake } from './alerts.ts';
import type { ServerOptions } from './options.ts';
import type { Clock, Logger, RandomSource } from './ports/clock.ts';
import type { Store } from './ports/store.ts';
import type { CommandQueue } from './queue.ts';
import type { DeviceRegistry } from './registry.ts';

/** Everything handleMessage works with; built once by createDmServer. */
export interface CoreContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly options: ServerOptions;
  readonly engineOptions: ServerEngineOptions;
  readonly registry: DeviceRegistry;
  readonly queue: CommandQueue;
  readonly alerts: AlertIntake;
}

export function engineOptionsFrom(options: ServerOptions): ServerEngineOptions {
  return {
    maxAuthAttempts: options.maxAuthAttempts,
    defaultClientMaxMsgSize: options.defaultClientMaxMsgSize,
    maxMsgSize: options.maxMsgSize,
    maxObjSize: options.maxObjSize,
    claimBatch: options.claimBatch,
    minChunkSize: options.minChunkSize,
    quirkProfiles: options.quirkProfiles,
  };
}
