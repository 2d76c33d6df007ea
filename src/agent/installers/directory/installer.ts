import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isScomoError, ScomoError } from '../../../errors/index.ts';
import { errorFields, silentLogger } from '../../logger.ts';
import type { AgentLogger } from '../../logger.ts';
import { DEFAULT_ARCHIVE_LIMITS, extractArchive, storageFailure } from '../../packages/index.ts';
import type { ArchiveLimits, SpaceGuard } from '../../packages/index.ts';
import { installerError } from '../errors.ts';
import type { DeployedComponent, InstallRequest, Installer, RecoveredInstall } from '../port.ts';
import { checkHooksPresent, runHook } from './hooks.ts';
import type { HookSettings } from './hooks.ts';
import { directoryLayout, listRecordIds, readRecord, writeRecord } from './layout.ts';
import type { ComponentRecord, DirectoryLayout } from './layout.ts';
import {
  completeInstall,
  ensureDirectories,
  exists,
  hookRun,
  loadJournals,
  rollbackInstall,
  saveJournal,
} from './transaction.ts';
import type { InstallJournal, InstallStep, JournalComponent } from './transaction.ts';

export interface DirectoryInstallerOptions {
  /** Where components live, e.g. `<stateDir>/scomo`; created when missing. */
  readonly root: string;
  /** Time limit of each hook; default 60 s. */
  readonly hookTimeoutMs?: number | undefined;
  /** Base environment of hooks; default a PATH of the usual system directories only. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Interpreter for hook files without execute permission; default /bin/sh. */
  readonly shell?: string | undefined;
  readonly limits?: ArchiveLimits | undefined;
  /** Meters extraction against the state directory's quota (SCOMO_STORAGE_FULL → 1406). */
  readonly space?: SpaceGuard | undefined;
  readonly logger?: AgentLogger | undefined;
}

export const DEFAULT_HOOK_TIMEOUT_MS = 60_000;
export const DEFAULT_HOOK_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
};

/**
 * The default installer: each component's files are the package contents, unpacked into
 * `<root>/components/<id>/<version>` through a staging directory and a rename; the previous
 * version stays until the new one has installed (and activated); any failure rolls back to it.
 * Activation state lives in the component's record; hooks from the manifest run at each step.
 */
export function createDirectoryInstaller(options: DirectoryInstallerOptions): Installer {
  const layout = directoryLayout(options.root);
  const logger = options.logger ?? silentLogger;
  const limits = options.limits ?? DEFAULT_ARCHIVE_LIMITS;
  const settings: HookSettings = {
    timeoutMs: options.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
    env: options.env ?? DEFAULT_HOOK_ENV,
    shell: options.shell ?? '/bin/sh',
    stateDir: options.root,
  };
  let ready: Promise<void> | undefined;
  const prepare = (): Promise<void> => (ready ??= ensureDirectories(layout));
  // One change at a time: the executor runs operations serially, and this keeps the installer
  // correct for any other caller too.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(async () => {
      await prepare();
      return work();
    });
    tail = run.catch(() => {});
    return run;
  };
  const complain = (message: string, err: unknown): void => logger.warn({ ...errorFields(err) }, message);

  const requireRecord = async (id: string): Promise<ComponentRecord> => {
    const record = await readRecord(layout, id);
    if (record === undefined)
      throw installerError('SCOMO_INSTALL_UNKNOWN_COMPONENT', `No component ${id} is deployed.`);
    return record;
  };

  const toDeployed = (record: ComponentRecord): DeployedComponent => ({
    ...record.component,
    location: layout.versionDir(record.component.id, record.component.version),
  });

  return {
    kind: 'directory',

    install: (request) => serial(() => install(layout, request, settings, limits, options.space, complain)),

    activate: (id, operationId) =>
      serial(async () => {
        const record = await requireRecord(id);
        if (record.component.state === 'active') {
          throw installerError('SCOMO_INSTALL_WRONG_STATE', `Component ${id} is already active.`);
        }
        await runHook(recordRun(layout, record, 'activate', operationId), settings);
        const next = { ...record, component: { ...record.component, state: 'active' as const } };
        await writeRecord(layout, next);
        return toDeployed(next);
      }),

    deactivate: (id, operationId) =>
      serial(async () => {
        const record = await requireRecord(id);
        if (record.component.state === 'inactive') {
          throw installerError('SCOMO_INSTALL_WRONG_STATE', `Component ${id} is already inactive.`);
        }
        await runHook(recordRun(layout, record, 'deactivate', operationId), settings);
        const next = { ...record, component: { ...record.component, state: 'inactive' as const } };
        await writeRecord(layout, next);
        return toDeployed(next);
      }),

    remove: (id, operationId) =>
      serial(async () => {
        const record = await requireRecord(id);
        if (record.component.state === 'active') {
          await runHook(recordRun(layout, record, 'deactivate', operationId), settings);
          // Should the remove hook fail now, the inventory must show what is true: inactive.
          await writeRecord(layout, { ...record, component: { ...record.component, state: 'inactive' } });
        }
        await runHook(recordRun(layout, record, 'remove', operationId), settings);
        // Renaming into the trash takes the component out of the inventory in one step.
        const doomed = join(layout.trash, `${id}.${safeName(operationId)}`);
        await rename(layout.componentDir(id), doomed);
        await rm(doomed, { recursive: true, force: true });
      }),

    list: () =>
      serial(async () => {
        const out: DeployedComponent[] = [];
        for (const id of await listRecordIds(layout)) {
          const record = await readRecord(layout, id);
          if (record !== undefined) out.push(toDeployed(record));
        }
        return out;
      }),

    get: (id) =>
      serial(async () => {
        const record = await readRecord(layout, id);
        return record === undefined ? undefined : toDeployed(record);
      }),

    recover: () =>
      serial(async () => {
        const out: RecoveredInstall[] = [];
        for (const journal of await loadJournals(layout)) {
          const components = journal.components.map((c) => c.component);
          if (journal.phase === 'committed') {
            await completeInstall(layout, journal);
            out.push({ operationId: journal.operationId, outcome: 'completed', components });
          } else {
            await rollbackInstall(layout, journal, settings, complain);
            out.push({ operationId: journal.operationId, outcome: 'rolled-back', components });
          }
        }
        // Leftovers of deletions and extractions whose journal is already gone.
        await rm(layout.trash, { recursive: true, force: true });
        await rm(layout.staging, { recursive: true, force: true });
        await ensureDirectories(layout);
        return out;
      }),
  };
}

function recordRun(
  layout: DirectoryLayout,
  record: ComponentRecord,
  hook: 'activate' | 'deactivate' | 'remove',
  operationId: string,
): Parameters<typeof runHook>[0] {
  return {
    hook,
    hooks: record.hooks,
    component: record.component,
    dir: layout.versionDir(record.component.id, record.component.version),
    operationId,
    installParams: record.installParams,
  };
}

async function install(
  layout: DirectoryLayout,
  request: InstallRequest,
  settings: HookSettings,
  limits: ArchiveLimits,
  space: SpaceGuard | undefined,
  complain: (message: string, err: unknown) => void,
): Promise<readonly DeployedComponent[]> {
  const { manifest, operationId } = request;
  const components: JournalComponent[] = [];
  for (const c of manifest.components) {
    components.push({
      component: {
        id: c.id,
        name: c.name,
        version: c.version,
        ...(c.description === undefined ? {} : { description: c.description }),
        ...((c.envType ?? manifest.envType) === undefined
          ? {}
          : { envType: (c.envType ?? manifest.envType) as string }),
        packageId: manifest.packageId,
        packageVersion: manifest.version,
        state: request.active ? 'active' : 'inactive',
      },
      previous: (await readRecord(layout, c.id)) ?? null,
      step: 'pending',
    });
  }
  const journal: InstallJournal = {
    version: 1,
    operationId,
    phase: 'prepared',
    hooks: manifest.hooks ?? {},
    ...(request.installParams === undefined ? {} : { installParams: request.installParams }),
    components,
  };
  await saveJournal(layout, journal);
  const step = async (entry: JournalComponent, next: InstallStep): Promise<void> => {
    entry.step = next;
    await saveJournal(layout, journal);
  };
  try {
    const staging = layout.stagingDir(operationId);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    const unpacked = join(staging, 'package');
    const meter = space === undefined ? undefined : await space.meter(`installing ${manifest.packageId}`);
    await extractArchive(request.packagePath, unpacked, {
      limits,
      ...(meter === undefined ? {} : { onWrite: (n: number) => meter.add(n) }),
    });
    const missing = await checkHooksPresent(journal.hooks, unpacked);
    if (missing !== undefined)
      throw new ScomoError('SCOMO_PACKAGE_MANIFEST', `Invalid package manifest: ${missing}.`);

    for (const [index, entry] of components.entries()) {
      const { id, version } = entry.component;
      const previous = entry.previous;
      if (previous?.component.state === 'active') {
        await step(entry, 'deactivating-previous');
        await runHook(
          {
            hook: 'deactivate',
            hooks: previous.hooks,
            component: previous.component,
            dir: layout.versionDir(id, previous.component.version),
            operationId,
            installParams: previous.installParams,
          },
          settings,
        );
        await step(entry, 'previous-deactivated');
      }
      await mkdir(layout.componentDir(id), { recursive: true });
      const target = layout.versionDir(id, version);
      if (await exists(target)) {
        // Reinstalling the same version (or a leftover directory): keep it aside until commit.
        entry.movedAside = `.previous-${safeName(operationId)}`;
        await saveJournal(layout, journal);
        await rename(target, join(layout.componentDir(id), entry.movedAside));
      }
      // Every component gets the whole package; the last one takes the unpacked tree itself.
      const source = index === components.length - 1 ? unpacked : join(staging, `copy-${index}`);
      if (source !== unpacked)
        await cp(unpacked, source, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
      await rename(source, target);
      await step(entry, 'placed');
      await runHook(hookRun(journal, entry, 'install', target), settings);
      await step(entry, 'installed');
      if (request.active) {
        await step(entry, 'activating');
        await runHook(hookRun(journal, entry, 'activate', target), settings);
        await step(entry, 'activated');
      }
    }
    for (const entry of components) {
      await writeRecord(layout, {
        component: entry.component,
        hooks: journal.hooks,
        ...(journal.installParams === undefined ? {} : { installParams: journal.installParams }),
      });
    }
    journal.phase = 'committed';
    await saveJournal(layout, journal);
  } catch (err) {
    await rollbackInstall(layout, journal, settings, complain).catch((undo: unknown) =>
      complain(`rollback of ${operationId} did not finish; it is retried at the next start`, undo),
    );
    if (isScomoError(err)) throw err;
    throw storageFailure(err, `installing ${manifest.packageId}`) ?? err;
  }
  await completeInstall(layout, journal);
  return components.map((entry) => ({
    ...entry.component,
    location: layout.versionDir(entry.component.id, entry.component.version),
  }));
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128);
}
