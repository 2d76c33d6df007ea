import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readlink, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { archive, buildPackage } from '../../../test/support/packages.ts';
import type { ArchiveEntrySpec, PackageFormat } from '../../../test/support/packages.ts';
import { isScomoError } from '../../errors/index.ts';
import { detectArchiveFormat, readArchiveManifest } from './archive.ts';
import { DEFAULT_ARCHIVE_LIMITS } from './archive-types.ts';
import type { ArchiveLimits } from './archive-types.ts';
import { extractArchive } from './extract.ts';
import { scanArchive } from './scan.ts';

let dir: string;
let counter = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-extract-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(format: PackageFormat, entries: readonly ArchiveEntrySpec[]): Promise<string> {
  const path = join(dir, `a${++counter}.${format}`);
  await writeFile(path, archive(format, entries));
  return path;
}

async function extract(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<string> {
  const dest = join(dir, `out${++counter}`);
  await extractArchive(path, dest, { limits });
  return dest;
}

async function refused(path: string, code: string, pattern: RegExp, limits?: ArchiveLimits): Promise<void> {
  await assert.rejects(extract(path, limits), (err: unknown) => {
    assert.ok(isScomoError(err, code), `expected ${code}, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

for (const format of ['tar.gz', 'tar', 'zip'] as const) {
  describe(`${format} packages`, () => {
    test('the format is recognised by its first bytes', async () => {
      const built = await buildPackage(dir, `p${++counter}.${format}`, { format });
      assert.equal(await detectArchiveFormat(built.path), format);
    });

    test('files, directories, modes and inner symlinks are extracted', async () => {
      const longName = `deep/${'d'.repeat(90)}/${'f'.repeat(60)}.txt`;
      const path = await write(format, [
        { path: 'scomo.json', content: '{}' },
        { path: 'bin', type: 'dir' },
        { path: 'bin/run', content: '#!/bin/sh\necho hi\n', mode: 0o4755 },
        { path: './data//x.txt', content: 'x' },
        { path: longName, content: 'long' },
        { path: 'bin/run-link', type: 'symlink', linkTarget: 'run' },
        { path: 'up', type: 'symlink', linkTarget: 'bin/../data' },
      ]);
      const dest = await extract(path);
      assert.equal(await readFile(join(dest, 'bin/run'), 'utf8'), '#!/bin/sh\necho hi\n');
      // setuid is dropped; execute bits kept.
      assert.equal((await stat(join(dest, 'bin/run'))).mode & 0o7777, 0o755);
      assert.equal((await stat(join(dest, 'data/x.txt'))).mode & 0o7777, 0o644);
      assert.equal(await readFile(join(dest, longName), 'utf8'), 'long');
      assert.equal(await readlink(join(dest, 'bin/run-link')), 'run');
      assert.ok((await lstat(join(dest, 'up'))).isSymbolicLink());
    });

    test('the manifest is read without extracting', async () => {
      const built = await buildPackage(dir, `p${++counter}.${format}`, { format, packageId: 'pkg-read' });
      const manifest = await readArchiveManifest(built.path, DEFAULT_ARCHIVE_LIMITS);
      assert.equal(manifest.packageId, 'pkg-read');
    });

    test('a package without scomo.json is refused', async () => {
      const built = await buildPackage(dir, `p${++counter}.${format}`, { format, manifest: null });
      await assert.rejects(
        readArchiveManifest(built.path, DEFAULT_ARCHIVE_LIMITS),
        /no scomo\.json at its root/,
      );
    });

    test('absolute paths are refused', async () => {
      await refused(
        await write(format, [{ path: '/etc/passwd', content: 'x' }]),
        'SCOMO_PACKAGE_UNSAFE_ENTRY',
        /absolute path/,
      );
    });

    test('".." segments are refused', async () => {
      await refused(
        await write(format, [{ path: 'a/../../escape.txt', content: 'x' }]),
        'SCOMO_PACKAGE_UNSAFE_ENTRY',
        /"\.\." segment/,
      );
      const outside = join(dir, 'escape.txt');
      await assert.rejects(stat(outside));
    });

    test('a symlink pointing outside is refused', async () => {
      await refused(
        await write(format, [{ path: 'link', type: 'symlink', linkTarget: '../../etc' }]),
        'SCOMO_PACKAGE_UNSAFE_ENTRY',
        /points outside/,
      );
      await refused(
        await write(format, [{ path: 'link', type: 'symlink', linkTarget: '/etc/passwd' }]),
        'SCOMO_PACKAGE_UNSAFE_ENTRY',
        /absolute path/,
      );
    });

    test('nothing is written through a symlink, even one pointing inside', async () => {
      const path = await write(format, [
        { path: 'sub', type: 'dir' },
        { path: 'link', type: 'symlink', linkTarget: 'sub' },
        { path: 'link/file.txt', content: 'x' },
      ]);
      await refused(path, 'SCOMO_PACKAGE_UNSAFE_ENTRY', /nothing is written through links/);
    });

    test('duplicate entries are refused', async () => {
      await refused(
        await write(format, [
          { path: 'a.txt', content: '1' },
          { path: 'a.txt', content: '2' },
        ]),
        'SCOMO_PACKAGE_UNSAFE_ENTRY',
        /appears twice/,
      );
    });

    test('device files and FIFOs are refused', async () => {
      await refused(
        await write(format, [{ path: 'dev/null', type: 'chardev' }]),
        'SCOMO_PACKAGE_UNSAFE_ENTRY',
        /character device/,
      );
      await refused(
        await write(format, [{ path: 'pipe', type: 'fifo' }]),
        'SCOMO_PACKAGE_UNSAFE_ENTRY',
        /FIFO/,
      );
    });

    test('the entry count is bounded', async () => {
      const entries = Array.from({ length: 12 }, (_, i) => ({ path: `f${i}`, content: 'x' }));
      await refused(await write(format, entries), 'SCOMO_PACKAGE_TOO_LARGE', /entries/, {
        maxEntries: 10,
        maxTotalBytes: 1e9,
      });
    });

    test('the total uncompressed size is bounded (archive bomb)', async () => {
      const zeros = new Uint8Array(8 * 1024 * 1024);
      const path = await write(format, [{ path: 'bomb.bin', content: zeros }]);
      await refused(path, 'SCOMO_PACKAGE_TOO_LARGE', /bomb/, { maxEntries: 10, maxTotalBytes: 1024 * 1024 });
    });
  });
}

describe('tar specifics', () => {
  test('hardlinks may repeat a file extracted before, nothing else', async () => {
    const ok = await write('tar', [
      { path: 'a.txt', content: 'shared' },
      { path: 'b.txt', type: 'hardlink', linkTarget: 'a.txt' },
    ]);
    const dest = await extract(ok);
    assert.equal(await readFile(join(dest, 'b.txt'), 'utf8'), 'shared');
    await refused(
      await write('tar', [{ path: 'h', type: 'hardlink', linkTarget: '../../etc/passwd' }]),
      'SCOMO_PACKAGE_UNSAFE_ENTRY',
      /"\.\." segment/,
    );
    await refused(
      await write('tar', [{ path: 'h', type: 'hardlink', linkTarget: 'missing' }]),
      'SCOMO_PACKAGE_UNSAFE_ENTRY',
      /does not repeat a file/,
    );
  });

  test('a corrupt header checksum is refused', async () => {
    const bytes = Buffer.from(archive('tar', [{ path: 'a.txt', content: 'x' }]));
    bytes[0] = 0x62; // change the name; the checksum no longer matches
    const path = join(dir, `bad${++counter}.tar`);
    await writeFile(path, bytes);
    await refused(path, 'SCOMO_PACKAGE_ARCHIVE', /checksum/);
  });

  test('a truncated archive is refused', async () => {
    const bytes = archive('tar', [{ path: 'a.bin', content: new Uint8Array(5000) }]);
    const path = join(dir, `cut${++counter}.tar.gz`);
    await writeFile(path, gzipSync(bytes.subarray(0, 2048)));
    await refused(path, 'SCOMO_PACKAGE_ARCHIVE', /truncated/);
  });

  test('a damaged gzip stream is refused', async () => {
    const bytes = Buffer.from(
      archive('tar.gz', [{ path: 'a.bin', content: new Uint8Array(50_000).fill(7) }]),
    );
    bytes.fill(0x55, 20, 60);
    const path = join(dir, `dmg${++counter}.tar.gz`);
    await writeFile(path, bytes);
    await refused(path, 'SCOMO_PACKAGE_ARCHIVE', /does not decompress/);
  });
});

describe('zip specifics', () => {
  test('an entry that inflates beyond its declared size is stopped', async () => {
    const path = await write('zip', [
      { path: 'liar.bin', content: new Uint8Array(4 * 1024 * 1024), declaredSize: 100 },
    ]);
    await refused(path, 'SCOMO_PACKAGE_TOO_LARGE', /inflates beyond its declared 100 bytes/);
  });

  test('a CRC mismatch is refused', async () => {
    const bytes = Buffer.from(archive('zip', [{ path: 'a.txt', content: 'hello world', stored: true }]));
    const at = bytes.indexOf('hello world');
    bytes[at] = 0x48;
    const path = join(dir, `crc${++counter}.zip`);
    await writeFile(path, bytes);
    await refused(path, 'SCOMO_PACKAGE_ARCHIVE', /CRC-32/);
  });

  test('random bytes are not an archive', async () => {
    const path = join(dir, `rnd${++counter}.bin`);
    await writeFile(path, Buffer.from('just some text, not an archive'));
    await refused(path, 'SCOMO_PACKAGE_ARCHIVE', /neither/);
  });

  test('a file without an end record is refused', async () => {
    const bytes = archive('zip', [{ path: 'a.txt', content: 'x' }]);
    const path = join(dir, `noend${++counter}.zip`);
    await writeFile(path, bytes.subarray(0, bytes.length - 22));
    await refused(path, 'SCOMO_PACKAGE_ARCHIVE', /end-of-central-directory/);
  });

  test('a failed extraction leaves only the staging directory, which the caller removes', async () => {
    const path = await write('zip', [
      { path: 'ok.txt', content: 'x' },
      { path: '../x', content: 'y' },
    ]);
    const dest = join(dir, `staging${++counter}`);
    await assert.rejects(extractArchive(path, dest, { limits: DEFAULT_ARCHIVE_LIMITS }));
    assert.deepEqual(await readdir(dest), ['ok.txt']);
  });
});

describe('scanArchive: the dry run that validates a package before it is accepted', () => {
  test('returns the manifest and the size extraction will write', async () => {
    const built = await buildPackage(dir, `scan${++counter}.tar.gz`, {
      packageId: 'scanned',
      files: [{ path: 'a.bin', content: new Uint8Array(1000) }],
    });
    const scan = await scanArchive(built.path, DEFAULT_ARCHIVE_LIMITS);
    assert.equal(scan.manifest.packageId, 'scanned');
    assert.equal(scan.format, 'tar.gz');
    assert.ok(scan.bytes > 1000);
  });

  test('refuses an unsafe entry anywhere in the archive, even after the manifest', async () => {
    for (const format of ['tar.gz', 'zip'] as const) {
      const built = await buildPackage(dir, `scan${++counter}.${format}`, {
        format,
        files: [
          { path: 'ok.txt', content: 'x' },
          { path: 'link', type: 'symlink', linkTarget: '../../outside' },
        ],
      });
      await assert.rejects(scanArchive(built.path, DEFAULT_ARCHIVE_LIMITS), (err: unknown) =>
        isScomoError(err, 'SCOMO_PACKAGE_UNSAFE_ENTRY'),
      );
    }
  });
});
