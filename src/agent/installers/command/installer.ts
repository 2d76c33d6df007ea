import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ScomoError } from '../../../errors/index.ts';
import { errorFields, silentLogger } from '../../logger.ts';
import type { AgentLogger } from '../../logger.ts';
import { installerError } from '../errors.ts';
import type { DeployedComponent, InstallRequest, Installer, RecoveredInstall } from '../port.ts';
import { describeResult, runCommand } from '../run-command.ts';
import {
  dropCommandJournal,
  loadCommandJournals,
  reachedStep,
  recordStore,
  saveCommandJournal,
} from './records.ts';
import type { CommandJournal, CommandJournalEntry, CommandRecord } from './records.ts';

export interface CommandInstallerOptions {
  /** Absolute path of the executable that carries out every operation. */
  readonly command: string;
  /** Arguments placed before the operation (e.g. a subcommand of a multi-purpose tool). */
  readonly args?: readonly string[] | undefined;
  /** Where the installer keeps its records and journal, e.g. `<stateDir>/scomo-command`. */
  readonly root: string;
  /** Time limit of one command run; default 10 minutes (package managers can be slow). */
  readonly timeoutMs?: number | undefined;
  /** Base environment of the command; default a PATH of the usual system directories. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  readonly logger?: AgentLogger | undefined;
}

/** The operations passed as the first argument after `args` (README "Command installer"). */
export const COMMAND_OPERATIONS = ['install', 'activate', 'deactivate', 'remove', 'abort'] as const;
export type CommandOperation = (typeof COMMAND_OPERATIONS)[number];

/**
 * Exit codes with a meaning beyond "failed" (README "Command installer"); any other non-zero code
 * fails the operation with its own result code (install 1405, activate 1409, …).
 */
export const COMMAND_EXIT_CODES = {
  /** Out of space: install → 1406. */
  noSpace: 2,
  /** The component's environment type is not supported: → 1413. */
  unsupportedEnvType: 3,
  /** The command does not implement this operation: → 1411 (ignored for `abort`). */
  notImplemented: 4,
} as const;

export const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60_000;

/**
 * An installer that delegates every operation to an integrator's executable, so SCOMO can drive
 * dpkg, opkg, systemd, docker and the like. The calling convention:
 *
 *   <command> [args…] install    <componentId> <packagePath>
 *   <command> [args…] activate   <componentId>
 *   <command> [args…] deactivate <componentId>
 *   <command> [args…] remove     <componentId>
 *   <command> [args…] abort      <componentId> <packagePath>   (undo an install that did not finish)
 *
 * with SCOMO_OPERATION, SCOMO_OPERATION_ID, SCOMO_COMPONENT_ID, SCOMO_COMPONENT_NAME,
 * SCOMO_COMPONENT_VERSION, SCOMO_PACKAGE_ID, SCOMO_PACKAGE_VERSION, SCOMO_PACKAGE_PATH (install,
 * abort), SCOMO_MANIFEST (a copy of scomo.json; install, abort) and, when known, SCOMO_ENV_TYPE,
 * SCOMO_INSTALL_PARAMS and SCOMO_PREVIOUS_VERSION in the environment. The installer keeps the
 * inventory itself (`<root>/components.json`), updated only once every step of an install
 * succeeded; a failure or an interrupted install is undone with `deactivate`/`abort` (and the
 * previous version re-activated), as far as the wrapped tool can undo it.
 */
export function createCommandInstaller(options: CommandInstallerOptions): Installer {
  if (!isAbsolute(options.command)) {
    throw installerError(
      'SCOMO_INSTALL_BAD_OPTION',
      `The installer command "${options.command}" must be an absolute path.`,
    );
  }
  const root = options.root;
  const store = recordStore(root);
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const baseEnv = options.env ?? { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => {});
    return run;
  };

  interface Call {
    readonly operation: CommandOperation;
    readonly component: DeployedComponent;
    readonly operationId: string;
    readonly packagePath?: string;
    readonly manifestFile?: string;
    readonly installParams?: string | undefined;
    readonly previousVersion?: string | undefined;
  }

  const call = async (c: Call): Promise<void> => {
    const args = [
      ...(options.args ?? []),
      c.operation,
      c.component.id,
      ...(c.packagePath === undefined ? [] : [c.packagePath]),
    ];
    const env: Record<string, string> = {
      ...baseEnv,
      SCOMO_OPERATION: c.operation,
      SCOMO_OPERATION_ID: c.operationId,
      SCOMO_COMPONENT_ID: c.component.id,
      SCOMO_COMPONENT_NAME: c.component.name,
      SCOMO_COMPONENT_VERSION: c.component.version,
      SCOMO_PACKAGE_ID: c.component.packageId,
      SCOMO_PACKAGE_VERSION: c.component.packageVersion,
      ...(c.packagePath === undefined ? {} : { SCOMO_PACKAGE_PATH: c.packagePath }),
      ...(c.manifestFile === undefined ? {} : { SCOMO_MANIFEST: c.manifestFile }),
      ...(c.component.envType === undefined ? {} : { SCOMO_ENV_TYPE: c.component.envType }),
      ...(c.installParams === undefined ? {} : { SCOMO_INSTALL_PARAMS: c.installParams }),
      ...(c.previousVersion === undefined ? {} : { SCOMO_PREVIOUS_VERSION: c.previousVersion }),
    };
    await mkdir(root, { recursive: true });
    const result = await runCommand({ file: options.command, args, cwd: root, env, timeoutMs });
    if (result.exitCode === 0) return;
    const what = `The installer command's ${c.operation} of ${c.component.id} ${describeResult(result, timeoutMs)}`;
    switch (result.exitCode) {
      case COMMAND_EXIT_CODES.noSpace:
        throw new ScomoError('SCOMO_STORAGE_FULL', `${what} (out of space).`);
      case COMMAND_EXIT_CODES.unsupportedEnvType:
        throw new ScomoError('SCOMO_PACKAGE_ENV_TYPE', `${what} (unsupported environment type).`);
      case COMMAND_EXIT_CODES.notImplemented:
        throw installerError('SCOMO_INSTALL_NOT_SUPPORTED', `${what} (not implemented).`);
      default:
        throw installerError(
          result.timedOut ? 'SCOMO_INSTALL_HOOK_TIMEOUT' : 'SCOMO_INSTALL_HOOK_FAILED',
          `${what}.`,
        );
    }
  };

  const bestEffort = async (c: Call): Promise<void> => {
    try {
      await call(c);
    } catch (err) {
      if (c.operation === 'abort' && err instanceof ScomoError && err.code === 'SCOMO_INSTALL_NOT_SUPPORTED')
        return;
      logger.warn({ ...errorFields(err), component: c.component.id }, `rollback: ${c.operation} failed`);
    }
  };

  /** Undoes a journaled install that did not commit (failure now, or a crash before). */
  const rollback = async (journal: CommandJournal): Promise<void> => {
    for (const entry of [...journal.components].reverse()) {
      const base = {
        component: entry.component,
        operationId: journal.operationId,
        installParams: journal.installParams,
      };
      if (reachedStep(entry, 'activating')) await bestEffort({ ...base, operation: 'deactivate' });
      if (reachedStep(entry, 'installing')) {
        await bestEffort({
          ...base,
          operation: 'abort',
          packagePath: journal.packagePath,
          manifestFile: journal.manifestFile,
          previousVersion: entry.previous?.component.version,
        });
      }
      const previous = entry.previous;
      if (previous?.component.state === 'active' && reachedStep(entry, 'deactivating-previous')) {
        await bestEffort({
          operation: 'activate',
          component: previous.component,
          operationId: journal.operationId,
          installParams: previous.installParams,
        });
      }
    }
    // A crash between saving the records and marking the journal committed left them new: restore.
    const records = await store.load();
    for (const entry of journal.components) {
      if (entry.previous === null) records.delete(entry.component.id);
      else records.set(entry.component.id, entry.previous);
    }
    await store.save(records);
    await dropCommandJournal(root, journal);
  };

  const requireRecord = async (
    id: string,
  ): Promise<{ records: Map<string, CommandRecord>; record: CommandRecord }> => {
    const records = await store.load();
    const record = records.get(id);
    if (record === undefined)
      throw installerError('SCOMO_INSTALL_UNKNOWN_COMPONENT', `No component ${id} is deployed.`);
    return { records, record };
  };

  const setState = async (
    id: string,
    operationId: string,
    to: 'active' | 'inactive',
  ): Promise<DeployedComponent> => {
    const { records, record } = await requireRecord(id);
    if (record.component.state === to)
      throw installerError('SCOMO_INSTALL_WRONG_STATE', `Component ${id} is already ${to}.`);
    await call({
      operation: to === 'active' ? 'activate' : 'deactivate',
      component: record.component,
      operationId,
      installParams: record.installParams,
    });
    const next = { ...record, component: { ...record.component, state: to } };
    records.set(id, next);
    await store.save(records);
    return next.component;
  };

  const install = async (request: InstallRequest): Promise<readonly DeployedComponent[]> => {
    const { manifest, operationId } = request;
    const records = await store.load();
    const manifestFile = join(
      root,
      'journal',
      `${operationId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128)}.manifest.json`,
    );
    const components: CommandJournalEntry[] = manifest.components.map((c) => {
      const envType = c.envType ?? manifest.envType;
      return {
        component: {
          id: c.id,
          name: c.name,
          version: c.version,
          ...(c.description === undefined ? {} : { description: c.description }),
          ...(envType === undefined ? {} : { envType }),
          packageId: manifest.packageId,
          packageVersion: manifest.version,
          state: request.active ? 'active' : 'inactive',
        },
        previous: records.get(c.id) ?? null,
        step: 'pending',
      };
    });
    const journal: CommandJournal = {
      version: 1,
      operationId,
      packagePath: request.packagePath,
      manifestFile,
      ...(request.installParams === undefined ? {} : { installParams: request.installParams }),
      phase: 'prepared',
      components,
    };
    await saveCommandJournal(root, journal);
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    const step = async (entry: CommandJournalEntry, next: CommandJournalEntry['step']): Promise<void> => {
      entry.step = next;
      await saveCommandJournal(root, journal);
    };
    try {
      for (const entry of components) {
        const base = {
          component: entry.component,
          operationId,
          installParams: request.installParams,
          previousVersion: entry.previous?.component.version,
        };
        const previous = entry.previous;
        if (previous?.component.state === 'active') {
          await step(entry, 'deactivating-previous');
          await call({
            operation: 'deactivate',
            component: previous.component,
            operationId,
            installParams: previous.installParams,
          });
          await step(entry, 'previous-deactivated');
        }
        await step(entry, 'installing');
        await call({ ...base, operation: 'install', packagePath: request.packagePath, manifestFile });
        await step(entry, 'installed');
        if (request.active) {
          await step(entry, 'activating');
          await call({ ...base, operation: 'activate' });
          await step(entry, 'activated');
        }
      }
      for (const entry of components) {
        records.set(entry.component.id, {
          component: entry.component,
          ...(request.installParams === undefined ? {} : { installParams: request.installParams }),
        });
      }
      await store.save(records);
      journal.phase = 'committed';
      await saveCommandJournal(root, journal);
    } catch (err) {
      await rollback(journal).catch((undo: unknown) =>
        logger.warn({ ...errorFields(undo) }, `rollback of ${operationId} did not finish`),
      );
      throw err;
    }
    await dropCommandJournal(root, journal);
    return components.map((c) => c.component);
  };

  return {
    kind: 'command',
    install: (request) => serial(() => install(request)),
    activate: (id, operationId) => serial(() => setState(id, operationId, 'active')),
    deactivate: (id, operationId) => serial(() => setState(id, operationId, 'inactive')),
    remove: (id, operationId) =>
      serial(async () => {
        const { records, record } = await requireRecord(id);
        const base = { component: record.component, operationId, installParams: record.installParams };
        if (record.component.state === 'active') {
          await call({ ...base, operation: 'deactivate' });
          // Should remove fail now, the inventory must show what is true: inactive.
          records.set(id, { ...record, component: { ...record.component, state: 'inactive' } });
          await store.save(records);
        }
        await call({ ...base, operation: 'remove' });
        records.delete(id);
        await store.save(records);
      }),
    list: () => serial(async () => [...(await store.load()).values()].map((r) => r.component)),
    get: (id) => serial(async () => (await store.load()).get(id)?.component),
    recover: () =>
      serial(async () => {
        const out: RecoveredInstall[] = [];
        for (const journal of await loadCommandJournals(root)) {
          const components = journal.components.map((c) => c.component);
          if (journal.phase === 'committed') {
            await dropCommandJournal(root, journal);
            out.push({ operationId: journal.operationId, outcome: 'completed', components });
          } else {
            await rollback(journal);
            out.push({ operationId: journal.operationId, outcome: 'rolled-back', components });
          }
        }
        return out;
      }),
  };
}
