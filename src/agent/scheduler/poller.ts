import type { RandomFraction } from '../transport/backoff.ts';
import { clampFraction } from '../transport/backoff.ts';

/** A polling interval with ± `jitter` (a fraction of the interval) applied uniformly. */
export function jitteredInterval(intervalMs: number, jitter: number, random: RandomFraction): number {
  const spread = intervalMs * jitter;
  return Math.max(1, Math.round(intervalMs - spread + 2 * spread * clampFraction(random())));
}

export interface PollerOptions {
  readonly intervalMs: number;
  /** Fraction of the interval by which each wait varies either way (0 = exact). */
  readonly jitter: number;
  readonly random: RandomFraction;
  /** Called on each tick; the poller does not wait for the session it asks for. */
  readonly onTick: () => void;
}

export interface Poller {
  stop(): void;
}

/**
 * Periodic client-initiated sessions: ticks now, then every jittered interval (the jitter keeps a fleet
 * of devices from polling in lockstep).
 */
export function startPoller(options: PollerOptions): Poller {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    options.onTick();
    timer = setTimeout(tick, jitteredInterval(options.intervalMs, options.jitter, options.random));
  };
  timer = setTimeout(tick, 0);
  return {
    stop(): void {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
