import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { parseManifest, parseManifestBytes } from './manifest.ts';

const valid = {
  packageId: 'pkg-1',
  version: '2.1.0',
  envType: 'linux-x86_64',
  components: [
    {
      id: 'com.example.app',
      name: 'Example app',
      version: '2.1.0',
      description: 'line one\nline two',
      dependsOn: [{ id: 'com.example.lib', version: '^1.2' }, { id: 'com.example.base' }],
    },
  ],
  hooks: { install: 'hooks/install.sh', activate: './bin/start' },
  'x-vendor': { anything: true },
};

function rejects(value: unknown, pattern: RegExp): void {
  assert.throws(
    () => parseManifest(value),
    (err: unknown) => isScomoError(err, 'SCOMO_PACKAGE_MANIFEST') && pattern.test(err.message),
  );
}

describe('scomo.json', () => {
  test('a complete manifest parses, dropping x- extensions', () => {
    const manifest = parseManifest(valid);
    assert.equal(manifest.packageId, 'pkg-1');
    assert.equal(manifest.envType, 'linux-x86_64');
    assert.deepEqual(manifest.hooks, { install: 'hooks/install.sh', activate: './bin/start' });
    assert.deepEqual(manifest.components[0]?.dependsOn, [
      { id: 'com.example.lib', version: '^1.2' },
      { id: 'com.example.base' },
    ]);
    assert.equal('x-vendor' in manifest, false);
  });

  test('bytes: UTF-8 JSON with an optional BOM', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(valid)}`);
    assert.equal(parseManifestBytes(bytes).version, '2.1.0');
    assert.throws(() => parseManifestBytes(new TextEncoder().encode('{')), /not JSON/);
    assert.throws(() => parseManifestBytes(new Uint8Array([0xff, 0xfe])), /not UTF-8/);
  });

  test('missing or mistyped required fields name the field', () => {
    rejects({ ...valid, packageId: undefined }, /packageId is missing/);
    rejects({ ...valid, version: 3 }, /version is 3/);
    rejects({ ...valid, components: [] }, /"components" must be an array of 1/);
    rejects({ ...valid, components: [{ id: 'a', version: '1' }] }, /components\[0\]\.name is missing/);
    rejects([], /must be a JSON object/);
  });

  test('unknown keys are refused, so a misspelt key is not silently ignored', () => {
    rejects({ ...valid, hook: {} }, /unknown key "hook"/);
    rejects({ ...valid, hooks: { instal: 'x.sh' } }, /hooks has an unknown key "instal"/);
    rejects({ ...valid, components: [{ ...valid.components[0], Version: '1' }] }, /unknown key "Version"/);
  });

  test('ids and versions must be safe directory names', () => {
    for (const id of ['..', '.', 'a/b', '', '-x', 'a b', 'x'.repeat(129)]) {
      rejects({ ...valid, components: [{ id, name: 'n', version: '1' }] }, /components\[0\]\.id/);
    }
    rejects({ ...valid, components: [{ id: 'a', name: 'n', version: '../1' }] }, /components\[0\]\.version/);
  });

  test('duplicate component ids are refused', () => {
    const c = { id: 'a', name: 'n', version: '1' };
    rejects({ ...valid, components: [c, c] }, /appears twice/);
  });

  test('hooks must be relative paths inside the package', () => {
    rejects({ ...valid, hooks: { install: '/bin/sh' } }, /relative path/);
    rejects({ ...valid, hooks: { install: '../x.sh' } }, /"\.\." segments/);
    rejects({ ...valid, hooks: { install: 'a\\b.sh' } }, /relative path/);
    rejects({ ...valid, hooks: { install: './' } }, /names no file/);
  });

  test('dependency versions must be versions or ranges', () => {
    rejects(
      {
        ...valid,
        components: [{ id: 'a', name: 'n', version: '1', dependsOn: [{ id: 'b', version: '>>2' }] }],
      },
      /SemVer range/,
    );
  });

  test('control characters are refused in names, allowed as line breaks in descriptions', () => {
    rejects(
      { ...valid, components: [{ id: 'a', name: 'bad\u0007name', version: '1' }] },
      /control characters/,
    );
    rejects(
      { ...valid, components: [{ id: 'a', name: 'n', version: '1', description: 'nul\u0000' }] },
      /control characters/,
    );
  });
});
