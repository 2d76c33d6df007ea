import { parseOperation } from '../session/index.ts';
import type { ClaimedCommand, Operation } from '../session/index.ts';
import { serverError } from './errors.ts';
import type { ServerOptions } from './options.ts';
import type { Clock, Logger, RandomSource } from './ports/clock.ts';
import type {
  CommandOutcome,
  JsonValue,
  ListCommandsQuery,
  QueuedCommand,
  ResolveResult,
  Store,
} from './ports/store.ts';

export interface EnqueueOptions {
  /** Caller-chosen id (idempotent enqueue); random when omitted. */
  readonly id?: string;
  readonly tag?: string | null;
  /** Absolute expiry (ms since epoch), or null for none; overrides ttlMs and the default. */
  readonly expiresAt?: number | null;
  readonly ttlMs?: number;
}

export type ResolvedListener = (command: QueuedCommand) => void | Promise<void>;

/**
 * The durable per-device command queue. An operation is stored before it is ever sent; each resolves
 * exactly once (the Store's compare-and-set) with the device's Status/Results or a protocol failure,
 * and listeners hear about it once. Nothing here lives only in memory, so the queue survives restarts
 * and a device that returns after a week still gets its work.
 */
export class CommandQueue {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #options: ServerOptions;
  readonly #logger: Logger;
  readonly #listeners = new Set<ResolvedListener>();

  constructor(store: Store, clock: Clock, random: RandomSource, options: ServerOptions, logger: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#random = random;
    this.#options = options;
    this.#logger = logger;
  }

  /** Validates and stores an operation for a known device. */
  async enqueue(devId: string, operation: Operation, options: EnqueueOptions = {}): Promise<QueuedCommand> {
    const valid = parseOperation(operation);
    if ((await this.#store.getDevice(devId)) === null) {
      throw serverError(
        'SCOMO_SERVER_UNKNOWN_DEVICE',
        `No device ${devId}: provision it before queueing work for it.`,
      );
    }
    const now = this.#clock.now();
    const ttl = options.ttlMs ?? this.#options.commandTtlMs;
    const expiresAt = options.expiresAt !== undefined ? options.expiresAt : ttl === null ? null : now + ttl;
    const { command } = await this.#store.enqueueCommand({
      id: options.id ?? randomId(this.#random),
      devId,
      // An Operation is plain JSON by construction (parseOperation rebuilt it from known fields).
      payload: valid as unknown as JsonValue,
      enqueuedAt: now,
      expiresAt,
      tag: options.tag ?? null,
    });
    return command;
  }

  get(id: string): Promise<QueuedCommand | null> {
    return this.#store.getCommand(id);
  }

  list(query?: ListCommandsQuery): Promise<QueuedCommand[]> {
    return this.#store.listCommands(query);
  }

  /** Cancels a command that has not resolved yet (an in-flight one's later answer is then ignored). */
  cancel(id: string, reason: string | null = null): Promise<ResolveResult> {
    return this.resolve(id, { kind: 'cancelled', reason }, this.#clock.now());
  }

  async resolve(id: string, outcome: CommandOutcome, now: number): Promise<ResolveResult> {
    const result = await this.#store.resolveCommand(id, outcome, now);
    if (result.resolved) await this.#emit(result.command);
    return result;
  }

  /**
   * Claims work for a session. A command claimed more than `maxDeliveryAttempts` times without an
   * answer (sessions that died mid-way) resolves as undelivered instead of being sent again.
   */
  async claimFor(devId: string, token: string, now: number, limit: number): Promise<ClaimedCommand[]> {
    const claimed = await this.#store.claimCommands(devId, token, now, limit);
    const usable: ClaimedCommand[] = [];
    for (const command of claimed) {
      if (command.attempts > this.#options.maxDeliveryAttempts) {
        await this.resolve(
          command.id,
          {
            kind: 'failed',
            code: 'SCOMO_SERVER_UNDELIVERED',
            message: `Sent in ${command.attempts - 1} sessions that ended without the device's answer.`,
          },
          now,
        );
      } else usable.push({ queueId: command.id, payload: command.payload });
    }
    return usable;
  }

  release(token: string, ids?: readonly string[]): Promise<number> {
    return this.#store.releaseCommands(token, ids);
  }

  /** Resolves pending commands past their expiry. */
  async expire(now: number): Promise<QueuedCommand[]> {
    const expired = await this.#store.expireCommands(now);
    for (const command of expired) await this.#emit(command);
    return expired;
  }

  onResolved(listener: ResolvedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #emit(command: QueuedCommand): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await listener(command);
      } catch (error) {
        // A listener's failure must not undo or repeat the resolution.
        this.#logger.warn('A command-resolved listener failed', { id: command.id, error });
      }
    }
  }
}

export function randomId(random: RandomSource): string {
  return Array.from(random(16), (b) => b.toString(16).padStart(2, '0')).join('');
}
