/**
 * The Installer contract (DESIGN.md "Ports have contract suites"): one suite that every installer
 * implementation runs from its own test file. A fixture builds real packages and arranges that an
 * operation fails when the version of the component it runs for contains `fail-<operation>`
 * (`fail-install`, `fail-activate`, `fail-deactivate`, `fail-remove`): the directory installer
 * through hook scripts in the package, the command installer through its test command.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import type { PackageManifest } from '../packages/index.ts';
import type { DeployedComponent, Installer } from './port.ts';

export interface ContractComponent {
  readonly id: string;
  readonly version: string;
}

export interface ContractFixture {
  readonly installer: Installer;
  /** A new installer over the same state, as after a restart. */
  reopen(): Installer;
  /** Writes a package with these components and returns its path and manifest. */
  makePackage(
    packageId: string,
    components: readonly ContractComponent[],
  ): Promise<{ path: string; manifest: PackageManifest }>;
  cleanup(): Promise<void>;
}

export function installerContract(name: string, setup: () => Promise<ContractFixture>): void {
  let opCounter = 0;
  const nextOp = (): string => `op-contract-${++opCounter}`;

  const run = (title: string, body: (f: ContractFixture) => Promise<void>): void => {
    test(title, async () => {
      const fixture = await setup();
      try {
        await body(fixture);
      } finally {
        await fixture.cleanup();
      }
    });
  };

  const install = async (
    f: ContractFixture,
    packageId: string,
    components: readonly ContractComponent[],
    active: boolean,
    installer = f.installer,
  ): Promise<readonly DeployedComponent[]> => {
    const { path, manifest } = await f.makePackage(packageId, components);
    return installer.install({ operationId: nextOp(), packagePath: path, manifest, active });
  };

  const summary = async (installer: Installer): Promise<string[]> =>
    (await installer.list()).map((c) => `${c.id}@${c.version}:${c.state}`).sort();

  const failsWith = (code: string) => (err: unknown) => {
    assert.ok(isScomoError(err, code), `expected ${code}, got ${String(err)}`);
    return true;
  };

  describe(`Installer contract: ${name}`, () => {
    run('a fresh install creates active components with their metadata', async (f) => {
      const out = await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], true);
      assert.deepEqual(
        out.map((c) => [c.id, c.version, c.state, c.packageId, c.packageVersion]),
        [['app', '1.0.0', 'active', 'pkg-a', '1.0.0']],
      );
      const got = await f.installer.get('app');
      assert.equal(got?.name, 'app name');
      assert.deepEqual(await summary(f.installer), ['app@1.0.0:active']);
      assert.equal(await f.installer.get('missing'), undefined);
    });

    run('InstallInactive creates inactive components', async (f) => {
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], false);
      assert.deepEqual(await summary(f.installer), ['app@1.0.0:inactive']);
    });

    run('activate and deactivate switch the state; the wrong state is refused', async (f) => {
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], false);
      assert.equal((await f.installer.activate('app', nextOp())).state, 'active');
      await assert.rejects(f.installer.activate('app', nextOp()), failsWith('SCOMO_INSTALL_WRONG_STATE'));
      assert.equal((await f.installer.deactivate('app', nextOp())).state, 'inactive');
      await assert.rejects(f.installer.deactivate('app', nextOp()), failsWith('SCOMO_INSTALL_WRONG_STATE'));
      assert.deepEqual(await summary(f.installer), ['app@1.0.0:inactive']);
    });

    run('operations on an unknown component are refused', async (f) => {
      await assert.rejects(
        f.installer.activate('ghost', nextOp()),
        failsWith('SCOMO_INSTALL_UNKNOWN_COMPONENT'),
      );
      await assert.rejects(
        f.installer.deactivate('ghost', nextOp()),
        failsWith('SCOMO_INSTALL_UNKNOWN_COMPONENT'),
      );
      await assert.rejects(
        f.installer.remove('ghost', nextOp()),
        failsWith('SCOMO_INSTALL_UNKNOWN_COMPONENT'),
      );
    });

    run('installing a deployed component id upgrades it in place', async (f) => {
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], true);
      await install(f, 'pkg-a2', [{ id: 'app', version: '2.0.0' }], true);
      assert.deepEqual(await summary(f.installer), ['app@2.0.0:active']);
      assert.equal((await f.installer.get('app'))?.packageId, 'pkg-a2');
    });

    run('reinstalling the same version works', async (f) => {
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], true);
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], false);
      assert.deepEqual(await summary(f.installer), ['app@1.0.0:inactive']);
    });

    run('a failed install of a new component leaves nothing behind', async (f) => {
      await assert.rejects(
        install(f, 'pkg-b', [{ id: 'bad', version: '1.0.0-fail-install' }], true),
        failsWith('SCOMO_INSTALL_HOOK_FAILED'),
      );
      assert.deepEqual(await summary(f.installer), []);
    });

    run('a failed upgrade keeps the previous version, still active', async (f) => {
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], true);
      await assert.rejects(
        install(f, 'pkg-a2', [{ id: 'app', version: '2.0.0-fail-install' }], true),
        failsWith('SCOMO_INSTALL_HOOK_FAILED'),
      );
      assert.deepEqual(await summary(f.installer), ['app@1.0.0:active']);
      assert.equal((await f.installer.get('app'))?.packageId, 'pkg-a');
    });

    run('an install whose activation fails is rolled back', async (f) => {
      await assert.rejects(
        install(f, 'pkg-c', [{ id: 'svc', version: '1.0.0-fail-activate' }], true),
        failsWith('SCOMO_INSTALL_HOOK_FAILED'),
      );
      assert.deepEqual(await summary(f.installer), []);
    });

    run(
      'a failing activation leaves the component inactive; a failing deactivation leaves it active',
      async (f) => {
        await install(f, 'pkg-c', [{ id: 'svc', version: '1.0.0-fail-activate' }], false);
        await assert.rejects(f.installer.activate('svc', nextOp()), failsWith('SCOMO_INSTALL_HOOK_FAILED'));
        assert.deepEqual(await summary(f.installer), ['svc@1.0.0-fail-activate:inactive']);
        await install(f, 'pkg-d', [{ id: 'svc2', version: '1.0.0-fail-deactivate' }], true);
        await assert.rejects(
          f.installer.deactivate('svc2', nextOp()),
          failsWith('SCOMO_INSTALL_HOOK_FAILED'),
        );
        assert.equal((await f.installer.get('svc2'))?.state, 'active');
      },
    );

    run('all components of a package install together or not at all', async (f) => {
      await install(f, 'pkg-base', [{ id: 'one', version: '1.0.0' }], true);
      const both = [
        { id: 'one', version: '2.0.0' },
        { id: 'two', version: '1.0.0-fail-install' },
      ];
      await assert.rejects(install(f, 'pkg-multi', both, true), failsWith('SCOMO_INSTALL_HOOK_FAILED'));
      assert.deepEqual(await summary(f.installer), ['one@1.0.0:active']);
      const out = await install(
        f,
        'pkg-multi',
        [
          { id: 'one', version: '2.0.0' },
          { id: 'two', version: '1.0.0' },
        ],
        false,
      );
      assert.equal(out.length, 2);
      assert.deepEqual(await summary(f.installer), ['one@2.0.0:inactive', 'two@1.0.0:inactive']);
    });

    run('remove deletes a component, active or not; a failing remove keeps it', async (f) => {
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], true);
      await install(f, 'pkg-b', [{ id: 'lib', version: '1.0.0' }], false);
      await f.installer.remove('app', nextOp());
      await f.installer.remove('lib', nextOp());
      assert.deepEqual(await summary(f.installer), []);
      await install(f, 'pkg-e', [{ id: 'sticky', version: '1.0.0-fail-remove' }], false);
      await assert.rejects(f.installer.remove('sticky', nextOp()), failsWith('SCOMO_INSTALL_HOOK_FAILED'));
      assert.deepEqual(await summary(f.installer), ['sticky@1.0.0-fail-remove:inactive']);
    });

    run('the inventory survives a restart and recover() finds nothing to do', async (f) => {
      await install(f, 'pkg-a', [{ id: 'app', version: '1.0.0' }], true);
      await install(f, 'pkg-b', [{ id: 'lib', version: '3.1.0' }], false);
      const again = f.reopen();
      assert.deepEqual(await again.recover(), []);
      assert.deepEqual(await summary(again), ['app@1.0.0:active', 'lib@3.1.0:inactive']);
    });
  });
}
