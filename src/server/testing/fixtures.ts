/** Deterministic ports for tests: a settable clock and a seeded random source. */
import type { Clock, RandomSource } from '../ports/clock.ts';

export class TestClock implements Clock {
  time: number;
  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** xorshift32 bytes: reproducible "randomness" for nonces and tokens in tests only. */
export function seededRandom(seed = 0x9e3779b9): RandomSource {
  let state = seed >>> 0 || 1;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}

/** The value, or a failed assertion naming what was missing (tests avoid non-null assertions). */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be present`);
  return value;
}
