import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DmTree } from '../../tree/index.ts';
import { device, leaf, SERVER } from '../test-support.ts';
import type { ScomoMo } from './mo.ts';
import type { ScomoEffect } from './types.ts';

const R = './SCOMO';
const DL = `${R}/Download`;
const DV = `${R}/Inventory/Delivered`;
const DP = `${R}/Inventory/Deployed`;

function addDownload(tree: DmTree, node: string, leaves: Record<string, string>): void {
  assert.equal(tree.add(`${DL}/${node}`, { format: 'node' }, SERVER), 200);
  for (const [name, data] of Object.entries(leaves))
    assert.equal(tree.add(`${DL}/${node}/${name}`, { data }, SERVER), 200);
}

/** A device with component `c1` deployed Active (op-1 done and its alert taken). */
function withComponent(
  active = true,
  options: Parameters<typeof device>[0] = {},
): { tree: DmTree; mo: ScomoMo } {
  const d = device(options);
  addDownload(d.tree, 'p1', { PkgID: 'pkg-1', PkgURL: 'https://repo/p1' });
  const op = active ? 'DownloadInstall' : 'DownloadInstallInactive';
  assert.equal(d.tree.exec(`${DL}/p1/Operations/${op}`, {}, SERVER).status, 202);
  d.mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
  d.mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'c1', version: '1' }] });
  d.mo.dispatch({ type: 'alertQueued', opId: 'op-1' });
  d.mo.drainEffects();
  return d;
}

function alertOf(effects: readonly ScomoEffect[]) {
  const a = effects.find((e) => e.kind === 'alert');
  assert.ok(a?.kind === 'alert', 'an alert effect');
  return a.alert;
}

describe('Exec primitives through the tree (reference §1.4)', () => {
  test('Download / DownloadInstall / DownloadInstallInactive / DownloadInstallActivate: 202 and a download effect', () => {
    for (const op of [
      'Download',
      'DownloadInstall',
      'DownloadInstallInactive',
      'DownloadInstallActivate',
    ] as const) {
      const { tree, mo } = device();
      addDownload(tree, 'p1', {
        PkgID: 'pkg-1',
        Name: 'App',
        PkgURL: 'https://repo/p1.tgz',
        InstallParams: '--quiet',
        EnvType: 'linux',
        PkgType: 'application/gzip',
      });
      assert.deepEqual(tree.exec(`${DL}/p1/Operations/${op}`, { correlator: 'corr-1' }, SERVER), {
        status: 202,
      });
      assert.deepEqual(mo.drainEffects(), [
        {
          kind: 'download',
          opId: 'op-1',
          operation: op,
          downloadNode: 'p1',
          deliveredNode: 'p1',
          pkgUrl: 'https://repo/p1.tgz',
          pkg: {
            pkgId: 'pkg-1',
            pkgUrl: 'https://repo/p1.tgz',
            name: 'App',
            installParams: '--quiet',
            envType: 'linux',
            pkgType: 'application/gzip',
          },
          resume: false,
        },
      ]);
      assert.equal(leaf(tree, `${DL}/p1/Status`), '30');
      assert.equal(mo.journal().operations[0]?.correlator, 'corr-1');
    }
  });

  test('Install / InstallInactive on a delivered package: 202 and an install effect', () => {
    for (const [op, active] of [
      ['Install', true],
      ['InstallInactive', false],
    ] as const) {
      const { tree, mo } = device();
      assert.equal(tree.add(`${DV}/d1`, { format: 'node' }, SERVER), 200);
      assert.equal(tree.add(`${DV}/d1/PkgID`, { data: 'pkg-d1' }, SERVER), 200);
      assert.equal(
        tree.replace(`${DV}/d1/Data`, { format: 'bin', data: new Uint8Array([1, 2, 3]) }, SERVER),
        200,
      );
      mo.drainEffects();
      assert.equal(tree.exec(`${DV}/d1/Operations/${op}`, { correlator: 'c' }, SERVER).status, 202);
      assert.deepEqual(mo.drainEffects(), [
        {
          kind: 'install',
          opId: 'op-1',
          operation: op,
          deliveredNode: 'd1',
          pkg: { pkgId: 'pkg-d1' },
          active,
          resume: false,
        },
      ]);
      assert.equal(leaf(tree, `${DV}/d1/Status`), '40');
    }
  });

  test('Remove of a delivered package: 202 and a removePackage effect', () => {
    const { tree, mo } = withComponent();
    assert.equal(tree.exec(`${DV}/p1/Operations/Remove`, {}, SERVER).status, 202);
    assert.deepEqual(mo.drainEffects(), [
      { kind: 'removePackage', opId: 'op-2', deliveredNode: 'p1', pkgId: 'pkg-1', resume: false },
    ]);
    assert.equal(leaf(tree, `${DV}/p1/Status`), '30');
  });

  test('Activate, Deactivate and Remove of a deployed component: 202 and their effects', () => {
    const off = withComponent(false);
    assert.equal(off.tree.exec(`${DP}/c1/Operations/Activate`, {}, SERVER).status, 202);
    assert.deepEqual(off.mo.drainEffects(), [
      { kind: 'activate', opId: 'op-2', components: [{ node: 'c1', id: 'c1' }], resume: false },
    ]);
    assert.equal(leaf(off.tree, `${DP}/c1/Status`), '50');

    const on = withComponent(true);
    assert.equal(on.tree.exec(`${DP}/c1/Operations/Deactivate`, {}, SERVER).status, 202);
    assert.deepEqual(on.mo.drainEffects(), [
      { kind: 'deactivate', opId: 'op-2', components: [{ node: 'c1', id: 'c1' }], resume: false },
    ]);
    assert.equal(leaf(on.tree, `${DP}/c1/Status`), '70');

    const rm = withComponent(true);
    assert.equal(rm.tree.exec(`${DP}/c1/Operations/Remove`, {}, SERVER).status, 202);
    assert.deepEqual(rm.mo.drainEffects(), [
      {
        kind: 'removeComponent',
        opId: 'op-2',
        components: [{ node: 'c1', id: 'c1' }],
        wasActive: true,
        resume: false,
      },
    ]);
    assert.equal(leaf(rm.tree, `${DP}/c1/Status`), '30');
  });
});

describe('wrong-state and precondition answers (README table)', () => {
  test('missing or empty PkgURL: 403 at once, no operation, no effect', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p1', { PkgID: 'pkg-1' });
    assert.equal(tree.exec(`${DL}/p1/Operations/DownloadInstall`, { correlator: 'x' }, SERVER).status, 403);
    addDownload(tree, 'p2', { PkgID: 'pkg-2', PkgURL: '  ' });
    assert.equal(tree.exec(`${DL}/p2/Operations/Download`, {}, SERVER).status, 403);
    assert.deepEqual(mo.drainEffects(), []);
    assert.deepEqual(mo.journal().operations, []);
    assert.equal(leaf(tree, `${DL}/p1/Status`), '10');
  });

  test('Install without package bytes: 403', () => {
    const { tree, mo } = device();
    assert.equal(tree.add(`${DV}/d1/PkgID`, { data: 'pkg' }, SERVER), 200);
    assert.equal(tree.exec(`${DV}/d1/Operations/Install`, {}, SERVER).status, 403);
    assert.deepEqual(mo.journal().operations, []);
  });

  test('busy: a second operation on a running object is 503 and the running one is untouched', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p1', { PkgID: 'pkg-1', PkgURL: 'https://r/p1' });
    assert.equal(tree.exec(`${DL}/p1/Operations/DownloadInstall`, { correlator: 'a' }, SERVER).status, 202);
    assert.equal(tree.exec(`${DL}/p1/Operations/Download`, { correlator: 'b' }, SERVER).status, 503);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    // The package slot is part of the running install: Install on it (an install while one runs) is 503.
    assert.equal(tree.exec(`${DV}/p1/Operations/Install`, {}, SERVER).status, 503);
    assert.equal(tree.exec(`${DV}/p1/Operations/Remove`, {}, SERVER).status, 503);
    assert.equal(tree.delete(`${DV}/p1`, SERVER), 503);
    assert.equal(tree.delete(`${DL}/p1`, SERVER), 503);
    assert.deepEqual(
      mo.journal().operations.map((o) => [o.id, o.state.name]),
      [['op-1', 'installing']],
    );
  });

  test('Activate on an Active component: 202, then 1409 about it; its State and Status stay', () => {
    const { tree, mo } = withComponent(true);
    assert.equal(tree.exec(`${DP}/c1/Operations/Activate`, { correlator: 'again' }, SERVER).status, 202);
    const effects = mo.drainEffects();
    assert.equal(effects.length, 1);
    assert.deepEqual(alertOf(effects), {
      correlator: 'again',
      items: [
        {
          source: `${DP}/c1/Operations/Activate`,
          target: `${DP}/c1`,
          type: 'urn:oma:at:scomo:1.0:OperationComplete',
          format: 'xml',
          mark: 'critical',
          data: '<ResultCode>1409</ResultCode><Identifier>c1</Identifier>',
        },
      ],
    });
    assert.equal(leaf(tree, `${DP}/c1/State`), '20');
    assert.equal(leaf(tree, `${DP}/c1/Status`), '10');
  });

  test('Deactivate on an Inactive component: 202, then 1410', () => {
    const { tree, mo } = withComponent(false);
    assert.equal(tree.exec(`${DP}/c1/Operations/Deactivate`, {}, SERVER).status, 202);
    assert.equal(
      alertOf(mo.drainEffects()).items[0]?.data,
      '<ResultCode>1410</ResultCode><Identifier>c1</Identifier>',
    );
    assert.equal(leaf(tree, `${DP}/c1/State`), '10');
  });

  test('unsupported EnvType: 202, then 1413 (Mark minor); the Download node stays idle', () => {
    const { tree, mo } = device({ envTypes: ['linux'] });
    addDownload(tree, 'p1', { PkgID: 'pkg-1', PkgURL: 'https://r/p1', EnvType: 'android' });
    assert.equal(tree.exec(`${DL}/p1/Operations/DownloadInstall`, { correlator: 'e' }, SERVER).status, 202);
    const alert = alertOf(mo.drainEffects());
    assert.deepEqual(
      alert.items.map((i) => [i.target, i.mark, i.data]),
      [[`${DL}/p1`, 'minor', '<ResultCode>1413</ResultCode><Identifier>pkg-1</Identifier>']],
    );
    assert.equal(leaf(tree, `${DL}/p1/Status`), '10');
    addDownload(tree, 'p2', { PkgID: 'pkg-2', PkgURL: 'https://r/p2', EnvType: 'linux' });
    assert.equal(tree.exec(`${DL}/p2/Operations/DownloadInstall`, {}, SERVER).status, 202);
    assert.equal(mo.drainEffects()[0]?.kind, 'download');
  });

  test('an operation the device does not implement: 202, then 1411', () => {
    const { tree, mo } = withComponent(true, { unsupportedOperations: ['Deactivate'] });
    assert.equal(tree.exec(`${DP}/c1/Operations/Deactivate`, {}, SERVER).status, 202);
    assert.match(alertOf(mo.drainEffects()).items[0]?.data ?? '', /<ResultCode>1411<\/ResultCode>/);
  });

  test('the same Exec (same URI and correlator) sent again is taken once', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p1', { PkgID: 'pkg-1', PkgURL: 'https://r/p1' });
    assert.equal(tree.exec(`${DL}/p1/Operations/Download`, { correlator: 'dup' }, SERVER).status, 202);
    assert.equal(tree.exec(`${DL}/p1/Operations/Download`, { correlator: 'dup' }, SERVER).status, 202);
    assert.equal(mo.drainEffects().length, 1);
    assert.equal(mo.journal().operations.length, 1);
  });

  test('Exec needs the Exec right in the ACL (425 before the MO is asked)', () => {
    const { tree, mo } = device({ acl: 'Add=*&Delete=*&Get=*&Replace=*' });
    addDownload(tree, 'p1', { PkgID: 'pkg-1', PkgURL: 'https://r/p1' });
    assert.equal(tree.exec(`${DL}/p1/Operations/Download`, {}, SERVER).status, 425);
    assert.deepEqual(mo.drainEffects(), []);
  });
});
