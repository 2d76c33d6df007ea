import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { HookName } from '../../packages/index.ts';
import { installerError } from '../errors.ts';
import type { DeployedComponent, HookTable } from '../port.ts';
import { describeResult, runCommand } from '../run-command.ts';

export interface HookSettings {
  readonly timeoutMs: number;
  /** Base environment of every hook (PATH and the like); the SCOMO_* variables are added to it. */
  readonly env: Readonly<Record<string, string>>;
  /** Interpreter for a hook file without execute permission. */
  readonly shell: string;
  readonly stateDir: string;
}

export interface HookRun {
  readonly hook: HookName;
  readonly hooks: HookTable;
  readonly component: Pick<DeployedComponent, 'id' | 'name' | 'version' | 'packageId' | 'packageVersion'>;
  /** The component's version directory: the hook's working directory and SCOMO_INSTALL_DIR. */
  readonly dir: string;
  readonly operationId: string;
  readonly installParams?: string | undefined;
  readonly previousVersion?: string | undefined;
}

/**
 * Runs one lifecycle hook of a component, when the package declares it. The calling convention
 * (README "Hooks"): working directory = the version directory; no arguments; environment = the
 * configured base plus SCOMO_OPERATION (install|activate|deactivate|remove), SCOMO_COMPONENT_ID,
 * SCOMO_COMPONENT_NAME, SCOMO_COMPONENT_VERSION, SCOMO_INSTALL_DIR, SCOMO_PACKAGE_ID,
 * SCOMO_PACKAGE_VERSION, SCOMO_OPERATION_ID, SCOMO_STATE_DIR, and when known SCOMO_INSTALL_PARAMS
 * and SCOMO_PREVIOUS_VERSION. Exit 0 is success; anything else, a signal or the time limit fails
 * the operation (SCOMO_INSTALL_HOOK_FAILED / _TIMEOUT).
 */
export async function runHook(run: HookRun, settings: HookSettings): Promise<void> {
  const relative = run.hooks[run.hook];
  if (relative === undefined) return;
  const file = join(run.dir, relative);
  const info = await lstat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw installerError(
      'SCOMO_INSTALL_HOOK_FAILED',
      `The ${run.hook} hook ${relative} of ${run.component.id} is not a file in ${run.dir}.`,
    );
  }
  const executable = (info.mode & 0o111) !== 0;
  const env: Record<string, string> = {
    ...settings.env,
    SCOMO_OPERATION: run.hook,
    SCOMO_OPERATION_ID: run.operationId,
    SCOMO_COMPONENT_ID: run.component.id,
    SCOMO_COMPONENT_NAME: run.component.name,
    SCOMO_COMPONENT_VERSION: run.component.version,
    SCOMO_PACKAGE_ID: run.component.packageId,
    SCOMO_PACKAGE_VERSION: run.component.packageVersion,
    SCOMO_INSTALL_DIR: run.dir,
    SCOMO_STATE_DIR: settings.stateDir,
    ...(run.installParams === undefined ? {} : { SCOMO_INSTALL_PARAMS: run.installParams }),
    ...(run.previousVersion === undefined ? {} : { SCOMO_PREVIOUS_VERSION: run.previousVersion }),
  };
  const result = await runCommand({
    file: executable ? file : settings.shell,
    args: executable ? [] : [file],
    cwd: run.dir,
    env,
    timeoutMs: settings.timeoutMs,
  });
  if (result.exitCode === 0) return;
  throw installerError(
    result.timedOut ? 'SCOMO_INSTALL_HOOK_TIMEOUT' : 'SCOMO_INSTALL_HOOK_FAILED',
    `The ${run.hook} hook of ${run.component.id} ${run.component.version} ${describeResult(result, settings.timeoutMs)}.`,
  );
}

/** Checks, right after extraction, that every declared hook is a regular file of the package. */
export async function checkHooksPresent(hooks: HookTable, dir: string): Promise<string | undefined> {
  for (const [name, relative] of Object.entries(hooks)) {
    if (relative === undefined) continue;
    const info = await lstat(join(dir, relative)).catch(() => undefined);
    if (info === undefined || !info.isFile())
      return `hooks.${name} names ${relative}, which is not a regular file of the package`;
  }
  return undefined;
}
