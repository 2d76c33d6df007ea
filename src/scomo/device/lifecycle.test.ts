import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DmTree } from '../../tree/index.ts';
import { device, leaf, SERVER } from '../test-support.ts';
import type { ScomoEffect } from './types.ts';

const R = './SCOMO';
const DL = `${R}/Download`;
const DV = `${R}/Inventory/Delivered`;
const DP = `${R}/Inventory/Deployed`;
const TYPE = 'urn:oma:at:scomo:1.0:OperationComplete';

function addDownload(tree: DmTree, node: string, leaves: Record<string, string>): void {
  assert.equal(tree.add(`${DL}/${node}`, { format: 'node' }, SERVER), 200);
  for (const [name, data] of Object.entries(leaves))
    assert.equal(tree.add(`${DL}/${node}/${name}`, { data }, SERVER), 200);
}

function alerts(effects: readonly ScomoEffect[]) {
  return effects.flatMap((e) => (e.kind === 'alert' ? [e.alert] : []));
}

function kinds(effects: readonly ScomoEffect[]): string[] {
  return effects.map((e) => e.kind);
}

describe('DownloadInstall end to end on the device', () => {
  test('Status progression is visible by Get at every step; the alert reports each component', () => {
    const { tree, mo } = device();
    addDownload(tree, 'app7', {
      PkgID: 'com.example.app7-2.0',
      Name: 'App 7',
      PkgURL: 'https://repo/app7.tgz',
    });
    assert.equal(leaf(tree, `${DL}/app7/Status`), '10', 'initial value');
    assert.equal(
      tree.exec(`${DL}/app7/Operations/DownloadInstall`, { correlator: 'corr-42' }, SERVER).status,
      202,
    );
    assert.equal(leaf(tree, `${DL}/app7/Status`), '30');
    assert.deepEqual(kinds(mo.drainEffects()), ['download']);

    const revision = tree.revision;
    assert.deepEqual(mo.dispatch({ type: 'downloadProgress', opId: 'op-1', bytes: 10, total: 100 }), {
      applied: true,
    });
    assert.equal(tree.revision, revision, 'progress is not a tree change (nothing for the agent to save)');
    assert.equal(leaf(tree, `${DL}/app7/Status`), '30');
    assert.deepEqual(mo.drainEffects(), []);

    mo.dispatch({ type: 'downloadDone', opId: 'op-1', bytes: 100 });
    assert.equal(leaf(tree, `${DL}/app7/Status`), '50');
    assert.equal(leaf(tree, `${DV}/app7/Status`), '40');
    assert.equal(leaf(tree, `${DV}/app7/State`), '10');
    assert.equal(leaf(tree, `${DV}/app7/PkgID`), 'com.example.app7-2.0');
    assert.equal(leaf(tree, `${DV}/app7/Name`), 'App 7');
    assert.deepEqual(mo.journal().packages, { app7: { origin: 'download', bytes: 100 } });
    assert.deepEqual(kinds(mo.drainEffects()), ['install']);

    mo.dispatch({
      type: 'installDone',
      opId: 'op-1',
      components: [
        { id: 'com.example.app7', name: 'App 7', version: '2.0' },
        { id: 'com.example.app7.widget', version: '2.0' },
      ],
    });
    assert.equal(leaf(tree, `${DL}/app7/Status`), '10', 'back to idle on success (MediaTek)');
    assert.equal(leaf(tree, `${DV}/app7/State`), '20');
    assert.equal(leaf(tree, `${DV}/app7/Status`), '10');
    assert.equal(leaf(tree, DP), 'com.example.app7/com.example.app7.widget');
    assert.equal(leaf(tree, `${DP}/com.example.app7/State`), '20');
    assert.equal(leaf(tree, `${DP}/com.example.app7.widget/PkgIDRef`), 'com.example.app7-2.0');
    const effects = mo.drainEffects();
    assert.deepEqual(alerts(effects), [
      {
        correlator: 'corr-42',
        items: [
          {
            source: `${DL}/app7/Operations/DownloadInstall`,
            target: `${DP}/com.example.app7`,
            type: TYPE,
            format: 'xml',
            mark: 'informational',
            data: '<ResultCode>1200</ResultCode><Identifier>com.example.app7</Identifier>',
          },
          {
            source: `${DL}/app7/Operations/DownloadInstall`,
            target: `${DP}/com.example.app7.widget`,
            type: TYPE,
            format: 'xml',
            mark: 'informational',
            data: '<ResultCode>1200</ResultCode><Identifier>com.example.app7.widget</Identifier>',
          },
        ],
      },
    ]);
    assert.equal(mo.pendingAlerts().length, 1);
    assert.deepEqual(mo.dispatch({ type: 'alertQueued', opId: 'op-1' }), { applied: true });
    assert.deepEqual(mo.pendingAlerts(), []);
    assert.deepEqual(mo.journal().operations, []);
  });

  test('no correlator on the Exec: none on the alert; an odd correlator is echoed byte for byte', () => {
    for (const correlator of [undefined, ' spaced <&> corr ']) {
      const { tree, mo } = device();
      addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
      tree.exec(`${DL}/p/Operations/Download`, correlator === undefined ? {} : { correlator }, SERVER);
      mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
      const [alert] = alerts(mo.drainEffects());
      assert.ok(alert !== undefined);
      if (correlator === undefined) assert.equal('correlator' in alert, false);
      else assert.equal(alert.correlator, correlator);
      // Download alone reports about the delivered package, identified by PkgID.
      assert.deepEqual(
        alert.items.map((i) => [i.target, i.data]),
        [[`${DV}/p`, '<ResultCode>1200</ResultCode><Identifier>pkg</Identifier>']],
      );
      assert.equal(leaf(tree, `${DL}/p/Status`), '40');
      assert.equal(leaf(tree, `${DV}/p/State`), '10');
    }
  });

  test('identifiers are XML-escaped in the Data', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'a&b<c>', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/Download`, {}, SERVER);
    mo.dispatch({ type: 'downloadFailed', opId: 'op-1', resultCode: 1402 });
    assert.equal(
      alerts(mo.drainEffects())[0]?.items[0]?.data,
      '<ResultCode>1402</ResultCode><Identifier>a&amp;b&lt;c&gt;</Identifier>',
    );
  });

  test('download failures: Status 20, the code about Download/<x>, Mark by severity', () => {
    for (const [code, mark] of [
      [1402, 'warning'],
      [1403, 'warning'],
      [1404, 'critical'],
      [1500, 'warning'],
      [1501, 'warning'],
    ] as const) {
      const { tree, mo } = device();
      addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
      tree.exec(`${DL}/p/Operations/DownloadInstall`, { correlator: 'c' }, SERVER);
      mo.dispatch({ type: 'downloadFailed', opId: 'op-1', resultCode: code });
      assert.equal(leaf(tree, `${DL}/p/Status`), '20');
      assert.equal(tree.get(`${DV}/p`, SERVER).status, 404, 'nothing delivered');
      const item = alerts(mo.drainEffects())[0]?.items[0];
      assert.deepEqual(
        [item?.target, item?.mark, item?.data],
        [`${DL}/p`, mark, `<ResultCode>${code}</ResultCode><Identifier>pkg</Identifier>`],
      );
    }
  });

  test('install failure with the package kept: Download 60, Delivered 50, reported about the package', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/DownloadInstall`, {}, SERVER);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    mo.drainEffects();
    mo.dispatch({ type: 'installFailed', opId: 'op-1', resultCode: 1405 });
    assert.equal(leaf(tree, `${DL}/p/Status`), '60');
    assert.equal(leaf(tree, `${DV}/p/Status`), '50');
    assert.equal(leaf(tree, `${DV}/p/State`), '10');
    const [alert] = alerts(mo.drainEffects());
    assert.deepEqual(
      alert?.items.map((i) => [i.target, i.mark, i.data]),
      [[`${DV}/p`, 'critical', '<ResultCode>1405</ResultCode><Identifier>pkg</Identifier>']],
    );
    // The kept package can be installed again.
    assert.equal(tree.exec(`${DV}/p/Operations/Install`, {}, SERVER).status, 202);
  });

  test('install failure with the package deleted (bad signature): Download 70, Delivered/<x> gone', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/DownloadInstall`, {}, SERVER);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    mo.drainEffects();
    mo.dispatch({ type: 'installFailed', opId: 'op-1', resultCode: 1407, packageKept: false });
    assert.equal(leaf(tree, `${DL}/p/Status`), '70');
    assert.equal(tree.get(`${DV}/p`, SERVER).status, 404);
    assert.deepEqual(mo.journal().packages, {});
    const effects = mo.drainEffects();
    assert.deepEqual(kinds(effects), ['discardPackage', 'alert']);
    assert.equal(alerts(effects)[0]?.items[0]?.target, `${DL}/p`);
  });

  test('DownloadInstallActivate: installed Inactive with Status 50, activated, one success per component', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    assert.equal(
      tree.exec(`${DL}/p/Operations/DownloadInstallActivate`, { correlator: 'dia' }, SERVER).status,
      202,
    );
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    const install = mo.drainEffects().find((e) => e.kind === 'install');
    assert.equal(install?.kind === 'install' && install.active, false, 'installed Inactive first');
    mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'x' }, { id: 'y' }] });
    assert.equal(leaf(tree, `${DL}/p/Status`), '50');
    assert.equal(leaf(tree, `${DP}/x/State`), '10');
    assert.equal(leaf(tree, `${DP}/x/Status`), '50');
    assert.deepEqual(mo.drainEffects(), [
      {
        kind: 'activate',
        opId: 'op-1',
        components: [
          { node: 'x', id: 'x' },
          { node: 'y', id: 'y' },
        ],
        resume: false,
      },
    ]);
    assert.equal(
      tree.exec(`${DP}/x/Operations/Deactivate`, {}, SERVER).status,
      503,
      'components being activated are busy',
    );
    mo.dispatch({ type: 'activateDone', opId: 'op-1' });
    assert.equal(leaf(tree, `${DL}/p/Status`), '10');
    assert.deepEqual([leaf(tree, `${DP}/x/State`), leaf(tree, `${DP}/y/State`)], ['20', '20']);
    assert.deepEqual([leaf(tree, `${DP}/x/Status`), leaf(tree, `${DP}/y/Status`)], ['10', '10']);
    const [alert] = alerts(mo.drainEffects());
    assert.equal(alert?.correlator, 'dia');
    assert.deepEqual(
      alert?.items.map((i) => [i.source, i.target, i.data]),
      [
        [
          `${DL}/p/Operations/DownloadInstallActivate`,
          `${DP}/x`,
          '<ResultCode>1200</ResultCode><Identifier>x</Identifier>',
        ],
        [
          `${DL}/p/Operations/DownloadInstallActivate`,
          `${DP}/y`,
          '<ResultCode>1200</ResultCode><Identifier>y</Identifier>',
        ],
      ],
    );
  });

  test('DownloadInstallActivate whose activation fails: installed, Inactive, Status 40, 1409', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/DownloadInstallActivate`, {}, SERVER);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'x' }] });
    mo.dispatch({ type: 'activateFailed', opId: 'op-1', resultCode: 1409 });
    assert.deepEqual(
      [leaf(tree, `${DP}/x/State`), leaf(tree, `${DP}/x/Status`), leaf(tree, `${DL}/p/Status`)],
      ['10', '40', '10'],
    );
    assert.equal(
      alerts(mo.drainEffects())[0]?.items[0]?.data,
      '<ResultCode>1409</ResultCode><Identifier>x</Identifier>',
    );
  });
});

describe('operations on delivered packages and deployed components', () => {
  function installed(): ReturnType<typeof device> {
    const d = device();
    addDownload(d.tree, 'p', { PkgID: 'pkg-1', PkgURL: 'https://r/p1' });
    d.tree.exec(`${DL}/p/Operations/DownloadInstallInactive`, {}, SERVER);
    d.mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    d.mo.dispatch({
      type: 'installDone',
      opId: 'op-1',
      components: [{ id: 'svc', version: '1.0', description: 'old' }],
    });
    d.mo.dispatch({ type: 'alertQueued', opId: 'op-1' });
    d.mo.drainEffects();
    return d;
  }

  test('Activate then Deactivate: State and Status follow, one alert each', () => {
    const { tree, mo } = installed();
    assert.equal(leaf(tree, `${DP}/svc/State`), '10');
    tree.exec(`${DP}/svc/Operations/Activate`, { correlator: 'a' }, SERVER);
    mo.dispatch({ type: 'activateDone', opId: 'op-2' });
    assert.deepEqual([leaf(tree, `${DP}/svc/State`), leaf(tree, `${DP}/svc/Status`)], ['20', '10']);
    tree.exec(`${DP}/svc/Operations/Deactivate`, { correlator: 'd' }, SERVER);
    assert.equal(leaf(tree, `${DP}/svc/Status`), '70');
    mo.dispatch({ type: 'deactivateFailed', opId: 'op-3', resultCode: 1410 });
    assert.deepEqual([leaf(tree, `${DP}/svc/State`), leaf(tree, `${DP}/svc/Status`)], ['20', '60']);
    const reported = alerts(mo.drainEffects());
    assert.deepEqual(
      reported.map((a) => [a.correlator, a.items[0]?.data]),
      [
        ['a', '<ResultCode>1200</ResultCode><Identifier>svc</Identifier>'],
        ['d', '<ResultCode>1410</ResultCode><Identifier>svc</Identifier>'],
      ],
    );
    // Deactivate fails again from the failed state (the component is still Active).
    assert.equal(tree.exec(`${DP}/svc/Operations/Deactivate`, {}, SERVER).status, 202);
    assert.equal(leaf(tree, `${DP}/svc/Status`), '70');
  });

  test('Remove of a component deletes its node; a failed Remove leaves it with Status 20', () => {
    const { tree, mo } = installed();
    tree.exec(`${DP}/svc/Operations/Remove`, {}, SERVER);
    mo.dispatch({ type: 'removeFailed', opId: 'op-2', resultCode: 1408 });
    assert.equal(leaf(tree, `${DP}/svc/Status`), '20');
    tree.exec(`${DP}/svc/Operations/Remove`, { correlator: 'rm' }, SERVER);
    const effect = mo.drainEffects().find((e) => e.kind === 'removeComponent');
    assert.equal(effect?.kind === 'removeComponent' && effect.wasActive, false);
    mo.dispatch({ type: 'removeDone', opId: 'op-3' });
    assert.equal(tree.get(`${DP}/svc`, SERVER).status, 404);
    assert.equal(leaf(tree, DP), '');
    const [done] = alerts(mo.drainEffects());
    assert.deepEqual(
      done?.items.map((i) => [i.target, i.data]),
      [[`${DP}/svc`, '<ResultCode>1200</ResultCode><Identifier>svc</Identifier>']],
    );
  });

  test('Remove of a delivered package deletes its node and keeps the components', () => {
    const { tree, mo } = installed();
    tree.exec(`${DV}/p/Operations/Remove`, {}, SERVER);
    mo.dispatch({ type: 'removeDone', opId: 'op-2' });
    assert.equal(tree.get(`${DV}/p`, SERVER).status, 404);
    assert.equal(leaf(tree, `${DP}/svc/ID`), 'svc');
    assert.deepEqual(mo.journal().packages, {});
    assert.equal(alerts(mo.drainEffects())[0]?.items[0]?.target, `${DV}/p`);
  });

  test('update in place: installing a component id that is deployed keeps its node, new Version', () => {
    const { tree, mo } = installed();
    addDownload(tree, 'p2', { PkgID: 'pkg-2', PkgURL: 'https://r/p2' });
    tree.exec(`${DL}/p2/Operations/DownloadInstall`, { correlator: 'upd' }, SERVER);
    mo.dispatch({ type: 'downloadDone', opId: 'op-2' });
    mo.dispatch({ type: 'installDone', opId: 'op-2', components: [{ id: 'svc', version: '2.0' }] });
    assert.equal(leaf(tree, DP), 'svc', 'same single node');
    assert.equal(leaf(tree, `${DP}/svc/Version`), '2.0');
    assert.equal(leaf(tree, `${DP}/svc/PkgIDRef`), 'pkg-2');
    assert.equal(leaf(tree, `${DP}/svc/State`), '20', 'DownloadInstall makes it Active');
    assert.equal(tree.get(`${DP}/svc/Description`, SERVER).status, 404, 'the new version has no description');
    assert.equal(alerts(mo.drainEffects())[0]?.items[0]?.target, `${DP}/svc`);
  });

  test('component ids that are not node names get a usable, unique node name', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/DownloadInstall`, {}, SERVER);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    mo.dispatch({
      type: 'installDone',
      opId: 'op-1',
      components: [{ id: 'a/b' }, { id: 'a?b' }, { id: '..' }],
    });
    assert.equal(leaf(tree, DP), 'a_b/a_b-2/_');
    assert.equal(leaf(tree, `${DP}/a_b-2/ID`), 'a?b');
  });

  test('install with no components reported: the alert speaks of the package', () => {
    const { tree, mo } = device();
    addDownload(tree, 'p', { PkgID: 'pkg', PkgURL: 'https://r/p' });
    tree.exec(`${DL}/p/Operations/DownloadInstall`, {}, SERVER);
    mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
    mo.dispatch({ type: 'installDone', opId: 'op-1', components: [] });
    assert.deepEqual(
      alerts(mo.drainEffects())[0]?.items.map((i) => i.target),
      [`${DV}/p`],
    );
  });
});
