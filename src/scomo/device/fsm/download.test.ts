import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOWNLOAD_STATE_STATUS, downloadStateFromStatus, transitionDownload } from './download.ts';
import type { DownloadFsmState } from './download.ts';
import type { ExecFacts, LifecycleEvent } from './types.ts';
import type { ScomoOperation } from '../../vocabulary/operations.ts';

const OK: ExecFacts = {
  busy: false,
  supported: true,
  hasPkgUrl: true,
  hasPackage: true,
  envTypeSupported: true,
};
const exec = (operation: ScomoOperation, facts: Partial<ExecFacts> = {}): LifecycleEvent => ({
  type: 'exec',
  operation,
  facts: { ...OK, ...facts },
});
const comps = [{ id: 'a' }, { id: 'b', version: '2' }];

describe('Download/<x> machine', () => {
  const idle: DownloadFsmState = { name: 'idle' };

  test('Exec of each download operation starts downloading: Status 30 and download work', () => {
    for (const op of [
      'Download',
      'DownloadInstall',
      'DownloadInstallInactive',
      'DownloadInstallActivate',
    ] as const) {
      const t = transitionDownload(idle, exec(op));
      assert.deepEqual(t.state, { name: 'downloading', operation: op });
      assert.deepEqual(t.effects, [
        { do: 'status', of: 'self', code: 30 },
        { do: 'work', work: 'download' },
      ]);
    }
  });

  test('Exec is allowed again from every resting state', () => {
    for (const name of [
      'downloadFailed',
      'downloaded',
      'installFailedKept',
      'installFailedDeleted',
    ] as const) {
      assert.equal(transitionDownload({ name }, exec('Download')).state.name, 'downloading', name);
    }
  });

  test('wrong-state and precondition answers, in their order', () => {
    const busy: DownloadFsmState = { name: 'installing', operation: 'DownloadInstall' };
    assert.deepEqual(transitionDownload(busy, exec('Download')).effects[0], {
      do: 'refuse',
      status: 503,
      reason: 'Download/<x> is busy (installing)',
    });
    assert.equal(transitionDownload(idle, exec('Download', { busy: true })).effects[0]?.do, 'refuse');
    assert.deepEqual(
      transitionDownload(idle, exec('Download', { supported: false, hasPkgUrl: false })).effects,
      [{ do: 'complete', resultCode: 1411, about: 'self' }],
    );
    const noUrl = transitionDownload(idle, exec('Download', { hasPkgUrl: false }));
    assert.deepEqual(noUrl.effects, [{ do: 'refuse', status: 403, reason: 'PkgURL is missing or empty' }]);
    assert.deepEqual(transitionDownload(idle, exec('DownloadInstall', { envTypeSupported: false })), {
      state: idle,
      effects: [{ do: 'complete', resultCode: 1413, about: 'self' }],
    });
    assert.match(transitionDownload(idle, exec('Install')).ignored ?? '', /exec does not apply/);
  });

  test('Download: downloadDone → downloaded (40), package delivered, success about the package', () => {
    const t = transitionDownload({ name: 'downloading', operation: 'Download' }, { type: 'downloadDone' });
    assert.deepEqual(t.state, { name: 'downloaded' });
    assert.deepEqual(t.effects, [
      { do: 'status', of: 'self', code: 40 },
      { do: 'deliver' },
      { do: 'complete', resultCode: 1200, about: 'package' },
    ]);
  });

  test('DownloadInstall(Inactive): downloadDone → installing (50), Delivered 40, install work', () => {
    for (const [op, active] of [
      ['DownloadInstall', true],
      ['DownloadInstallInactive', false],
      ['DownloadInstallActivate', false],
    ] as const) {
      const t = transitionDownload({ name: 'downloading', operation: op }, { type: 'downloadDone' });
      assert.deepEqual(t.state, { name: 'installing', operation: op });
      assert.deepEqual(t.effects, [
        { do: 'status', of: 'self', code: 50 },
        { do: 'deliver' },
        { do: 'status', of: 'package', code: 40 },
        { do: 'work', work: 'install', active },
      ]);
    }
  });

  test('downloadProgress keeps downloading; downloadFailed → 20 and the code about the object', () => {
    const s: DownloadFsmState = { name: 'downloading', operation: 'DownloadInstall' };
    assert.deepEqual(transitionDownload(s, { type: 'downloadProgress' }), { state: s, effects: [] });
    const t = transitionDownload(s, { type: 'downloadFailed', resultCode: 1501 });
    assert.deepEqual(t.state, { name: 'downloadFailed' });
    assert.deepEqual(t.effects, [
      { do: 'status', of: 'self', code: 20 },
      { do: 'complete', resultCode: 1501, about: 'self' },
    ]);
  });

  test('installDone: back to 10, package Installed, components deployed Active or Inactive', () => {
    for (const [op, active] of [
      ['DownloadInstall', true],
      ['DownloadInstallInactive', false],
    ] as const) {
      const t = transitionDownload(
        { name: 'installing', operation: op },
        { type: 'installDone', components: comps },
      );
      assert.deepEqual(t.state, { name: 'idle' });
      assert.deepEqual(t.effects, [
        { do: 'status', of: 'self', code: 10 },
        { do: 'state', of: 'package', code: 20 },
        { do: 'status', of: 'package', code: 10 },
        { do: 'deploy', components: comps, active, status: 10 },
        { do: 'complete', resultCode: 1200, about: 'components' },
      ]);
    }
  });

  test('DownloadInstallActivate: installDone deploys Inactive with Status 50, then activation', () => {
    const s: DownloadFsmState = { name: 'installing', operation: 'DownloadInstallActivate' };
    const t = transitionDownload(s, { type: 'installDone', components: comps });
    assert.deepEqual(t.state, { name: 'activating', operation: 'DownloadInstallActivate' });
    assert.deepEqual(t.effects, [
      { do: 'state', of: 'package', code: 20 },
      { do: 'status', of: 'package', code: 10 },
      { do: 'deploy', components: comps, active: false, status: 50 },
      { do: 'work', work: 'activate' },
    ]);
    const a = { name: 'activating', operation: 'DownloadInstallActivate' } as const;
    assert.deepEqual(transitionDownload(a, { type: 'activateDone' }).effects, [
      { do: 'status', of: 'self', code: 10 },
      { do: 'state', of: 'components', code: 20 },
      { do: 'status', of: 'components', code: 10 },
      { do: 'complete', resultCode: 1200, about: 'components' },
    ]);
    const failed = transitionDownload(a, { type: 'activateFailed', resultCode: 1409 });
    assert.deepEqual(failed.state, { name: 'idle' });
    assert.deepEqual(failed.effects, [
      { do: 'status', of: 'self', code: 10 },
      { do: 'status', of: 'components', code: 40 },
      { do: 'complete', resultCode: 1409, about: 'components' },
    ]);
    assert.equal(DOWNLOAD_STATE_STATUS.activating, 50);
  });

  test('installFailed: 60 with the package kept (Delivered 50), 70 and the package dropped', () => {
    const s: DownloadFsmState = { name: 'installing', operation: 'DownloadInstall' };
    const kept = transitionDownload(s, { type: 'installFailed', resultCode: 1405, packageKept: true });
    assert.deepEqual(kept.state, { name: 'installFailedKept' });
    assert.deepEqual(kept.effects, [
      { do: 'status', of: 'self', code: 60 },
      { do: 'status', of: 'package', code: 50 },
      { do: 'complete', resultCode: 1405, about: 'package' },
    ]);
    const gone = transitionDownload(s, { type: 'installFailed', resultCode: 1407, packageKept: false });
    assert.deepEqual(gone.state, { name: 'installFailedDeleted' });
    assert.deepEqual(gone.effects, [
      { do: 'status', of: 'self', code: 70 },
      { do: 'dropPackage' },
      { do: 'complete', resultCode: 1407, about: 'self' },
    ]);
  });

  test('events out of place are ignored and change nothing', () => {
    const cases: [DownloadFsmState, LifecycleEvent][] = [
      [idle, { type: 'downloadDone' }],
      [{ name: 'installing', operation: 'DownloadInstall' }, { type: 'downloadDone' }],
      [
        { name: 'downloading', operation: 'DownloadInstall' },
        { type: 'installDone', components: [] },
      ],
      [{ name: 'installing', operation: 'DownloadInstall' }, { type: 'activateDone' }],
      [{ name: 'downloading', operation: 'Download' }, { type: 'removeDone' }],
      [{ name: 'activating', operation: 'DownloadInstallActivate' }, { type: 'downloadProgress' }],
      [
        { name: 'installing', operation: 'DownloadInstall' },
        { type: 'downloadFailed', resultCode: 1402 },
      ],
      [
        { name: 'downloading', operation: 'DownloadInstall' },
        { type: 'installFailed', resultCode: 1405, packageKept: true },
      ],
      [
        { name: 'installing', operation: 'DownloadInstall' },
        { type: 'activateFailed', resultCode: 1409 },
      ],
    ];
    for (const [state, event] of cases) {
      const t = transitionDownload(state, event);
      assert.equal(t.state, state);
      assert.deepEqual(t.effects, []);
      assert.ok(t.ignored?.includes(event.type), `${state.name} / ${event.type}`);
    }
  });

  test('resting state from the Status leaf; progress values without an operation read as idle', () => {
    assert.deepEqual(downloadStateFromStatus(20), { name: 'downloadFailed' });
    assert.deepEqual(downloadStateFromStatus(40), { name: 'downloaded' });
    assert.deepEqual(downloadStateFromStatus(60), { name: 'installFailedKept' });
    assert.deepEqual(downloadStateFromStatus(70), { name: 'installFailedDeleted' });
    for (const code of [10, 30, 50, undefined, 99])
      assert.deepEqual(downloadStateFromStatus(code), { name: 'idle' });
  });
});
