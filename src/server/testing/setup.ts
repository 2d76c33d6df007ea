import { resolveServerOptions } from '../options.ts';
import type { ServerOptionsInput } from '../options.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { Store } from '../ports/store.ts';
import { createDmServer } from '../server.ts';
import type { DmServer } from '../server.ts';
import { seededRandom, TestClock } from './fixtures.ts';
import { MemoryStore } from './memory-store.ts';

export interface TestServer {
  readonly server: DmServer;
  readonly store: Store;
  readonly clock: TestClock;
}

/** A server on a MemoryStore with a test clock and seeded randomness. */
export function testServer(
  options: Partial<ServerOptionsInput> = {},
  shared: { store?: Store; clock?: TestClock; notifier?: Notifier; seed?: number } = {},
): TestServer {
  const store = shared.store ?? new MemoryStore();
  const clock = shared.clock ?? new TestClock();
  const resolved = resolveServerOptions({
    publicUrl: 'https://dm.example.com/dm',
    registration: { mode: 'open' },
    ...options,
  });
  const server = createDmServer(
    { store, clock, random: seededRandom(shared.seed), notifier: shared.notifier ?? null },
    resolved,
  );
  return { server, store, clock };
}
