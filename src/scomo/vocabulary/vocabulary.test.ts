import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isAcceptedAlertFormat,
  isOperationCompleteType,
  isScomoMoId,
  SCOMO_ALERT_TYPES,
  SCOMO_MO_IDS,
  scomoVersionOf,
} from './identity.ts';
import { DELIVERED_LEAVES, DEPLOYED_LEAVES, DOWNLOAD_LEAVES, serverWritableLeaves } from './nodes.ts';
import { installModeOf, isOperationOf, OPERATION_NODES, OPERATIONS } from './operations.ts';
import {
  isFailureResult,
  isResultCode,
  isSuccessResult,
  markForResult,
  resultCodeInfo,
  resultMeaning,
  SCOMO_RESULTS,
} from './result-codes.ts';
import {
  DELIVERED_STATUS,
  DEPLOYED_STATUS,
  DOWNLOAD_STATUS,
  deliveredStateOf,
  deliveredStatusOf,
  deployedStateOf,
  deployedStatusOf,
  downloadStatusOf,
  parseIntLeaf,
} from './states.ts';

describe('identity', () => {
  test('both MO identifiers map to their version; anything else is not SCOMO', () => {
    assert.equal(scomoVersionOf('urn:oma:mo:oma-scomo:1.0'), '1.0');
    assert.equal(scomoVersionOf(' URN:OMA:MO:OMA-SCOMO:1.1 '), '1.1');
    assert.equal(scomoVersionOf('urn:oma:mo:oma-fumo:1.0'), undefined);
    assert.equal(isScomoMoId(SCOMO_MO_IDS['1.0']), true);
    assert.equal(isScomoMoId('urn:oma:mo:oma-scomo:2.0'), false);
    assert.equal(isScomoMoId(undefined), false);
  });

  test('OperationComplete: the OMNA type and the legacy Nokia type are both accepted', () => {
    assert.equal(isOperationCompleteType(SCOMO_ALERT_TYPES.operationComplete), true);
    assert.equal(isOperationCompleteType(SCOMO_ALERT_TYPES.legacyOperationComplete), true);
    assert.equal(
      isOperationCompleteType(
        'Reversed-Domain-Name: org.openmobilealliance.dm.softwarecomponent.OperationComplete',
      ),
      true,
    );
    assert.equal(isOperationCompleteType('urn:oma:at:fumo:1.0:OperationComplete'), false);
    assert.equal(isOperationCompleteType(null), false);
  });

  test('alert formats xml, chr and text/plain are accepted, b64 is not', () => {
    for (const f of ['xml', 'chr', 'text/plain', 'XML', ' text/plain '])
      assert.equal(isAcceptedAlertFormat(f), true, f);
    for (const f of ['b64', 'bin', '', null]) assert.equal(isAcceptedAlertFormat(f), false, String(f));
  });
});

describe('state and status values (reference §1.5)', () => {
  test('Download Status: every value and its name', () => {
    const expected = {
      10: 'idle',
      20: 'downloadFailed',
      30: 'downloading',
      40: 'downloaded',
      50: 'installing',
      60: 'installFailedKept',
      70: 'installFailedDeleted',
    };
    for (const [code, name] of Object.entries(expected))
      assert.equal(downloadStatusOf(Number(code))?.name, name);
    assert.equal(downloadStatusOf(80), undefined);
    assert.match(downloadStatusOf(60)?.meaning ?? '', /still on the device/);
    assert.equal(Object.keys(DOWNLOAD_STATUS).length, 7);
  });

  test('Delivered Status: every value; 70 is read as an alias of 60 and keeps its code', () => {
    const expected = {
      10: 'idle',
      20: 'removeFailed',
      30: 'removing',
      40: 'installing',
      50: 'installFailed',
      60: 'installFailedDeleted',
    };
    for (const [code, name] of Object.entries(expected))
      assert.equal(deliveredStatusOf(Number(code))?.name, name);
    assert.deepEqual(deliveredStatusOf(70), {
      name: 'installFailedDeleted',
      code: 70,
      meaning: DELIVERED_STATUS.installFailedDeleted.meaning,
    });
    assert.equal(deliveredStatusOf(80), undefined);
  });

  test('Deployed Status: every value', () => {
    const expected = {
      10: 'idle',
      20: 'removeFailed',
      30: 'removing',
      40: 'activateFailed',
      50: 'activating',
      60: 'deactivateFailed',
      70: 'deactivating',
    };
    for (const [code, name] of Object.entries(expected))
      assert.equal(deployedStatusOf(Number(code))?.name, name);
    assert.equal(deployedStatusOf(15), undefined);
    assert.equal(Object.keys(DEPLOYED_STATUS).length, 7);
  });

  test('State values of Delivered and Deployed', () => {
    assert.equal(deliveredStateOf(10)?.name, 'delivered');
    assert.equal(deliveredStateOf(20)?.name, 'installed');
    assert.equal(deployedStateOf(10)?.name, 'inactive');
    assert.equal(deployedStateOf(20)?.name, 'active');
    assert.equal(deployedStateOf(30), undefined);
    assert.equal(deliveredStateOf(0), undefined);
  });

  test('int leaves parse leniently but never accept garbage', () => {
    assert.equal(parseIntLeaf('20'), 20);
    assert.equal(parseIntLeaf(' 10 '), 10);
    assert.equal(parseIntLeaf('1e1'), undefined);
    assert.equal(parseIntLeaf(''), undefined);
    assert.equal(parseIntLeaf(new Uint8Array([0x31])), undefined);
    assert.equal(parseIntLeaf(undefined), undefined);
  });
});

describe('result codes (reference §1.9)', () => {
  test('every named code resolves to itself with its meaning and a severity', () => {
    for (const [name, entry] of Object.entries(SCOMO_RESULTS)) {
      const info = resultCodeInfo(entry.code);
      assert.equal(info?.name, name);
      assert.equal(info?.meaning, entry.meaning);
      assert.equal(info?.vendor, false);
      assert.equal(info?.mark, entry.mark);
    }
    assert.equal(resultCodeInfo(1413)?.meaning, 'Operation rejected: unsupported environment type');
    assert.equal(resultCodeInfo(1403)?.category, 'client-error');
    assert.equal(resultCodeInfo(1501)?.category, 'download-server-error');
  });

  test('vendor ranges: 1250–1299 success, 1450–1499 client error, 1550–1599 download server error', () => {
    assert.deepEqual(
      [1250, 1299, 1451, 1499, 1551, 1599].map((c) => [
        resultCodeInfo(c)?.category,
        resultCodeInfo(c)?.vendor,
      ]),
      [
        ['success', true],
        ['success', true],
        ['client-error', true],
        ['client-error', true],
        ['download-server-error', true],
        ['download-server-error', true],
      ],
    );
    assert.match(resultMeaning(1482), /vendor-specified \(1482\)/);
    assert.equal(resultCodeInfo(1420)?.vendor, false, 'an unnamed code in the OMA part of a range');
  });

  test('codes outside every range are unknown', () => {
    for (const c of [200, 1199, 1300, 1399, 1600, 1200.5])
      assert.equal(resultCodeInfo(c), undefined, String(c));
    assert.match(resultMeaning(1300), /Unknown/);
    assert.equal(isResultCode(1300), false);
    assert.equal(isResultCode('1200'), false);
  });

  test('success is 1200–1299; failures are 14xx and 15xx', () => {
    assert.equal(isSuccessResult(1200), true);
    assert.equal(isSuccessResult(1299), true);
    assert.equal(isSuccessResult(1400), false);
    assert.equal(isFailureResult(1405), true);
    assert.equal(isFailureResult(1555), true);
    assert.equal(isFailureResult(1200), false);
    assert.equal(isFailureResult(500), false);
  });

  test('Mark severity by result: informational only for success', () => {
    assert.equal(markForResult(1200), 'informational');
    assert.equal(markForResult(1260), 'informational');
    assert.equal(markForResult(1401), 'warning');
    assert.equal(markForResult(1402), 'warning');
    assert.equal(markForResult(1501), 'warning');
    assert.equal(markForResult(1411), 'minor');
    assert.equal(markForResult(1413), 'minor');
    assert.equal(markForResult(1405), 'critical');
    assert.equal(markForResult(1404), 'critical');
    assert.equal(markForResult(1460), 'critical');
    assert.equal(markForResult(1560), 'warning');
    assert.equal(markForResult(999), 'critical');
  });
});

describe('operations and leaves', () => {
  test('operation leaves per object kind, DownloadInstallActivate flagged as the scomo extension', () => {
    assert.deepEqual(OPERATION_NODES.download, [
      'Download',
      'DownloadInstall',
      'DownloadInstallInactive',
      'DownloadInstallActivate',
    ]);
    assert.deepEqual(OPERATION_NODES.delivered, ['Install', 'InstallInactive', 'Remove']);
    assert.deepEqual(OPERATION_NODES.deployed, ['Activate', 'Deactivate', 'Remove']);
    const extensions = Object.entries(OPERATIONS)
      .filter(([, info]) => info.extension)
      .map(([name]) => name);
    assert.deepEqual(extensions, ['DownloadInstallActivate']);
    assert.deepEqual(OPERATIONS.DownloadInstallActivate.steps, ['download', 'install', 'activate']);
  });

  test('isOperationOf checks the kind; installModeOf says how components are created', () => {
    assert.equal(isOperationOf('deployed', 'Remove'), true);
    assert.equal(isOperationOf('delivered', 'Remove'), true);
    assert.equal(isOperationOf('download', 'Remove'), false);
    assert.equal(isOperationOf('deployed', 'Install'), false);
    assert.equal(installModeOf('DownloadInstall'), 'active');
    assert.equal(installModeOf('DownloadInstallInactive'), 'inactive');
    assert.equal(installModeOf('DownloadInstallActivate'), 'inactive');
    assert.equal(installModeOf('InstallInactive'), 'inactive');
    assert.equal(installModeOf('Download'), undefined);
    assert.equal(installModeOf('Activate'), undefined);
    assert.equal(OPERATIONS.Activate.failureCode, 1409);
    assert.equal(OPERATIONS.Remove.failureCode, 1408);
  });

  test('leaf tables: formats and which leaves a server writes', () => {
    assert.equal(DOWNLOAD_LEAVES.Status.format, 'int');
    assert.equal(DELIVERED_LEAVES.Data.format, 'bin');
    assert.equal(DEPLOYED_LEAVES.State.format, 'int');
    assert.deepEqual(serverWritableLeaves('download'), [
      'PkgID',
      'Name',
      'PkgURL',
      'InstallParams',
      'Description',
      'EnvType',
      'PkgType',
    ]);
    assert.deepEqual(serverWritableLeaves('delivered'), [
      'PkgID',
      'Data',
      'Name',
      'Description',
      'InstallParams',
      'EnvType',
      'PkgType',
    ]);
    assert.deepEqual(serverWritableLeaves('deployed'), []);
  });
});
