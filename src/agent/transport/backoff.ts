/**
 * Retry timing for the transport: exponential backoff with jitter, bounded in attempts and in delay.
 * The jitter spreads the retries of many devices that lost the same server at the same moment.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included: 1 means no retry. */
  readonly attempts: number;
  /** Delay before the first retry, before jitter. */
  readonly baseDelayMs: number;
  /** No delay exceeds this, jitter included. */
  readonly maxDelayMs: number;
}

/** A source of uniform numbers in [0, 1), e.g. Math.random. */
export type RandomFraction = () => number;

/**
 * The delay before retry number `retry` (1 = the first retry): base·2^(retry−1), capped, then
 * "equal jitter": a uniform pick in [half, whole] of that value, so a delay never collapses to zero.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: RandomFraction): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const fraction = clampFraction(random());
  return Math.round(ceiling / 2 + (ceiling / 2) * fraction);
}

export function clampFraction(value: number): number {
  // A misbehaving random source must not produce negative or unbounded delays.
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 1 : value;
}
