import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-file.ts';
import { installerError } from '../errors.ts';
import { COMPONENT_STATES } from '../port.ts';
import type { DeployedComponent } from '../port.ts';

/** What the command installer remembers of a component. */
export interface CommandRecord {
  readonly component: DeployedComponent;
  readonly installParams?: string;
}

/** `<root>/components.json`: every component the command reported installed, rewritten atomically. */
export interface RecordStore {
  load(): Promise<Map<string, CommandRecord>>;
  save(records: ReadonlyMap<string, CommandRecord>): Promise<void>;
}

export function recordStore(root: string): RecordStore {
  const file = join(root, 'components.json');
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
        throw installerError('SCOMO_INSTALL_STATE', `Cannot read ${file}: ${(err as Error).message}`, err);
      }
      return parseRecords(text, file);
    },
    async save(records) {
      await mkdir(root, { recursive: true });
      const components = Object.fromEntries([...records].sort(([a], [b]) => (a < b ? -1 : 1)));
      await writeFileAtomic(file, `${JSON.stringify({ version: 1, components }, null, 2)}\n`);
    },
  };
}

function parseRecords(text: string, file: string): Map<string, CommandRecord> {
  const bad = (why: string): never => {
    throw installerError('SCOMO_INSTALL_STATE', `${file} is not a component list: ${why}.`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('not JSON');
  }
  const v = value as { version?: unknown; components?: unknown };
  if (v.version !== 1 || typeof v.components !== 'object' || v.components === null)
    return bad('unexpected shape');
  const out = new Map<string, CommandRecord>();
  for (const [id, raw] of Object.entries(v.components as Record<string, unknown>)) {
    const c = (raw as { component?: Record<string, unknown> } | null)?.component;
    if (
      typeof c !== 'object' ||
      c === null ||
      c['id'] !== id ||
      typeof c['version'] !== 'string' ||
      !(COMPONENT_STATES as readonly unknown[]).includes(c['state'])
    ) {
      bad(`entry ${id} is not a component record`);
    }
    out.set(id, raw as CommandRecord);
  }
  return out;
}

/** Per-install journal of the command installer (the same steps as the directory installer's). */
export interface CommandJournalEntry {
  readonly component: DeployedComponent;
  readonly previous: CommandRecord | null;
  step:
    | 'pending'
    | 'deactivating-previous'
    | 'previous-deactivated'
    | 'installing'
    | 'installed'
    | 'activating'
    | 'activated';
}

export interface CommandJournal {
  readonly version: 1;
  readonly operationId: string;
  readonly packagePath: string;
  readonly manifestFile: string;
  readonly installParams?: string;
  phase: 'prepared' | 'committed';
  readonly components: CommandJournalEntry[];
}

const STEPS: readonly CommandJournalEntry['step'][] = [
  'pending',
  'deactivating-previous',
  'previous-deactivated',
  'installing',
  'installed',
  'activating',
  'activated',
];

export function reachedStep(entry: CommandJournalEntry, step: CommandJournalEntry['step']): boolean {
  return STEPS.indexOf(entry.step) >= STEPS.indexOf(step);
}

export function journalDir(root: string): string {
  return join(root, 'journal');
}

export function journalFile(root: string, operationId: string): string {
  return join(journalDir(root), `${operationId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128)}.json`);
}

export async function saveCommandJournal(root: string, journal: CommandJournal): Promise<void> {
  await mkdir(journalDir(root), { recursive: true });
  await writeFileAtomic(journalFile(root, journal.operationId), `${JSON.stringify(journal)}\n`);
}

export async function dropCommandJournal(root: string, journal: CommandJournal): Promise<void> {
  await rm(journalFile(root, journal.operationId), { force: true });
  await rm(journal.manifestFile, { force: true });
}

export async function loadCommandJournals(root: string): Promise<CommandJournal[]> {
  let names: string[];
  try {
    names = await readdir(journalDir(root));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: CommandJournal[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    const file = join(journalDir(root), name);
    try {
      const value = JSON.parse(await readFile(file, 'utf8')) as CommandJournal;
      if (value.version !== 1 || !Array.isArray(value.components)) throw new Error('unexpected shape');
      out.push(value);
    } catch (err) {
      throw installerError(
        'SCOMO_INSTALL_STATE',
        `The install journal ${file} cannot be read: ${(err as Error).message}`,
        err,
      );
    }
  }
  return out;
}
