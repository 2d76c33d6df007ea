import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { createSpaceGuard, directoryUsage, storageFailure } from './space.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-space-'));
  await mkdir(join(dir, 'a/b'), { recursive: true });
  await writeFile(join(dir, 'a/one'), new Uint8Array(1000));
  await writeFile(join(dir, 'a/b/two'), new Uint8Array(500));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('space guard', () => {
  test('usage is the apparent size of everything below the directory', async () => {
    assert.equal(await directoryUsage(dir), 1500);
    assert.equal(await directoryUsage(join(dir, 'missing')), 0);
  });

  test('available is the smaller of quota − used and free − reserve', async () => {
    const guard = createSpaceGuard(
      dir,
      { quotaBytes: 4000, reserveBytes: 100 },
      { freeBytes: async () => 10_000 },
    );
    assert.equal(await guard.available(), 2500);
    const tight = createSpaceGuard(dir, { reserveBytes: 9_900 }, { freeBytes: async () => 10_000 });
    assert.equal(await tight.available(), 100);
  });

  test('ensure refuses what does not fit with SCOMO_STORAGE_FULL', async () => {
    const guard = createSpaceGuard(dir, { quotaBytes: 2000 });
    await guard.ensure(500, 'the test');
    await assert.rejects(
      guard.ensure(501, 'the test'),
      (err: unknown) =>
        isScomoError(err, 'SCOMO_STORAGE_FULL') && /501 bytes needed, 500 available/.test(err.message),
    );
  });

  test('a meter stops the write that crosses the budget', async () => {
    const meter = await createSpaceGuard(dir, { quotaBytes: 2000 }).meter('a download');
    await meter.add(300);
    await meter.add(200);
    assert.equal(meter.written, 500);
    assert.throws(
      () => meter.add(1),
      (err: unknown) => isScomoError(err, 'SCOMO_STORAGE_FULL'),
    );
  });

  test('a meter re-reads free space as the write goes on', async () => {
    let free = 1_000_000;
    const guard = createSpaceGuard(dir, { checkEveryBytes: 100 }, { freeBytes: async () => free });
    const meter = await guard.meter('a download');
    await meter.add(50);
    free = 10; // another process filled the disk: 10 bytes are left after the next check
    await meter.add(60);
    await meter.add(10);
    assert.throws(
      () => meter.add(1),
      (err: unknown) => isScomoError(err, 'SCOMO_STORAGE_FULL'),
    );
  });

  test('ENOSPC and EDQUOT become SCOMO_STORAGE_FULL; other errors are not', () => {
    const enospc = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    assert.equal(storageFailure(enospc, 'writing')?.code, 'SCOMO_STORAGE_FULL');
    assert.equal(storageFailure(Object.assign(new Error('x'), { code: 'EACCES' }), 'writing'), undefined);
  });
});
