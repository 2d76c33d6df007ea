import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { createSpaceGuard } from '../packages/index.ts';
import { createDeliverySink } from './delivery-sink.ts';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-sink-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sub = (): string => join(dir, `d${++n}`);

describe('delivery sink (large objects over DM)', () => {
  test('binary chunks are streamed to disk and committed on the last one', async () => {
    const target = sub();
    const data = randomBytes(100_000);
    const sink = await createDeliverySink(target, { name: 'pkg.bin' });
    for (let at = 0; at < data.length; at += 30_000) await sink.write(data.subarray(at, at + 30_000));
    assert.deepEqual(await readdir(target), ['pkg.bin.part']);
    const done = await sink.commit({
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    assert.equal(done.path, join(target, 'pkg.bin'));
    assert.equal(done.bytes, data.length);
    assert.deepEqual(await readFile(done.path), data);
    assert.deepEqual(await readdir(target), ['pkg.bin']);
  });

  test('base64 text chunks need not end on a 4-character group', async () => {
    const target = sub();
    const data = randomBytes(10_001);
    const text = data.toString('base64').replace(/(.{76})/g, '$1\n');
    const sink = await createDeliverySink(target);
    for (let at = 0; at < text.length; at += 333) await sink.writeBase64(text.slice(at, at + 333));
    const done = await sink.commit({ bytes: data.length });
    assert.deepEqual(await readFile(done.path), data);
  });

  test('a size mismatch on commit discards everything (the DM answer is 424)', async () => {
    const target = sub();
    const sink = await createDeliverySink(target);
    await sink.write(Buffer.from('short'));
    await assert.rejects(sink.commit({ bytes: 6 }), (err: unknown) =>
      isScomoError(err, 'SCOMO_DELIVERY_SIZE'),
    );
    assert.deepEqual(await readdir(target), []);
    await assert.rejects(sink.write(Buffer.from('x')), (err: unknown) =>
      isScomoError(err, 'SCOMO_DELIVERY_CLOSED'),
    );
  });

  test('a digest mismatch is refused', async () => {
    const sink = await createDeliverySink(sub());
    await sink.write(Buffer.from('abc'));
    await assert.rejects(sink.commit({ sha256: 'f'.repeat(64) }), (err: unknown) =>
      isScomoError(err, 'SCOMO_DELIVERY_DIGEST'),
    );
  });

  test('bad base64 and a dangling group are refused', async () => {
    const bad = await createDeliverySink(sub());
    await assert.rejects(bad.writeBase64('ab$d'), (err: unknown) =>
      isScomoError(err, 'SCOMO_DELIVERY_BAD_DATA'),
    );
    const dangling = await createDeliverySink(sub());
    await dangling.writeBase64('QUJD' + 'QQ');
    await assert.rejects(dangling.commit(), /do not form a group/);
  });

  test('abort deletes the partial object', async () => {
    const target = sub();
    const sink = await createDeliverySink(target);
    await sink.write(Buffer.from('partial'));
    await sink.abort();
    assert.deepEqual(await readdir(target), []);
  });

  test('a full disk (small quota) stops the delivery', async () => {
    const target = sub();
    const sink = await createDeliverySink(target, { space: createSpaceGuard(target, { quotaBytes: 1000 }) });
    await sink.write(new Uint8Array(800));
    await assert.rejects(sink.write(new Uint8Array(800)), (err: unknown) =>
      isScomoError(err, 'SCOMO_STORAGE_FULL'),
    );
    assert.deepEqual(await readdir(target), []);
  });
});
