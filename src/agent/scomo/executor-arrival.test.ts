/**
 * awaitPackage: a package streamed in by a DM session is registered with the MO before its file is
 * committed (so an Exec Install in the same server message finds it); the executor's work on that
 * node must wait for the commit instead of finding no bytes.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { buildPackage } from '../../../test/support/packages.ts';
import { device, DV, executorFixture, resultsFor } from './testing/executor-fixture.ts';
import { SERVER } from './testing/device.ts';

const f = executorFixture();

describe('executor.awaitPackage', () => {
  test('an Install of a registered package whose file is still being written waits for it', async (t) => {
    const d = await device(f, t);
    const built = await buildPackage(f.dir, 'arriving.tar.gz', {
      components: [{ id: 'arriving', version: '1.0.0' }],
    });
    assert.equal(d.tree.add(`${DV}/x`, { format: 'node' }, SERVER), 200);
    const sink = await d.executor.packages.sink('x');
    await sink.write(built.bytes);
    let release: () => void = () => {};
    const written = new Promise<void>((resolve) => {
      release = resolve;
    });
    d.mo.registerPackage('x', built.size);
    d.executor.awaitPackage(
      'x',
      written.then(() => sink.commit({ bytes: built.size })),
    );
    assert.equal(d.exec(`${DV}/x/Operations/Install`, 'corr-arrive'), 202);
    d.executor.wake();
    // Time enough for an executor that did not wait to run the install and find no package (1405).
    await sleep(100);
    assert.equal(d.alerts.list().length, 0, 'nothing reported while the package is still arriving');
    release();
    await d.executor.idle();
    assert.deepEqual(resultsFor(d, 'corr-arrive'), [
      { code: 1200, identifier: 'arriving', target: './SCOMO/Inventory/Deployed/arriving' },
    ]);
  });

  test('a failed arrival does not block the node: the Install reports the missing package', async (t) => {
    const d = await device(f, t);
    assert.equal(d.tree.add(`${DV}/y`, { format: 'node' }, SERVER), 200);
    d.mo.registerPackage('y', 10);
    d.executor.awaitPackage('y', Promise.reject(new Error('disk gone')));
    assert.equal(d.exec(`${DV}/y/Operations/Install`, 'corr-lost'), 202);
    d.executor.wake();
    await d.executor.idle();
    assert.deepEqual(
      resultsFor(d, 'corr-lost').map((r) => r.code),
      [1405],
    );
  });
});
