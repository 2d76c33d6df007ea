import { readFile } from 'node:fs/promises';
import { ScomoError } from '../../errors/index.ts';
import type { ScomoEvent } from '../../scomo/index.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';

/**
 * The executor's journal (`<dir>/operations.json`, write-then-rename + fsync on every change): what
 * the executor has done for each SCOMO operation that the MO has not yet durably taken back. It is
 * what makes "exactly one result per operation" hold across crashes, next to the MO's own journal in
 * the tree (src/scomo README "Persistence"):
 *
 * - `running`: work started; after a restart the MO's resume effect says to continue it.
 * - `finished`: the work is over and `event` is its outcome, written before the MO hears of it, so
 *   a crash before the tree is saved re-sends this event instead of redoing the work.
 * - `alerting`: the alert is being put into the agent's queue (a restart checks the queue for it).
 * - `alerted`: the alert is in the queue; only `alertQueued` remains to be told to the MO.
 *
 * An entry is deleted once the MO's answer to it has been saved with the tree.
 */
export const OP_PHASES = ['running', 'finished', 'alerting', 'alerted'] as const;
export type OpPhase = (typeof OP_PHASES)[number];

export interface OpEntry {
  readonly opId: string;
  readonly phase: OpPhase;
  /** The outcome to report (phase `finished`). */
  readonly event?: ScomoEvent;
}

export interface OpJournal {
  get(opId: string): OpEntry | undefined;
  entries(): readonly OpEntry[];
  set(entry: OpEntry): Promise<void>;
  delete(opId: string): Promise<void>;
}

const VERSION = 1;

export async function openOpJournal(file: string): Promise<OpJournal> {
  const entries = new Map<string, OpEntry>();
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ScomoError(
        'SCOMO_AGENT_STATE',
        `Cannot read the SCOMO operation journal ${file}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
  if (text !== undefined) {
    for (const entry of parse(text, file)) entries.set(entry.opId, entry);
  }
  const save = (): Promise<void> =>
    writeFileAtomic(
      file,
      `${JSON.stringify({ version: VERSION, operations: [...entries.values()] }, null, 2)}\n`,
    );
  // Saves run one after another so the file always ends up with the latest map.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = (change: () => void): Promise<void> => {
    const run = tail.then(() => {
      change();
      return save();
    });
    tail = run.catch(() => {});
    return run;
  };
  return {
    get: (opId) => entries.get(opId),
    entries: () => [...entries.values()],
    set: (entry) => serial(() => entries.set(entry.opId, entry)),
    delete: (opId) => (entries.has(opId) ? serial(() => entries.delete(opId)) : Promise.resolve()),
  };
}

function parse(text: string, file: string): OpEntry[] {
  const bad = (why: string): never => {
    throw new ScomoError('SCOMO_AGENT_STATE', `The SCOMO operation journal ${file} is not usable: ${why}.`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('not JSON');
  }
  const v = value as { version?: unknown; operations?: unknown };
  if (v.version !== VERSION || !Array.isArray(v.operations))
    return bad(`expected version ${VERSION} with a list of operations`);
  return v.operations.map((raw: unknown, i) => {
    const e = raw as Partial<OpEntry> | null;
    if (e === null || typeof e.opId !== 'string' || !(OP_PHASES as readonly unknown[]).includes(e.phase))
      bad(`operations[${i}] is malformed`);
    if (e?.phase === 'finished' && (typeof e.event !== 'object' || e.event === null))
      bad(`operations[${i}] is finished without an event`);
    return e as OpEntry;
  });
}
