import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-file.ts';
import { installerError } from '../errors.ts';
import type { DeployedComponent, HookTable } from '../port.ts';
import { runHook } from './hooks.ts';
import type { HookSettings } from './hooks.ts';
import { deleteRecord, writeRecord } from './layout.ts';
import type { ComponentRecord, DirectoryLayout } from './layout.ts';

/**
 * The install journal of the directory installer: one file per install in progress, rewritten
 * (write-then-rename + fsync) before every step that changes the disk, so that after a crash
 * `rollbackInstall` knows exactly what to undo and `completeInstall` what to clean up.
 *
 * Per component the steps are, in order: stop the previous version if it was active, move a same
 * version directory aside, place the new files, run the install hook, activate. Records are
 * written only at commit; the journal's phase turns 'committed' once all records are written.
 */
export const INSTALL_STEPS = [
  'pending',
  'deactivating-previous',
  'previous-deactivated',
  'placed',
  'installed',
  'activating',
  'activated',
] as const;
export type InstallStep = (typeof INSTALL_STEPS)[number];

export interface JournalComponent {
  /** The component as it will be recorded on commit. */
  readonly component: DeployedComponent;
  /** Its record before this install, null for a new component. */
  readonly previous: ComponentRecord | null;
  /** Name (inside the component directory) the same-version directory was moved to. */
  movedAside?: string;
  step: InstallStep;
}

export interface InstallJournal {
  readonly version: 1;
  readonly operationId: string;
  phase: 'prepared' | 'committed';
  readonly hooks: HookTable;
  readonly installParams?: string;
  readonly components: JournalComponent[];
}

export function reached(entry: JournalComponent, step: InstallStep): boolean {
  return INSTALL_STEPS.indexOf(entry.step) >= INSTALL_STEPS.indexOf(step);
}

export async function saveJournal(layout: DirectoryLayout, journal: InstallJournal): Promise<void> {
  await writeFileAtomic(layout.journalFile(journal.operationId), `${JSON.stringify(journal)}\n`);
}

export async function loadJournals(layout: DirectoryLayout): Promise<InstallJournal[]> {
  let names: string[];
  try {
    names = await readdir(layout.journal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: InstallJournal[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    const file = join(layout.journal, name);
    try {
      const value = JSON.parse(await readFile(file, 'utf8')) as InstallJournal;
      if (value.version !== 1 || typeof value.operationId !== 'string' || !Array.isArray(value.components)) {
        throw new Error('unexpected shape');
      }
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

/** What rollback reports about steps that could not be undone cleanly (hooks are best effort). */
export type Complaint = (message: string, err: unknown) => void;

/**
 * Undoes an install that did not commit, in reverse: stop the new version if it was (being)
 * activated, remove its files, bring back a same-version directory moved aside, restore the previous
 * record, restart the previous version if this install stopped it. Idempotent: running it again
 * after a crash during rollback reaches the same end.
 */
export async function rollbackInstall(
  layout: DirectoryLayout,
  journal: InstallJournal,
  settings: HookSettings,
  complain: Complaint,
): Promise<void> {
  for (const entry of [...journal.components].reverse()) {
    const { id, version } = entry.component;
    const target = layout.versionDir(id, version);
    if (reached(entry, 'activating')) {
      await runHook(hookRun(journal, entry, 'deactivate', target), settings).catch((err: unknown) =>
        complain(`rollback: the deactivate hook of the new ${id} ${version} failed`, err),
      );
    }
    const aside =
      entry.movedAside === undefined ? undefined : join(layout.componentDir(id), entry.movedAside);
    if (aside === undefined) {
      await rm(target, { recursive: true, force: true });
    } else if (await exists(aside)) {
      await rm(target, { recursive: true, force: true });
      await rename(aside, target);
    }
    if (entry.previous === null) {
      await deleteRecord(layout, id);
      await rmdir(layout.componentDir(id)).catch(() => {});
      continue;
    }
    await writeRecord(layout, entry.previous);
    if (entry.previous.component.state === 'active' && reached(entry, 'deactivating-previous')) {
      const previous = entry.previous;
      await runHook(
        {
          hook: 'activate',
          hooks: previous.hooks,
          component: previous.component,
          dir: layout.versionDir(id, previous.component.version),
          operationId: journal.operationId,
          installParams: previous.installParams,
        },
        settings,
      ).catch((err: unknown) =>
        complain(
          `rollback: the activate hook of the previous ${id} ${previous.component.version} failed`,
          err,
        ),
      );
    }
  }
  await rm(layout.stagingDir(journal.operationId), { recursive: true, force: true });
  await rm(layout.journalFile(journal.operationId), { force: true });
}

/** After commit: deletes the replaced versions, the staging directory and the journal. */
export async function completeInstall(layout: DirectoryLayout, journal: InstallJournal): Promise<void> {
  for (const entry of journal.components) {
    const { id, version } = entry.component;
    if (entry.movedAside !== undefined)
      await rm(join(layout.componentDir(id), entry.movedAside), { recursive: true, force: true });
    const previous = entry.previous?.component.version;
    if (previous !== undefined && previous !== version)
      await rm(layout.versionDir(id, previous), { recursive: true, force: true });
  }
  await rm(layout.stagingDir(journal.operationId), { recursive: true, force: true });
  await rm(layout.journalFile(journal.operationId), { force: true });
}

export function hookRun(
  journal: InstallJournal,
  entry: JournalComponent,
  hook: 'install' | 'activate' | 'deactivate',
  dir: string,
): Parameters<typeof runHook>[0] {
  return {
    hook,
    hooks: journal.hooks,
    component: entry.component,
    dir,
    operationId: journal.operationId,
    installParams: journal.installParams,
    previousVersion: entry.previous?.component.version,
  };
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export async function ensureDirectories(layout: DirectoryLayout): Promise<void> {
  for (const dir of [layout.components, layout.staging, layout.journal, layout.trash])
    await mkdir(dir, { recursive: true });
}
