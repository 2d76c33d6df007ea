import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { DmTree } from '../../tree/index.ts';
import { device, leaf, SERVER } from '../test-support.ts';
import { createScomoMo, mountScomoMo } from './mo.ts';
import type { ScomoMoOptions } from './mo.ts';

const R = './SCOMO';

function format(tree: DmTree, uri: string): string | undefined {
  const got = tree.get(`${uri}?prop=Format`, SERVER);
  return got.status === 200 && got.result.kind === 'value' ? String(got.result.data) : undefined;
}

/** A device with one object of each kind, made through the public paths (server Add, agent events). */
function populated() {
  const d = device();
  const { tree, mo } = d;
  assert.equal(tree.add(`${R}/Download/p1`, { format: 'node' }, SERVER), 200);
  assert.equal(tree.add(`${R}/Download/p1/PkgID`, { data: 'pkg-1' }, SERVER), 200);
  assert.equal(tree.add(`${R}/Download/p1/PkgURL`, { data: 'https://repo/p1' }, SERVER), 200);
  assert.equal(tree.exec(`${R}/Download/p1/Operations/DownloadInstall`, {}, SERVER).status, 202);
  mo.dispatch({ type: 'downloadDone', opId: 'op-1' });
  mo.dispatch({
    type: 'installDone',
    opId: 'op-1',
    components: [{ id: 'c1', name: 'C1', version: '1.0', description: 'd', envType: 'linux' }],
  });
  mo.dispatch({ type: 'alertQueued', opId: 'op-1' });
  return d;
}

describe('SCOMO MO layout (reference §1.2–1.3)', () => {
  test('the root carries the SCOMO MOID as its Type property; 1.1 when asked', () => {
    const { tree } = device();
    assert.equal(leaf(tree, `${R}?prop=Type`), 'urn:oma:mo:oma-scomo:1.0');
    const other = new DmTree();
    mountScomoMo({ tree: other, version: '1.1', root: './Vendor/SCM' });
    assert.equal(leaf(other, './Vendor/SCM?prop=Type'), 'urn:oma:mo:oma-scomo:1.1');
  });

  test('the fixed nodes and their child lists', () => {
    const { tree } = device();
    assert.equal(leaf(tree, R), 'Download/Inventory/Ext');
    assert.equal(leaf(tree, `${R}/Inventory`), 'Delivered/Deployed');
    assert.equal(leaf(tree, `${R}/Download`), '');
    assert.equal(leaf(tree, `${R}/Inventory/Delivered`), '');
    assert.equal(leaf(tree, `${R}/Inventory/Deployed`), '');
    for (const uri of [
      R,
      `${R}/Download`,
      `${R}/Inventory`,
      `${R}/Inventory/Delivered`,
      `${R}/Inventory/Deployed`,
    ]) {
      assert.equal(format(tree, uri), 'node', uri);
    }
  });

  test('every node of every object, with its Format', () => {
    const { tree } = populated();
    const expected: Record<string, string> = {
      [`${R}/Download/p1`]: 'node',
      [`${R}/Download/p1/PkgID`]: 'chr',
      [`${R}/Download/p1/PkgURL`]: 'chr',
      [`${R}/Download/p1/Status`]: 'int',
      [`${R}/Download/p1/Operations`]: 'node',
      [`${R}/Download/p1/Operations/Download`]: 'null',
      [`${R}/Download/p1/Operations/DownloadInstall`]: 'null',
      [`${R}/Download/p1/Operations/DownloadInstallInactive`]: 'null',
      [`${R}/Download/p1/Operations/DownloadInstallActivate`]: 'null',
      [`${R}/Inventory/Delivered/p1`]: 'node',
      [`${R}/Inventory/Delivered/p1/PkgID`]: 'chr',
      [`${R}/Inventory/Delivered/p1/Data`]: 'bin',
      [`${R}/Inventory/Delivered/p1/Status`]: 'int',
      [`${R}/Inventory/Delivered/p1/State`]: 'int',
      [`${R}/Inventory/Delivered/p1/Operations/Install`]: 'null',
      [`${R}/Inventory/Delivered/p1/Operations/InstallInactive`]: 'null',
      [`${R}/Inventory/Delivered/p1/Operations/Remove`]: 'null',
      [`${R}/Inventory/Deployed/c1`]: 'node',
      [`${R}/Inventory/Deployed/c1/ID`]: 'chr',
      [`${R}/Inventory/Deployed/c1/PkgIDRef`]: 'chr',
      [`${R}/Inventory/Deployed/c1/Name`]: 'chr',
      [`${R}/Inventory/Deployed/c1/Description`]: 'chr',
      [`${R}/Inventory/Deployed/c1/Version`]: 'chr',
      [`${R}/Inventory/Deployed/c1/State`]: 'int',
      [`${R}/Inventory/Deployed/c1/Status`]: 'int',
      [`${R}/Inventory/Deployed/c1/EnvType`]: 'chr',
      [`${R}/Inventory/Deployed/c1/Operations/Activate`]: 'null',
      [`${R}/Inventory/Deployed/c1/Operations/Deactivate`]: 'null',
      [`${R}/Inventory/Deployed/c1/Operations/Remove`]: 'null',
    };
    for (const [uri, f] of Object.entries(expected)) assert.equal(format(tree, uri), f, uri);
    const values: Record<string, string> = {
      [`${R}/Download/p1/Status`]: '10',
      [`${R}/Inventory/Delivered/p1/PkgID`]: 'pkg-1',
      [`${R}/Inventory/Delivered/p1/Status`]: '10',
      [`${R}/Inventory/Delivered/p1/State`]: '20',
      [`${R}/Inventory/Deployed/c1/ID`]: 'c1',
      [`${R}/Inventory/Deployed/c1/PkgIDRef`]: 'pkg-1',
      [`${R}/Inventory/Deployed/c1/Name`]: 'C1',
      [`${R}/Inventory/Deployed/c1/Version`]: '1.0',
      [`${R}/Inventory/Deployed/c1/State`]: '20',
      [`${R}/Inventory/Deployed/c1/Status`]: '10',
      [`${R}/Inventory/Deployed/c1/EnvType`]: 'linux',
      [`${R}/Inventory/Deployed/c1`]: 'ID/PkgIDRef/Name/Description/Version/State/Status/EnvType/Operations',
      [`${R}/Inventory/Deployed/c1/Operations`]: 'Activate/Deactivate/Remove',
    };
    for (const [uri, v] of Object.entries(values)) assert.equal(leaf(tree, uri), v, uri);
  });

  test('Status and State are Get-only: a server cannot Replace, Add or Delete them', () => {
    const { tree } = populated();
    for (const uri of [
      `${R}/Download/p1/Status`,
      `${R}/Inventory/Delivered/p1/State`,
      `${R}/Inventory/Deployed/c1/Status`,
    ]) {
      assert.equal(tree.replace(uri, { format: 'int', data: '40' }, SERVER), 405, uri);
      assert.equal(tree.delete(uri, SERVER), 405, uri);
    }
    assert.equal(tree.add(`${R}/Download/p1/Status`, { format: 'int', data: '40' }, SERVER), 405);
    assert.equal(leaf(tree, `${R}/Download/p1/Status`), '10');
  });

  test('Deployed belongs to the device: no Add, Replace or Delete by a server', () => {
    const { tree } = populated();
    assert.equal(tree.add(`${R}/Inventory/Deployed/x`, { format: 'node' }, SERVER), 405);
    assert.equal(tree.add(`${R}/Inventory/Deployed/c1/Foo`, { data: 'x' }, SERVER), 405);
    assert.equal(tree.replace(`${R}/Inventory/Deployed/c1/Version`, { data: '9' }, SERVER), 405);
    assert.equal(tree.delete(`${R}/Inventory/Deployed/c1`, SERVER), 405);
    assert.equal(leaf(tree, `${R}/Inventory/Deployed/c1/Version`), '1.0');
  });

  test('Operations leaves are Exec-only; Data is write-only; fixed nodes cannot be deleted', () => {
    const { tree } = populated();
    assert.equal(tree.get(`${R}/Download/p1/Operations/Download`, SERVER).status, 405);
    assert.equal(tree.replace(`${R}/Download/p1/Operations/Download`, { data: '' }, SERVER), 405);
    assert.equal(tree.get(`${R}/Inventory/Delivered/p1/Data`, SERVER).status, 405);
    assert.equal(tree.exec(`${R}/Download/p1/PkgID`, {}, SERVER).status, 405, 'not an operation');
    assert.equal(tree.exec(`${R}/Download/p1/Operations/Nope`, {}, SERVER).status, 404);
    assert.equal(tree.exec(`${R}/Download/p9/Operations/Download`, {}, SERVER).status, 404);
    for (const uri of [
      R,
      `${R}/Download`,
      `${R}/Inventory`,
      `${R}/Inventory/Delivered`,
      `${R}/Download/p1/Operations`,
    ]) {
      assert.equal(tree.delete(uri, SERVER), 405, uri);
    }
    assert.equal(tree.add(`${R}/Foo`, { format: 'node' }, SERVER), 405);
  });

  test('servers Add Download/<x> and Delivered/<x> with their own leaves only', () => {
    const { tree } = device();
    assert.equal(
      tree.add(`${R}/Download/p2`, { data: 'a leaf' }, SERVER),
      405,
      'an object is an interior node',
    );
    assert.equal(tree.add(`${R}/Download/p2`, { format: 'node' }, SERVER), 200);
    assert.equal(leaf(tree, `${R}/Download/p2`), 'Status/Operations', 'the device lays out its part at once');
    for (const name of ['PkgID', 'Name', 'PkgURL', 'InstallParams', 'Description', 'EnvType', 'PkgType']) {
      assert.equal(tree.add(`${R}/Download/p2/${name}`, { data: 'v' }, SERVER), 200, name);
    }
    assert.equal(tree.add(`${R}/Download/p2/Unknown`, { data: 'v' }, SERVER), 405);
    assert.equal(tree.add(`${R}/Download/p2/Ext/Vendor`, { data: 'v' }, SERVER), 200);
    assert.equal(tree.replace(`${R}/Download/p2/PkgURL`, { data: 'https://new' }, SERVER), 200);
    // Implicit parent creation still gets the device-maintained part.
    assert.equal(tree.add(`${R}/Inventory/Delivered/d9/PkgID`, { data: 'pkg-9' }, SERVER), 200);
    assert.equal(leaf(tree, `${R}/Inventory/Delivered/d9/Status`), '10');
    assert.equal(leaf(tree, `${R}/Inventory/Delivered/d9/State`), '10');
    assert.equal(tree.delete(`${R}/Download/p2`, SERVER), 200);
  });

  test('the ACL option restricts the MO to the named server', () => {
    const { tree } = device({ acl: 'Add=srv&Delete=srv&Exec=srv&Get=srv&Replace=srv' });
    assert.equal(tree.get(R, SERVER).status, 200);
    const other = { serverId: 'intruder' };
    assert.equal(tree.get(R, other).status, 425);
    assert.equal(tree.add(`${R}/Download/p`, { format: 'node' }, other), 425);
  });

  test('the journal is device-private: not in listings, not readable, not removable', () => {
    const { tree } = populated();
    assert.equal(leaf(tree, `${R}/Ext`), 'Scomo');
    const list = tree.get(`${R}?list=StructData`, SERVER);
    assert.equal(list.status, 200);
    assert.ok(list.status === 200 && list.result.kind === 'list');
    assert.equal(
      list.result.entries.some((e) => e.uri.includes('/Ext/Scomo')),
      false,
    );
    assert.equal(tree.get(`${R}/Ext/Scomo/Journal`, SERVER).status, 405);
    assert.equal(tree.delete(`${R}/Ext/Scomo`, SERVER), 405);
    assert.equal(tree.delete(`${R}/Ext`, SERVER), 405);
  });

  test('layout is idempotent and keeps what is there; bad options are ScomoErrors', () => {
    const { tree, mo } = populated();
    const revision = tree.revision;
    mo.layout();
    assert.equal(tree.revision, revision, 'nothing changed');
    assert.throws(
      () => createScomoMo({ tree, root: '.' }),
      (e) => isScomoError(e, 'SCOMO_MO_OPTIONS'),
    );
    assert.throws(
      () => createScomoMo({ tree, root: 'a//b' }),
      (e) => isScomoError(e, 'SCOMO_MO_OPTIONS'),
    );
    // Options from an untyped source (JSON config): checked at run time too.
    const untyped = (o: object): ScomoMoOptions => ({ tree, ...o }) as ScomoMoOptions;
    assert.throws(
      () => createScomoMo(untyped({ version: '2.0' })),
      (e) => isScomoError(e, 'SCOMO_MO_OPTIONS'),
    );
    assert.throws(
      () => createScomoMo(untyped({ unsupportedOperations: ['Fly'] })),
      (e) => isScomoError(e, 'SCOMO_MO_OPTIONS'),
    );
  });
});
