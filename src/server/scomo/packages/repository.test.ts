import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { archive, generateSigningKey, signPackageBytes } from '../../../../test/support/packages.ts';
import type { PackageFormat } from '../../../../test/support/packages.ts';
import { isScomoError } from '../../../errors/index.ts';
import { MemoryBlobStore } from '../../testing/memory-blob-store.ts';
import { MemoryStore } from '../../testing/memory-store.ts';
import { TestClock } from '../../testing/fixtures.ts';
import { parsePackageSpec, PackageRepository } from './repository.ts';
import { signatureStatement } from './signing.ts';

function manifest(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    packageId: 'com.example.app',
    version: '1.2.0',
    envType: 'linux',
    components: [
      { id: 'app', name: 'App', version: '1.2.0', description: 'line one\nline two' },
      {
        id: 'app-data',
        name: 'Data',
        version: '7',
        envType: 'linux-arm',
        dependsOn: [{ id: 'app', version: '^1.2' }],
      },
    ],
    hooks: { install: 'hooks/install.sh' },
    ...overrides,
  });
}

function pkg(
  format: PackageFormat,
  text = manifest(),
  extra: { path: string; content: string }[] = [],
): Uint8Array {
  return archive(format, [
    { path: 'scomo.json', content: text },
    { path: 'hooks/install.sh', content: '#!/bin/sh\n', mode: 0o755 },
    { path: 'payload/big.bin', content: new Uint8Array(70_000).map((_, i) => (i * 13) % 256) },
    ...extra,
  ]);
}

function setup() {
  const store = new MemoryStore();
  const blobs = new MemoryBlobStore();
  const clock = new TestClock();
  return { store, blobs, clock, repo: new PackageRepository(store, blobs, clock) };
}

function rejectsWith(code: string, text?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isScomoError(error), `expected a ScomoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (text !== undefined) assert.match(error.message, text);
    return true;
  };
}

describe('PackageRepository.add', () => {
  for (const format of ['tar.gz', 'tar', 'zip'] as const) {
    test(`reads the manifest of a ${format} package and records the variant`, async () => {
      const { repo, store, blobs } = setup();
      const bytes = pkg(format);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const added = await repo.add(bytes, { fileName: `app.${format}` });
      assert.equal(added.created, true);
      const record = added.package;
      assert.equal(record.sha256, sha256);
      assert.equal(record.format, format);
      assert.equal(record.size, bytes.length);
      assert.equal(record.packageId, 'com.example.app');
      assert.equal(record.version, '1.2.0');
      assert.equal(record.envType, 'linux');
      assert.equal(record.fileName, `app.${format}`);
      assert.deepEqual(record.components, [
        { id: 'app', name: 'App', version: '1.2.0', description: 'line one\nline two', envType: null },
        { id: 'app-data', name: 'Data', version: '7', description: null, envType: 'linux-arm' },
      ]);
      assert.deepEqual(record.match, { man: null, mod: null, fwV: null });
      assert.equal(record.signedBy, null);
      assert.deepEqual(await store.getPackage(sha256), record);
      assert.equal((await blobs.stat(sha256))?.size, bytes.length);
    });
  }

  test('the manifest may sit behind ./ and after other entries; pax long names are read', async () => {
    const { repo } = setup();
    const long = `payload/${'d'.repeat(120)}/file.txt`;
    const bytes = archive('tar.gz', [
      { path: 'payload/first.txt', content: 'x' },
      { path: long, content: 'long name' },
      { path: './scomo.json', content: manifest() },
    ]);
    assert.equal((await repo.add(bytes)).package.packageId, 'com.example.app');
  });

  test('adding the same bytes again stores them once', async () => {
    const { repo, store } = setup();
    const bytes = pkg('tar.gz');
    const first = await repo.add(bytes);
    const second = await repo.add(bytes, { fileName: 'other-name.tgz' });
    assert.equal(second.created, false);
    assert.deepEqual(second.package, first.package);
    assert.equal((await store.listPackages()).length, 1);
  });

  test('x-match in the manifest and match options make variants; the same match twice is a conflict', async () => {
    const { repo, blobs } = setup();
    const generic = await repo.add(pkg('tar.gz'));
    const rocket = await repo.add(pkg('zip', manifest({ 'x-match': { man: 'Acme', mod: 'Rocket*' } })));
    assert.deepEqual(rocket.package.match, { man: 'Acme', mod: 'Rocket*', fwV: null });
    const override = await repo.add(pkg('tar', manifest({ 'x-match': { man: 'Acme' } })), {
      match: { mod: 'Sled', fwV: '>=2.0' },
    });
    assert.deepEqual(override.package.match, { man: 'Acme', mod: 'Sled', fwV: '>=2.0' });
    const clashing = pkg('zip', manifest({ description: undefined }), [
      { path: 'other.txt', content: 'different bytes' },
    ]);
    await assert.rejects(repo.add(clashing), rejectsWith('SCOMO_SERVER_PACKAGE_CONFLICT', /already stored/));
    const clashSha = createHash('sha256').update(clashing).digest('hex');
    assert.equal(await blobs.stat(clashSha), null, 'a refused package leaves no blob');
    assert.equal((await repo.variants('com.example.app')).length, 3);
    assert.equal(generic.package.match.man, null);
  });

  test('signing: an Ed25519 signature over the agent’s statement, stored next to the blob', async () => {
    const { repo } = setup();
    const { privateKey, publicKey } = generateSigningKey();
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bytes = pkg('tar.gz');
    const added = await repo.add(bytes, { signingKey: pem });
    const signature = await repo.signature(added.package.sha256);
    assert.ok(signature !== null);
    assert.equal(signature.length, 64);
    assert.ok(verify(null, signatureStatement(added.package.sha256), publicKey, signature));
    // Byte-identical with what the shared test support (and the agent) computes.
    assert.deepEqual(Buffer.from(signature), Buffer.from(signPackageBytes(bytes, privateKey)));
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    assert.equal(added.package.signedBy, createHash('sha256').update(spki).digest('hex').slice(0, 16));
  });

  test('signing stored bytes later records the signer', async () => {
    const { repo } = setup();
    const bytes = pkg('zip');
    const plain = await repo.add(bytes);
    assert.equal(await repo.signature(plain.package.sha256), null);
    const { privateKey } = generateSigningKey();
    const signed = await repo.add(bytes, { signingKey: privateKey });
    assert.notEqual(signed.package.signedBy, null);
    assert.equal((await repo.get(plain.package.sha256))?.signedBy, signed.package.signedBy);
  });

  test('a key that is not an Ed25519 private key is refused before anything is stored', async () => {
    const { repo, store } = setup();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    await assert.rejects(
      repo.add(pkg('tar.gz'), { signingKey: rsa }),
      rejectsWith('SCOMO_SERVER_SIGNING_KEY', /rsa/),
    );
    await assert.rejects(
      repo.add(pkg('tar.gz'), { signingKey: 'not a pem' }),
      rejectsWith('SCOMO_SERVER_SIGNING_KEY'),
    );
    assert.deepEqual(await store.listPackages(), []);
  });

  describe('refusals', () => {
    const cases: [string, () => Uint8Array, string, RegExp][] = [
      ['random bytes', () => new Uint8Array(600).fill(7), 'SCOMO_SERVER_PACKAGE_ARCHIVE', /neither/],
      [
        'a truncated tar.gz',
        () => pkg('tar.gz').subarray(0, 400),
        'SCOMO_SERVER_PACKAGE_ARCHIVE',
        /decompress|truncated/,
      ],
      [
        'a gzip of garbage',
        () => gzipSync(new Uint8Array(2048).fill(0x41)),
        'SCOMO_SERVER_PACKAGE_ARCHIVE',
        /checksum/,
      ],
      [
        'a tar with a corrupted header',
        () => {
          const bytes = pkg('tar').slice();
          bytes[20] = (bytes[20] ?? 0) ^ 0xff;
          return bytes;
        },
        'SCOMO_SERVER_PACKAGE_ARCHIVE',
        /checksum/,
      ],
      [
        'a zip cut short',
        () => pkg('zip').subarray(0, 300),
        'SCOMO_SERVER_PACKAGE_ARCHIVE',
        /end of central directory/,
      ],
      [
        'a zip whose manifest bytes were changed',
        () => {
          const bytes = archive('zip', [{ path: 'scomo.json', content: manifest(), stored: true }]).slice();
          const at = Buffer.from(bytes).indexOf('com.example.app');
          bytes[at] = 'C'.charCodeAt(0);
          return bytes;
        },
        'SCOMO_SERVER_PACKAGE_ARCHIVE',
        /CRC-32/,
      ],
      [
        'no manifest',
        () => archive('tar.gz', [{ path: 'x.txt', content: 'x' }]),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /no scomo\.json/,
      ],
      [
        'a manifest below the root',
        () => archive('zip', [{ path: 'pkg/scomo.json', content: manifest() }]),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /no scomo\.json/,
      ],
      [
        'a manifest that is not JSON',
        () => pkg('tar.gz', '{ nope'),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /not JSON/,
      ],
      [
        'a manifest without components',
        () => pkg('zip', manifest({ components: [] })),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /components/,
      ],
      [
        'an unknown manifest key',
        () => pkg('tar.gz', manifest({ hook: {} })),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /unknown key "hook"/,
      ],
      [
        'a version that is not a directory name',
        () => pkg('tar.gz', manifest({ version: '../1' })),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /version/,
      ],
      [
        'a hook escaping the package',
        () => pkg('tar.gz', manifest({ hooks: { install: '../../bin/sh' } })),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /hooks\.install/,
      ],
      [
        'a duplicate component id',
        () =>
          pkg(
            'tar.gz',
            manifest({
              components: [
                { id: 'a', name: 'A', version: '1' },
                { id: 'a', name: 'A2', version: '2' },
              ],
            }),
          ),
        'SCOMO_SERVER_PACKAGE_MANIFEST',
        /twice/,
      ],
    ];
    for (const [name, make, code, text] of cases) {
      test(`${name} → ${code}, and nothing stays stored`, async () => {
        const { repo, store, blobs } = setup();
        const bytes = make();
        await assert.rejects(repo.add(bytes), rejectsWith(code, text));
        assert.deepEqual(await store.listPackages(), []);
        assert.equal(await blobs.stat(createHash('sha256').update(bytes).digest('hex')), null);
      });
    }
  });

  test('maxBytes bounds what is accepted', async () => {
    const { repo } = setup();
    await assert.rejects(repo.add(pkg('tar.gz'), { maxBytes: 100 }), rejectsWith('SCOMO_BLOB_TOO_LARGE'));
  });
});

describe('parsePackageSpec', () => {
  test('id, id@version, ids containing @', () => {
    assert.deepEqual(parsePackageSpec('app'), { packageId: 'app', version: null });
    assert.deepEqual(parsePackageSpec('app@1.2'), { packageId: 'app', version: '1.2' });
    assert.deepEqual(parsePackageSpec('@scope/app@2'), { packageId: '@scope/app', version: '2' });
    assert.throws(() => parsePackageSpec('app@'), rejectsWith('SCOMO_SERVER_BAD_REQUEST'));
    assert.throws(() => parsePackageSpec(''), rejectsWith('SCOMO_SERVER_BAD_REQUEST'));
  });
});
