import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { DmTree } from '../../tree/index.ts';
import { device, leaf, SERVER } from '../test-support.ts';
import { decodeJournal, emptyJournal, encodeJournal, parseJournal } from './journal.ts';
import { mountScomoMo } from './mo.ts';
import type { ScomoMo } from './mo.ts';
import type { ScomoAlert, ScomoEffect } from './types.ts';

const R = './SCOMO';
const DL = `${R}/Download`;

/** Persists like the agent: a JSON round trip of the tree snapshot. */
function restart(tree: DmTree): { tree: DmTree; mo: ScomoMo } {
  const saved: unknown = JSON.parse(JSON.stringify(tree.snapshot()));
  const fresh = new DmTree();
  fresh.restore(saved);
  return { tree: fresh, mo: mountScomoMo({ tree: fresh }) };
}

function startDownloadInstall(correlator = 'job-1') {
  const d = device();
  assert.equal(d.tree.add(`${DL}/p`, { format: 'node' }, SERVER), 200);
  assert.equal(d.tree.add(`${DL}/p/PkgID`, { data: 'pkg' }, SERVER), 200);
  assert.equal(d.tree.add(`${DL}/p/PkgURL`, { data: 'https://r/p.tgz' }, SERVER), 200);
  assert.equal(d.tree.exec(`${DL}/p/Operations/DownloadInstall`, { correlator }, SERVER).status, 202);
  d.mo.drainEffects();
  return d;
}

/** The agent's durable alert queue: keyed by opId, so an alert offered twice is queued once. */
class AgentQueue {
  readonly sent = new Map<string, ScomoAlert>();
  take(effects: readonly ScomoEffect[]): void {
    for (const e of effects) {
      if (e.kind !== 'alert') continue;
      if (!this.sent.has(e.opId)) this.sent.set(e.opId, e.alert);
    }
  }
  confirm(mo: ScomoMo): void {
    for (const opId of this.sent.keys()) mo.dispatch({ type: 'alertQueued', opId });
  }
}

describe('journal value', () => {
  test('round trip through JSON text', () => {
    const { mo } = startDownloadInstall();
    const journal = mo.journal();
    assert.deepEqual(decodeJournal(encodeJournal(journal)), journal);
    assert.deepEqual(decodeJournal(undefined), emptyJournal());
    assert.deepEqual(decodeJournal(''), emptyJournal());
    assert.equal(journal.operations[0]?.correlator, 'job-1');
    assert.deepEqual(journal.operations[0]?.state, { name: 'downloading', operation: 'DownloadInstall' });
    assert.equal(journal.operations[0]?.startedAt, SERVER.now);
    assert.equal(journal.operations[0]?.serverId, 'srv');
  });

  test('a damaged journal is a ScomoError naming the fault', () => {
    const good = JSON.parse(encodeJournal(startDownloadInstall().mo.journal())) as Record<string, unknown>;
    const op = (good.operations as Record<string, unknown>[])[0] ?? {};
    const cases: [unknown, RegExp][] = [
      [null, /expected an object/],
      [{ ...good, version: 2 }, /version 2/],
      [{ ...good, nextId: 0 }, /nextId/],
      [{ ...good, operations: {} }, /operations must be a list/],
      [{ ...good, packages: [] }, /packages must be an object/],
      [{ ...good, packages: { a: { origin: 'usb' } } }, /origin/],
      [{ ...good, operations: [{ ...op, object: 'firmware' }] }, /object "firmware"/],
      [{ ...good, operations: [{ ...op, operation: 'Activate' }] }, /not a download operation/],
      [{ ...good, operations: [{ ...op, state: { name: 'flying' } }] }, /not a download state/],
      [{ ...good, operations: [{ ...op, slot: undefined }] }, /slot must be a string/],
      [{ ...good, operations: [{ ...op, components: [{ node: 1 }] }] }, /components/],
      [{ ...good, operations: [{ ...op, report: { items: [{}] } }] }, /report items/],
      [{ ...good, operations: [{ ...op, correlator: 7 }] }, /correlator must be a string/],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => parseJournal(value),
        (e) => isScomoError(e, 'SCOMO_JOURNAL_INVALID') && message.test((e as Error).message),
      );
    }
    assert.throws(
      () => decodeJournal('{'),
      (e) => isScomoError(e, 'SCOMO_JOURNAL_INVALID'),
    );
    assert.throws(
      () => decodeJournal(new Uint8Array([1])),
      (e) => isScomoError(e, 'SCOMO_JOURNAL_INVALID'),
    );
  });

  test('with a damaged journal leaf an Exec fails with 500 and changes nothing', () => {
    const errors: unknown[] = [];
    const tree = new DmTree({ onPluginError: (e) => errors.push(e) });
    const mo = mountScomoMo({ tree });
    tree.add(`${DL}/p`, { format: 'node' }, SERVER);
    tree.add(`${DL}/p/PkgURL`, { data: 'https://r' }, SERVER);
    tree.local.set(mo.paths.journal, { data: '{"version":1' });
    assert.equal(tree.exec(`${DL}/p/Operations/Download`, {}, SERVER).status, 500);
    assert.ok(isScomoError(errors[0], 'SCOMO_JOURNAL_INVALID'));
    assert.equal(leaf(tree, `${DL}/p/Status`), '10');
    assert.throws(
      () => mo.resume(),
      (e) => isScomoError(e, 'SCOMO_JOURNAL_INVALID'),
    );
  });
});

describe('restart and resume', () => {
  test('killed during the download: Status still 30, the download resumes, one alert', () => {
    const before = startDownloadInstall();
    const { tree, mo } = restart(before.tree);
    assert.equal(leaf(tree, `${DL}/p/Status`), '30', 'progress survives in the tree');
    assert.deepEqual(mo.resume(), [
      {
        kind: 'download',
        opId: 'op-1',
        operation: 'DownloadInstall',
        downloadNode: 'p',
        deliveredNode: 'p',
        pkgUrl: 'https://r/p.tgz',
        pkg: { pkgId: 'pkg', pkgUrl: 'https://r/p.tgz' },
        resume: true,
      },
    ]);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'c' }] });
    const queue = new AgentQueue();
    queue.take(mo.drainEffects());
    assert.equal(queue.sent.size, 1);
    assert.equal(queue.sent.get('op-1')?.correlator, 'job-1');
    // A new Exec after the restart gets a fresh id: the counter was persisted.
    tree.add(`${DL}/q/PkgURL`, { data: 'https://r/q' }, SERVER);
    tree.exec(`${DL}/q/Operations/Download`, {}, SERVER);
    assert.deepEqual(
      mo.journal().operations.map((o) => o.id),
      ['op-1', 'op-2'],
    );
  });

  test('killed during the install: resumed as an install, rolled back by the agent → 1405 once', () => {
    const before = startDownloadInstall('job-2');
    before.mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    const { tree, mo } = restart(before.tree);
    assert.equal(leaf(tree, `${DL}/p/Status`), '50');
    assert.equal(leaf(tree, `${R}/Inventory/Delivered/p/Status`), '40');
    const effects = mo.resume();
    assert.deepEqual(
      effects.map((e) => [e.kind, 'resume' in e && e.resume]),
      [['install', true]],
    );
    mo.dispatch({ type: 'installFailed', opId: 'op-1', resultCode: 1405 });
    const queue = new AgentQueue();
    queue.take(mo.drainEffects());
    assert.deepEqual(
      [...queue.sent.values()].map((a) => [a.correlator, a.items[0]?.data]),
      [['job-2', '<ResultCode>1405</ResultCode><Identifier>pkg</Identifier>']],
    );
  });

  test('killed between finishing and queueing the alert: the same alert is offered again, queued once', () => {
    const before = startDownloadInstall('job-3');
    before.mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    before.mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'c' }] });
    const queue = new AgentQueue();
    queue.take(before.mo.drainEffects()); // enqueued durably, then the agent died
    const { tree, mo } = restart(before.tree);
    const again = mo.resume();
    assert.deepEqual(again, [{ kind: 'alert', opId: 'op-1', alert: queue.sent.get('op-1') }]);
    queue.take(again);
    queue.confirm(mo);
    assert.equal(queue.sent.size, 1, 'one alert for job-3');
    const third = restart(tree);
    assert.deepEqual(third.mo.resume(), [], 'nothing left to report or do');
    assert.equal(leaf(third.tree, `${R}/Inventory/Deployed/c/State`), '20');
  });

  test('resume re-issues every kind of running work and supersedes the queue', () => {
    const d = device();
    d.tree.add(`${DL}/p/PkgURL`, { data: 'https://r/p' }, SERVER);
    d.tree.exec(`${DL}/p/Operations/DownloadInstallActivate`, {}, SERVER);
    d.mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    d.mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'x' }] });
    d.tree.add(`${R}/Inventory/Delivered/d/Data`, { format: 'bin', data: new Uint8Array([1]) }, SERVER);
    d.tree.exec(`${R}/Inventory/Delivered/d/Operations/Remove`, {}, SERVER);
    const { mo } = restart(d.tree);
    assert.deepEqual(
      mo.resume().map((e) => e.kind),
      ['activate', 'removePackage'],
    );
    assert.equal(d.mo.resume().length, 2);
    assert.deepEqual(d.mo.drainEffects(), [], 'resume emptied the queue');
  });
});
