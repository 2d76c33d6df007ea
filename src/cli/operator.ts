/**
 * What the operator commands (`devices`, `device`, `exec`) share: they open the server's store
 * directly (same --config / --data / --db and defaults as `scomo serve`) and wire a server core on it.
 */
import type { Command } from 'commander';
import { pino } from 'pino';
import { loadServerConfig } from './server-config.ts';
import { resolveServeSettings } from './server-settings.ts';
import { openServerStack } from './server-wiring.ts';
import type { ServerStack, StackOverrides } from './server-wiring.ts';

/** The options every operator command takes. */
export function addStoreOptions(command: Command): Command {
  return command
    .option('--config <file>', 'the JSON config file of scomo serve (same store, server id and secrets)')
    .option('--data <dir>', 'data directory of scomo serve (default: ./data)')
    .option('--db <url>', 'store: sqlite:FILE or postgres://… (default: sqlite:DATA/scomo.db)');
}

/** Opens the store and core the flags name, runs `work`, closes them whatever happens. */
export async function withServer<T>(
  flags: { readonly config?: unknown; readonly data?: unknown; readonly db?: unknown },
  work: (stack: ServerStack) => Promise<T>,
  overrides: StackOverrides = {},
): Promise<T> {
  const config = await loadServerConfig({ config: flags.config, data: flags.data, db: flags.db });
  const settings = resolveServeSettings(config);
  // Operator commands print their own output; only problems are logged (stderr).
  const logger = pino({ level: 'warn', base: { name: 'scomo' } }, pino.destination({ fd: 2, sync: true }));
  const stack = await openServerStack(settings, logger, overrides);
  try {
    return await work(stack);
  } finally {
    await stack.close();
  }
}

/** Milliseconds since the epoch as an ISO date, or a dash. */
export function when(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString();
}

/** Rows as aligned columns (the first row is the header). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Writes text and resolves once it is flushed. */
export function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`, (err) => (err ? reject(err) : resolve()));
  });
}
