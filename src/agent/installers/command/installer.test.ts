import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildPackage } from '../../../../test/support/packages.ts';
import { isScomoError } from '../../../errors/index.ts';
import { parseManifest } from '../../packages/index.ts';
import type { PackageManifest } from '../../packages/index.ts';
import { installerContract } from '../contract.ts';
import { createCommandInstaller } from './installer.ts';
import type { CommandInstallerOptions } from './installer.ts';

/**
 * A stand-in for an integrator's wrapper around dpkg or systemd: it logs each call and fails the way
 * the component's version asks (the contract's convention), or with the special exit codes.
 */
const TEST_COMMAND = `#!/bin/sh
op="$1"; id="$2"
echo "$op $id $SCOMO_COMPONENT_VERSION \${3:-} $SCOMO_PACKAGE_ID" >> "$TEST_LOG"
case "$SCOMO_COMPONENT_VERSION" in *fail-$op*) echo "$op refused" >&2; exit 1;; esac
case "$SCOMO_COMPONENT_VERSION" in *exit2-$op*) exit 2;; *exit3-$op*) exit 3;; *exit4-$op*) exit 4;; esac
case "$SCOMO_COMPONENT_VERSION" in *hang-$op*) sleep 30;; esac
if [ "$op" = install ]; then test -f "$3" && test -f "$SCOMO_MANIFEST" || exit 9; fi
exit 0
`;

interface Workspace {
  readonly dir: string;
  readonly log: string;
  readonly options: CommandInstallerOptions;
  done(): Promise<void>;
}

async function workspace(extra: Partial<CommandInstallerOptions> = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'scomo-cmd-installer-'));
  const command = join(dir, 'installer.sh');
  await writeFile(command, TEST_COMMAND, { mode: 0o755 });
  const log = join(dir, 'calls.log');
  return {
    dir,
    log,
    options: {
      command,
      root: join(dir, 'state'),
      env: { PATH: '/usr/bin:/bin', TEST_LOG: log },
      timeoutMs: 10_000,
      ...extra,
    },
    done: () => rm(dir, { recursive: true, force: true }),
  };
}

let counter = 0;
async function makePackage(
  dir: string,
  packageId: string,
  components: readonly { id: string; version: string }[],
): Promise<{ path: string; manifest: PackageManifest }> {
  const built = await buildPackage(dir, `pkg-${++counter}.zip`, { format: 'zip', packageId, components });
  return { path: built.path, manifest: parseManifest(built.manifest) };
}

async function calls(ws: Workspace): Promise<string[]> {
  return (await readFile(ws.log, 'utf8').catch(() => ''))
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(ws.dir, '<dir>').trim());
}

installerContract('command', async () => {
  const ws = await workspace();
  return {
    installer: createCommandInstaller(ws.options),
    reopen: () => createCommandInstaller(ws.options),
    makePackage: (packageId, components) => makePackage(ws.dir, packageId, components),
    cleanup: () => ws.done(),
  };
});

describe('command installer specifics', () => {
  test('the calling convention: operation, component id, package path', async (t) => {
    const ws = await workspace({ args: [] });
    t.after(() => ws.done());
    const installer = createCommandInstaller(ws.options);
    const pkg = await makePackage(ws.dir, 'pkg-x', [{ id: 'app', version: '1.0.0' }]);
    await installer.install({
      operationId: 'op-1',
      packagePath: pkg.path,
      manifest: pkg.manifest,
      active: true,
    });
    await installer.deactivate('app', 'op-2');
    await installer.remove('app', 'op-3');
    const name = pkg.path.replace(ws.dir, '<dir>');
    assert.deepEqual(await calls(ws), [
      `install app 1.0.0 ${name} pkg-x`,
      'activate app 1.0.0  pkg-x',
      'deactivate app 1.0.0  pkg-x',
      'remove app 1.0.0  pkg-x',
    ]);
  });

  test('a failed install is undone with abort, and the previous version re-activated', async (t) => {
    const ws = await workspace();
    t.after(() => ws.done());
    const installer = createCommandInstaller(ws.options);
    const v1 = await makePackage(ws.dir, 'p', [{ id: 'app', version: '1' }]);
    await installer.install({
      operationId: 'op-1',
      packagePath: v1.path,
      manifest: v1.manifest,
      active: true,
    });
    const v2 = await makePackage(ws.dir, 'p', [{ id: 'app', version: '2-fail-activate' }]);
    await assert.rejects(
      installer.install({ operationId: 'op-2', packagePath: v2.path, manifest: v2.manifest, active: true }),
    );
    const log = (await calls(ws)).map((l) => l.split(' ').slice(0, 3).join(' '));
    assert.deepEqual(log, [
      'install app 1',
      'activate app 1',
      'deactivate app 1',
      'install app 2-fail-activate',
      'activate app 2-fail-activate',
      'deactivate app 2-fail-activate',
      'abort app 2-fail-activate',
      'activate app 1',
    ]);
  });

  test('exit codes 2, 3 and 4 mean out of space, unsupported EnvType, not implemented', async (t) => {
    const ws = await workspace();
    t.after(() => ws.done());
    const installer = createCommandInstaller(ws.options);
    const cases: [string, string][] = [
      ['1-exit2-install', 'SCOMO_STORAGE_FULL'],
      ['1-exit3-install', 'SCOMO_PACKAGE_ENV_TYPE'],
      ['1-exit4-install', 'SCOMO_INSTALL_NOT_SUPPORTED'],
    ];
    for (const [version, code] of cases) {
      const pkg = await makePackage(ws.dir, 'p', [{ id: 'app', version }]);
      await assert.rejects(
        installer.install({
          operationId: `op-${version}`,
          packagePath: pkg.path,
          manifest: pkg.manifest,
          active: false,
        }),
        (err: unknown) => isScomoError(err, code),
      );
    }
    assert.deepEqual(await installer.list(), []);
  });

  test('a command past its time limit is killed', async (t) => {
    const ws = await workspace({ timeoutMs: 300 });
    t.after(() => ws.done());
    const installer = createCommandInstaller(ws.options);
    const pkg = await makePackage(ws.dir, 'p', [{ id: 'app', version: '1-hang-install' }]);
    await assert.rejects(
      installer.install({
        operationId: 'op-h',
        packagePath: pkg.path,
        manifest: pkg.manifest,
        active: false,
      }),
      (err: unknown) => isScomoError(err, 'SCOMO_INSTALL_HOOK_TIMEOUT'),
    );
  });

  test('the command must be an absolute path; a missing one fails the operation', async (t) => {
    const ws = await workspace();
    t.after(() => ws.done());
    assert.throws(
      () => createCommandInstaller({ ...ws.options, command: 'installer.sh' }),
      (err: unknown) => isScomoError(err, 'SCOMO_INSTALL_BAD_OPTION'),
    );
    const missing = createCommandInstaller({ ...ws.options, command: join(ws.dir, 'nope') });
    const pkg = await makePackage(ws.dir, 'p', [{ id: 'app', version: '1' }]);
    await assert.rejects(
      missing.install({ operationId: 'op-n', packagePath: pkg.path, manifest: pkg.manifest, active: false }),
      (err: unknown) =>
        isScomoError(err, 'SCOMO_INSTALL_HOOK_FAILED') && /could not be started/.test(err.message),
    );
  });
});
