import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readFile, readlink, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildPackage } from '../../../../test/support/packages.ts';
import type { BuildPackageOptions } from '../../../../test/support/packages.ts';
import { isScomoError } from '../../../errors/index.ts';
import { createSpaceGuard, parseManifest } from '../../packages/index.ts';
import type { PackageManifest } from '../../packages/index.ts';
import { installerContract } from '../contract.ts';
import type { Installer } from '../port.ts';
import { createDirectoryInstaller } from './installer.ts';
import type { DirectoryInstallerOptions } from './installer.ts';

/** Hooks that fail when the component's version says so (the contract's convention). */
const CONTRACT_HOOKS = Object.fromEntries(
  (['install', 'activate', 'deactivate', 'remove'] as const).map((hook) => [
    hook,
    `case "$SCOMO_COMPONENT_VERSION" in *fail-${hook}*) echo "${hook} fails on purpose" >&2; exit 1;; esac\necho "${hook} $SCOMO_COMPONENT_ID $SCOMO_COMPONENT_VERSION" >> "$SCOMO_STATE_DIR/hooks.log"`,
  ]),
);

async function workspace(): Promise<{ dir: string; root: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'scomo-dir-installer-'));
  return { dir, root: join(dir, 'state'), done: () => rm(dir, { recursive: true, force: true }) };
}

let packageCounter = 0;
async function makePackage(
  dir: string,
  options: BuildPackageOptions,
): Promise<{ path: string; manifest: PackageManifest }> {
  const built = await buildPackage(dir, `pkg-${++packageCounter}.tar.gz`, options);
  return { path: built.path, manifest: parseManifest(built.manifest) };
}

installerContract('directory', async () => {
  const ws = await workspace();
  const options: DirectoryInstallerOptions = { root: ws.root, hookTimeoutMs: 10_000 };
  return {
    installer: createDirectoryInstaller(options),
    reopen: () => createDirectoryInstaller(options),
    makePackage: (packageId, components) =>
      makePackage(ws.dir, { packageId, components, hooks: CONTRACT_HOOKS }),
    cleanup: ws.done,
  };
});

describe('directory installer specifics', () => {
  test('files land in components/<id>/<version>, .current points there, the old version goes', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const installer = createDirectoryInstaller({ root: ws.root });
    const v1 = await makePackage(ws.dir, {
      components: [{ id: 'app', version: '1.0.0' }],
      files: [{ path: 'bin/app', content: 'v1' }],
    });
    const [first] = await installer.install({
      operationId: 'op-1',
      packagePath: v1.path,
      manifest: v1.manifest,
      active: true,
    });
    assert.equal(first?.location, join(ws.root, 'components/app/1.0.0'));
    assert.equal(await readFile(join(ws.root, 'components/app/1.0.0/bin/app'), 'utf8'), 'v1');
    assert.equal(await readlink(join(ws.root, 'components/app/.current')), '1.0.0');
    const v2 = await makePackage(ws.dir, {
      components: [{ id: 'app', version: '2.0.0' }],
      files: [{ path: 'bin/app', content: 'v2' }],
    });
    await installer.install({
      operationId: 'op-2',
      packagePath: v2.path,
      manifest: v2.manifest,
      active: true,
    });
    assert.equal(await readFile(join(ws.root, 'components/app/.current/bin/app'), 'utf8'), 'v2');
    assert.deepEqual((await readdir(join(ws.root, 'components/app'))).sort(), [
      '.component.json',
      '.current',
      '2.0.0',
    ]);
    assert.deepEqual(await readdir(join(ws.root, 'staging')), []);
    assert.deepEqual(await readdir(join(ws.root, 'journal')), []);
  });

  test('hooks get the SCOMO_* environment; an upgrade stops the old version before installing the new', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const installer = createDirectoryInstaller({
      root: ws.root,
      env: { PATH: '/usr/bin:/bin', EXTRA: 'kept' },
    });
    const envHook =
      'env | grep -E "^(SCOMO_|EXTRA=)" | sort > "$SCOMO_STATE_DIR/env-$SCOMO_OPERATION-$SCOMO_COMPONENT_VERSION.txt"; echo "$SCOMO_OPERATION $SCOMO_COMPONENT_VERSION" >> "$SCOMO_STATE_DIR/order.log"';
    const hooks = { install: envHook, activate: envHook, deactivate: envHook };
    const v1 = await makePackage(ws.dir, {
      packageId: 'pkg-env',
      components: [{ id: 'app', version: '1.0.0' }],
      hooks,
    });
    await installer.install({
      operationId: 'op-a',
      packagePath: v1.path,
      manifest: v1.manifest,
      active: true,
      installParams: '--fast',
    });
    const env = await readFile(join(ws.root, 'env-install-1.0.0.txt'), 'utf8');
    for (const line of [
      'EXTRA=kept',
      'SCOMO_COMPONENT_ID=app',
      'SCOMO_COMPONENT_NAME=app name',
      'SCOMO_COMPONENT_VERSION=1.0.0',
      `SCOMO_INSTALL_DIR=${join(ws.root, 'components/app/1.0.0')}`,
      'SCOMO_INSTALL_PARAMS=--fast',
      'SCOMO_OPERATION=install',
      'SCOMO_OPERATION_ID=op-a',
      'SCOMO_PACKAGE_ID=pkg-env',
      'SCOMO_PACKAGE_VERSION=1.0.0',
      `SCOMO_STATE_DIR=${ws.root}`,
    ]) {
      assert.ok(env.split('\n').includes(line), `missing ${line} in\n${env}`);
    }
    const v2 = await makePackage(ws.dir, {
      packageId: 'pkg-env',
      components: [{ id: 'app', version: '2.0.0' }],
      hooks,
    });
    await installer.install({
      operationId: 'op-b',
      packagePath: v2.path,
      manifest: v2.manifest,
      active: true,
    });
    assert.match(
      await readFile(join(ws.root, 'env-install-2.0.0.txt'), 'utf8'),
      /SCOMO_PREVIOUS_VERSION=1\.0\.0/,
    );
    assert.deepEqual((await readFile(join(ws.root, 'order.log'), 'utf8')).trim().split('\n'), [
      'install 1.0.0',
      'activate 1.0.0',
      'deactivate 1.0.0',
      'install 2.0.0',
      'activate 2.0.0',
    ]);
  });

  test('a hook past its time limit is killed and the install rolled back', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const installer = createDirectoryInstaller({ root: ws.root, hookTimeoutMs: 300 });
    const pkg = await makePackage(ws.dir, {
      components: [{ id: 'slow', version: '1.0.0' }],
      hooks: { install: 'sleep 30' },
    });
    await assert.rejects(
      installer.install({
        operationId: 'op-t',
        packagePath: pkg.path,
        manifest: pkg.manifest,
        active: false,
      }),
      (err: unknown) =>
        isScomoError(err, 'SCOMO_INSTALL_HOOK_TIMEOUT') && /longer than 300 ms/.test(err.message),
    );
    assert.deepEqual(await installer.list(), []);
  });

  test('a hook without execute permission runs through the shell', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const installer = createDirectoryInstaller({ root: ws.root });
    const manifest = {
      packageId: 'p',
      version: '1',
      components: [{ id: 'app', name: 'App', version: '1' }],
      hooks: { install: 'setup.sh' },
    };
    const pkg = await makePackage(ws.dir, {
      manifest,
      files: [{ path: 'setup.sh', content: 'echo ran > "$SCOMO_INSTALL_DIR/ran.txt"\n', mode: 0o644 }],
    });
    await installer.install({
      operationId: 'op-sh',
      packagePath: pkg.path,
      manifest: pkg.manifest,
      active: false,
    });
    assert.equal(await readFile(join(ws.root, 'components/app/1/ran.txt'), 'utf8'), 'ran\n');
  });

  test('a hook the package does not contain fails validation', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const installer = createDirectoryInstaller({ root: ws.root });
    const manifest = {
      packageId: 'p',
      version: '1',
      components: [{ id: 'app', name: 'App', version: '1' }],
      hooks: { activate: 'missing.sh' },
    };
    const pkg = await makePackage(ws.dir, { manifest });
    await assert.rejects(
      installer.install({ operationId: 'op-m', packagePath: pkg.path, manifest: pkg.manifest, active: true }),
      (err: unknown) => isScomoError(err, 'SCOMO_PACKAGE_MANIFEST') && /missing\.sh/.test(err.message),
    );
    assert.deepEqual(await installer.list(), []);
  });

  test('a path-escaping archive is refused and nothing is left outside or inside', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const installer = createDirectoryInstaller({ root: ws.root });
    const pkg = await makePackage(ws.dir, {
      format: 'zip',
      files: [{ path: '../../../escaped.txt', content: 'x' }],
    });
    await assert.rejects(
      installer.install({ operationId: 'op-e', packagePath: pkg.path, manifest: pkg.manifest, active: true }),
      (err: unknown) => isScomoError(err, 'SCOMO_PACKAGE_UNSAFE_ENTRY'),
    );
    await assert.rejects(stat(join(ws.dir, 'escaped.txt')));
    assert.deepEqual(await readdir(join(ws.root, 'staging')), []);
    assert.deepEqual(await installer.list(), []);
  });

  test('a full disk (small quota) fails the install with SCOMO_STORAGE_FULL and rolls back', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const space = createSpaceGuard(ws.root, { quotaBytes: 64 * 1024 });
    const installer = createDirectoryInstaller({ root: ws.root, space });
    const pkg = await makePackage(ws.dir, {
      files: [{ path: 'big.bin', content: new Uint8Array(256 * 1024) }],
    });
    await assert.rejects(
      installer.install({ operationId: 'op-q', packagePath: pkg.path, manifest: pkg.manifest, active: true }),
      (err: unknown) => isScomoError(err, 'SCOMO_STORAGE_FULL'),
    );
    assert.deepEqual(await installer.list(), []);
  });

  test('a crash in the middle of an upgrade is rolled back at the next start', async (t) => {
    const ws = await workspace();
    t.after(ws.done);
    const installer = createDirectoryInstaller({ root: ws.root });
    const v1 = await makePackage(ws.dir, {
      components: [{ id: 'app', version: '1.0.0' }],
      files: [{ path: 'bin/app', content: 'v1' }],
      hooks: {
        activate: 'echo "start $SCOMO_COMPONENT_VERSION" >> "$SCOMO_STATE_DIR/svc.log"',
        deactivate: 'echo "stop $SCOMO_COMPONENT_VERSION" >> "$SCOMO_STATE_DIR/svc.log"',
      },
    });
    await installer.install({
      operationId: 'op-1',
      packagePath: v1.path,
      manifest: v1.manifest,
      active: true,
    });
    // The new version's install hook kills the agent process outright (SIGKILL: no cleanup at all).
    const v2 = await makePackage(ws.dir, {
      components: [{ id: 'app', version: '2.0.0' }],
      files: [{ path: 'bin/app', content: 'v2' }],
      hooks: {
        install: 'kill -9 $PPID; sleep 5',
        deactivate: 'echo "stop $SCOMO_COMPONENT_VERSION" >> "$SCOMO_STATE_DIR/svc.log"',
      },
    });
    const moduleUrl = pathToFileURL(join(import.meta.dirname, 'installer.ts')).href;
    const code = `const { createDirectoryInstaller } = await import(${JSON.stringify(moduleUrl)});
      const installer = createDirectoryInstaller({ root: ${JSON.stringify(ws.root)} });
      await installer.install({ operationId: 'op-2', packagePath: ${JSON.stringify(v2.path)}, manifest: ${JSON.stringify(v2.manifest)}, active: true });
      console.log('install finished: the crash did not happen');`;
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '--eval', code], { stdio: 'inherit' });
      child.on('exit', (_code, sig) => resolve(sig));
    });
    assert.equal(signal, 'SIGKILL');
    assert.equal(
      await readFile(join(ws.root, 'components/app/2.0.0/bin/app'), 'utf8'),
      'v2',
      'the crash left the new files half-installed',
    );
    const restarted: Installer = createDirectoryInstaller({ root: ws.root });
    const recovered = await restarted.recover();
    assert.deepEqual(
      recovered.map((r) => [r.operationId, r.outcome]),
      [['op-2', 'rolled-back']],
    );
    assert.deepEqual(
      (await restarted.list()).map((c) => [c.id, c.version, c.state]),
      [['app', '1.0.0', 'active']],
    );
    assert.equal(await readFile(join(ws.root, 'components/app/.current/bin/app'), 'utf8'), 'v1');
    await assert.rejects(lstat(join(ws.root, 'components/app/2.0.0')));
    // The old version was stopped for the upgrade and is started again by the rollback.
    assert.deepEqual((await readFile(join(ws.root, 'svc.log'), 'utf8')).trim().split('\n'), [
      'start 1.0.0',
      'stop 1.0.0',
      'start 1.0.0',
    ]);
  });
});
