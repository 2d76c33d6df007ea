import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildPackage, generateSigningKey } from '../../../test/support/packages.ts';
import { isScomoError } from '../../errors/index.ts';
import { DEFAULT_ARCHIVE_LIMITS } from './archive-types.ts';
import { checkDependencies, checkEnvTypes, inspectPackage } from './inspect.ts';
import { parseManifest } from './manifest.ts';
import { createPackageTrust } from './verify.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-inspect-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const manifest = parseManifest({
  packageId: 'p',
  version: '1',
  envType: 'linux',
  components: [
    {
      id: 'app',
      name: 'App',
      version: '2.0.0',
      dependsOn: [{ id: 'lib', version: '^1.2' }, { id: 'helper' }],
    },
    { id: 'helper', name: 'Helper', version: '1.0.0', envType: 'linux-arm' },
  ],
});

describe('inspectPackage', () => {
  test('returns the manifest and digest of a signed, valid package', async () => {
    const key = generateSigningKey();
    const built = await buildPackage(dir, 'ok.tar.gz', { packageId: 'pkg-ok', signWith: key.privateKey });
    const inspected = await inspectPackage(
      built.path,
      {
        trust: createPackageTrust([key.publicPem], 'required'),
        limits: DEFAULT_ARCHIVE_LIMITS,
      },
      { expectedSha256: built.sha256 },
    );
    assert.equal(inspected.manifest.packageId, 'pkg-ok');
    assert.equal(inspected.sha256, built.sha256);
    assert.equal(inspected.signedBy, 0);
  });

  test('an invalid manifest is SCOMO_PACKAGE_MANIFEST', async () => {
    const built = await buildPackage(dir, 'bad.zip', { format: 'zip', manifest: { packageId: 'x' } });
    await assert.rejects(
      inspectPackage(built.path, { trust: createPackageTrust(), limits: DEFAULT_ARCHIVE_LIMITS }),
      (err: unknown) => isScomoError(err, 'SCOMO_PACKAGE_MANIFEST'),
    );
  });

  test('an unsupported EnvType is SCOMO_PACKAGE_ENV_TYPE', async () => {
    const built = await buildPackage(dir, 'env.tar.gz', { envType: 'windows' });
    await assert.rejects(
      inspectPackage(built.path, {
        trust: createPackageTrust(),
        limits: DEFAULT_ARCHIVE_LIMITS,
        envTypes: ['linux'],
      }),
      (err: unknown) => isScomoError(err, 'SCOMO_PACKAGE_ENV_TYPE') && /"windows"/.test(err.message),
    );
  });
});

describe('EnvType and dependency checks', () => {
  test('every EnvType (server, package, component) must be supported', () => {
    checkEnvTypes(manifest, undefined, 'anything');
    checkEnvTypes(manifest, ['linux', 'linux-arm']);
    assert.throws(() => checkEnvTypes(manifest, ['linux']), /component helper/);
    assert.throws(() => checkEnvTypes(manifest, ['linux', 'linux-arm'], 'docker'), /asked by the server/);
  });

  test('dependencies are met by the package itself or by deployed components', () => {
    checkDependencies(manifest, [{ id: 'lib', version: '1.4.0' }]);
    assert.throws(
      () => checkDependencies(manifest, []),
      (err: unknown) =>
        isScomoError(err, 'SCOMO_PACKAGE_DEPENDENCY') &&
        /lib \^1\.2, but it is not deployed/.test(err.message),
    );
    assert.throws(
      () => checkDependencies(manifest, [{ id: 'lib', version: '2.0.0' }]),
      /version 2\.0\.0 is deployed/,
    );
  });
});
