/**
 * Wires the DM server for `scomo serve` and the operator commands (DESIGN.md L6 composition root):
 * the store the settings name, the server core with the system clock and randomness, and the
 * package #0 notifier.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Logger as PinoLogger } from 'pino';
import { createPackage0Notifier } from '../http/index.ts';
import type { Package0Notifier } from '../http/index.ts';
import { createDmServer, resolveServerOptions } from '../server/index.ts';
import type { DmServer, Logger, ServerOptionsInput, Store } from '../server/index.ts';
import { openStore } from '../store/index.ts';
import type { ServeSettings } from './server-settings.ts';

export interface ServerStack {
  readonly settings: ServeSettings;
  readonly store: Store;
  readonly server: DmServer;
  readonly notifier: Package0Notifier;
  /** Closes the notifier's connections and the store. */
  close(): Promise<void>;
}

export interface StackOverrides {
  /** Replaces the configured wake-on-enqueue policy (exec wakes the device itself, to report it). */
  readonly wakeOnEnqueue?: boolean;
}

export async function openServerStack(
  settings: ServeSettings,
  logger: PinoLogger,
  overrides: StackOverrides = {},
): Promise<ServerStack> {
  const input: ServerOptionsInput = {
    ...settings.serverOptions,
    ...(overrides.wakeOnEnqueue === undefined
      ? {}
      : { wake: { ...settings.serverOptions.wake, onEnqueue: overrides.wakeOnEnqueue } }),
  };
  // Checked before anything is opened: a bad option fails fast and leaves nothing behind.
  const options = resolveServerOptions(input);
  const notifier = createPackage0Notifier({ timeoutMs: settings.notifyTimeoutMs, logger });
  if (settings.dbUrl.startsWith('sqlite:')) await mkdir(settings.dataDir, { recursive: true });
  let store: Store;
  try {
    store = await openStore(settings.dbUrl);
  } catch (error) {
    await notifier.close();
    throw error;
  }
  const server = createDmServer(
    {
      store,
      clock: { now: () => Date.now() },
      random: (length) => new Uint8Array(randomBytes(length)),
      notifier,
      logger: coreLogger(logger),
    },
    options,
  );
  return {
    settings,
    store,
    server,
    notifier,
    async close() {
      await notifier.close().catch(() => undefined);
      await store.close();
    },
  };
}

/** The core's Logger port on pino: `warn(message, details)`; an `error` detail logs as pino's `err`. */
export function coreLogger(logger: PinoLogger): Logger {
  return {
    warn(message, details = {}) {
      const { error, ...rest } = details;
      logger.warn(error === undefined ? rest : { ...rest, err: error }, message);
    },
  };
}

/** A store URL fit for logs: the password of a postgres:// URL is masked. */
export function redactStoreUrl(url: string): string {
  if (!/^postgres(?:ql)?:\/\//i.test(url) || !URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
