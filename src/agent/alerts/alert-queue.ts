import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentError } from '../errors.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';
import type { AlertQueue, GenericAlert, QueuedAlert } from './types.ts';
import { checkAlert, checkQueuedAlert } from './validate.ts';

/** The queue file inside the state directory. */
export const ALERT_QUEUE_FILE = 'alerts.json';
const FORMAT_VERSION = 1;

interface QueueDeps {
  readonly now: () => number;
  readonly newId?: () => string;
}

/** A queue that lives only as long as the process: for embedders without a state directory. */
export function createMemoryAlertQueue(deps: QueueDeps): AlertQueue {
  return buildQueue([], deps, async () => {});
}

/**
 * The persisted queue: `<stateDir>/alerts.json`, rewritten whole with write-then-rename + fsync on every
 * change, so a crash leaves the previous or the next list and an alert survives restarts until the
 * server acknowledges it.
 */
export async function openFileAlertQueue(stateDir: string, deps: QueueDeps): Promise<AlertQueue> {
  const file = join(stateDir, ALERT_QUEUE_FILE);
  const initial = await load(file);
  return buildQueue(initial, deps, (alerts) =>
    writeFileAtomic(file, `${JSON.stringify({ version: FORMAT_VERSION, alerts }, null, 2)}\n`),
  );
}

function buildQueue(
  initial: QueuedAlert[],
  deps: QueueDeps,
  persist: (alerts: readonly QueuedAlert[]) => Promise<void>,
): AlertQueue {
  let alerts: readonly QueuedAlert[] = initial;
  // Changes run one at a time, each computing its list from the previous one's result, so the file
  // always holds the latest list; the list in memory changes only once the file holds it.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step);
    tail = run.catch(() => {});
    return run;
  };
  const commit = async (next: readonly QueuedAlert[]): Promise<void> => {
    await persist(next);
    alerts = next;
  };
  const newId = deps.newId ?? randomUUID;
  return {
    list: () => alerts,
    async enqueue(input: GenericAlert): Promise<QueuedAlert> {
      const alert = checkAlert(input, 'enqueue');
      const queued: QueuedAlert = { ...alert, id: newId(), queuedAt: new Date(deps.now()).toISOString() };
      return serial(async () => {
        await commit([...alerts, queued]);
        return queued;
      });
    },
    remove(ids: readonly string[]): Promise<void> {
      const drop = new Set(ids);
      return serial(async () => {
        const next = alerts.filter((alert) => !drop.has(alert.id));
        if (next.length !== alerts.length) await commit(next);
      });
    },
  };
}

async function load(file: string): Promise<QueuedAlert[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw agentError('SCOMO_AGENT_STATE', `Cannot read the alert queue ${file}: ${String(err)}.`, err);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw agentError(
      'SCOMO_AGENT_STATE',
      `The alert queue ${file} is not JSON; expected {"version":1,"alerts":[…]}.`,
      err,
    );
  }
  const record = document as { version?: unknown; alerts?: unknown } | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    record.version !== FORMAT_VERSION ||
    !Array.isArray(record.alerts)
  ) {
    throw agentError(
      'SCOMO_AGENT_STATE',
      `The alert queue ${file} has an unknown shape; expected {"version":${FORMAT_VERSION},"alerts":[…]}.`,
    );
  }
  return record.alerts.map((entry: unknown, index: number) =>
    checkQueuedAlert(entry, `${file} alerts[${index}]`),
  );
}
