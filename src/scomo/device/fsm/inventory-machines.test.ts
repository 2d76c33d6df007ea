import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredStateFromLeaves, transitionDelivered } from './delivered.ts';
import type { DeliveredFsmState } from './delivered.ts';
import { deployedStateFromLeaves, transitionDeployed } from './deployed.ts';
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

describe('Delivered/<x> machine', () => {
  const delivered: DeliveredFsmState = { name: 'idle', installed: false };

  test('Install and InstallInactive: Status 40 and install work with the right mode', () => {
    for (const [op, active] of [
      ['Install', true],
      ['InstallInactive', false],
    ] as const) {
      const t = transitionDelivered(delivered, exec(op));
      assert.deepEqual(t.state, { name: 'installing', installed: false, operation: op });
      assert.deepEqual(t.effects, [
        { do: 'status', of: 'self', code: 40 },
        { do: 'work', work: 'install', active },
      ]);
    }
  });

  test('Install answers: busy 503, not implemented 1411, no package 403, EnvType 1413', () => {
    const installing: DeliveredFsmState = { name: 'installing', installed: false, operation: 'Install' };
    assert.equal(transitionDelivered(installing, exec('Install')).effects[0]?.do, 'refuse');
    assert.deepEqual(transitionDelivered(installing, exec('Remove')).effects[0], {
      do: 'refuse',
      status: 503,
      reason: 'Delivered/<x> is busy (installing)',
    });
    assert.deepEqual(transitionDelivered(delivered, exec('Install', { supported: false })).effects, [
      { do: 'complete', resultCode: 1411, about: 'self' },
    ]);
    assert.deepEqual(transitionDelivered(delivered, exec('Install', { hasPackage: false })).effects, [
      { do: 'refuse', status: 403, reason: 'the delivery package is not on the device' },
    ]);
    assert.deepEqual(
      transitionDelivered(delivered, exec('InstallInactive', { envTypeSupported: false })).effects,
      [{ do: 'complete', resultCode: 1413, about: 'self' }],
    );
    assert.equal(
      transitionDelivered(delivered, exec('Remove', { hasPackage: false })).state.name,
      'removing',
      'Remove needs no package bytes',
    );
  });

  test('installDone → Installed (State 20), components deployed; Install re-runs on an Installed package', () => {
    const s: DeliveredFsmState = { name: 'installing', installed: false, operation: 'InstallInactive' };
    const t = transitionDelivered(s, { type: 'installDone', components: comps });
    assert.deepEqual(t.state, { name: 'idle', installed: true });
    assert.deepEqual(t.effects, [
      { do: 'status', of: 'self', code: 10 },
      { do: 'state', of: 'self', code: 20 },
      { do: 'deploy', components: comps, active: false, status: 10 },
      { do: 'complete', resultCode: 1200, about: 'components' },
    ]);
    assert.equal(transitionDelivered(t.state, exec('Install')).state.name, 'installing');
  });

  test('installFailed: 50 with the package kept, 60 with it deleted (bytes dropped, node kept)', () => {
    const s: DeliveredFsmState = { name: 'installing', installed: false, operation: 'Install' };
    assert.deepEqual(transitionDelivered(s, { type: 'installFailed', resultCode: 1406, packageKept: true }), {
      state: { name: 'installFailed', installed: false },
      effects: [
        { do: 'status', of: 'self', code: 50 },
        { do: 'complete', resultCode: 1406, about: 'self' },
      ],
    });
    assert.deepEqual(
      transitionDelivered(s, { type: 'installFailed', resultCode: 1405, packageKept: false }),
      {
        state: { name: 'installFailedDeleted', installed: false },
        effects: [
          { do: 'status', of: 'self', code: 60 },
          { do: 'dropData' },
          { do: 'complete', resultCode: 1405, about: 'self' },
        ],
      },
    );
  });

  test('Remove: Status 30; removeDone deletes the node; removeFailed → 20', () => {
    const r = transitionDelivered({ name: 'installFailed', installed: true }, exec('Remove'));
    assert.deepEqual(r.state, { name: 'removing', installed: true, operation: 'Remove' });
    assert.deepEqual(r.effects, [
      { do: 'status', of: 'self', code: 30 },
      { do: 'work', work: 'remove' },
    ]);
    assert.deepEqual(transitionDelivered(r.state, { type: 'removeDone' }).effects, [
      { do: 'deleteSelf' },
      { do: 'complete', resultCode: 1200, about: 'self' },
    ]);
    assert.deepEqual(transitionDelivered(r.state, { type: 'removeFailed', resultCode: 1408 }), {
      state: { name: 'removeFailed', installed: true },
      effects: [
        { do: 'status', of: 'self', code: 20 },
        { do: 'complete', resultCode: 1408, about: 'self' },
      ],
    });
  });

  test('events out of place are ignored', () => {
    const removing: DeliveredFsmState = { name: 'removing', installed: false, operation: 'Remove' };
    const installing: DeliveredFsmState = { name: 'installing', installed: false, operation: 'Install' };
    for (const [s, e] of [
      [delivered, { type: 'installDone', components: [] }],
      [removing, { type: 'installFailed', resultCode: 1405, packageKept: true }],
      [installing, { type: 'removeDone' }],
      [installing, { type: 'removeFailed', resultCode: 1408 }],
      [installing, { type: 'downloadDone' }],
      [delivered, exec('Activate')],
    ] as [DeliveredFsmState, LifecycleEvent][]) {
      const t = transitionDelivered(s, e);
      assert.equal(t.state, s);
      assert.ok(t.ignored !== undefined, e.type);
    }
  });

  test('resting state from the leaves; Verizon 70 reads as 60', () => {
    assert.deepEqual(deliveredStateFromLeaves(10, 20), { name: 'idle', installed: true });
    assert.deepEqual(deliveredStateFromLeaves(70, 10), { name: 'installFailedDeleted', installed: false });
    assert.deepEqual(deliveredStateFromLeaves(20, 10), { name: 'removeFailed', installed: false });
    assert.deepEqual(deliveredStateFromLeaves(50, undefined), { name: 'installFailed', installed: false });
    assert.deepEqual(deliveredStateFromLeaves(40, 10), { name: 'idle', installed: false });
  });
});

describe('Deployed/<x> machine', () => {
  const inactive = { name: 'idle', active: false } as const;
  const active = { name: 'idle', active: true } as const;

  test('Activate on Inactive: Status 50 → done: Active, Status 10; failed: 40, still Inactive', () => {
    const t = transitionDeployed(inactive, exec('Activate'));
    assert.deepEqual(t.state, { name: 'activating', active: false });
    assert.deepEqual(t.effects, [
      { do: 'status', of: 'self', code: 50 },
      { do: 'work', work: 'activate' },
    ]);
    assert.deepEqual(transitionDeployed(t.state, { type: 'activateDone' }), {
      state: { name: 'idle', active: true },
      effects: [
        { do: 'status', of: 'self', code: 10 },
        { do: 'state', of: 'self', code: 20 },
        { do: 'complete', resultCode: 1200, about: 'self' },
      ],
    });
    assert.deepEqual(transitionDeployed(t.state, { type: 'activateFailed', resultCode: 1409 }), {
      state: { name: 'activateFailed', active: false },
      effects: [
        { do: 'status', of: 'self', code: 40 },
        { do: 'complete', resultCode: 1409, about: 'self' },
      ],
    });
  });

  test('Deactivate on Active: Status 70 → done: Inactive; failed: 60, still Active', () => {
    const t = transitionDeployed(active, exec('Deactivate'));
    assert.deepEqual(t.state, { name: 'deactivating', active: true });
    assert.deepEqual(t.effects, [
      { do: 'status', of: 'self', code: 70 },
      { do: 'work', work: 'deactivate' },
    ]);
    assert.deepEqual(transitionDeployed(t.state, { type: 'deactivateDone' }).effects, [
      { do: 'status', of: 'self', code: 10 },
      { do: 'state', of: 'self', code: 10 },
      { do: 'complete', resultCode: 1200, about: 'self' },
    ]);
    assert.deepEqual(transitionDeployed(t.state, { type: 'deactivateFailed', resultCode: 1410 }).state, {
      name: 'deactivateFailed',
      active: true,
    });
  });

  test('wrong state: Activate on Active → 1409, Deactivate on Inactive → 1410, nothing else changes', () => {
    assert.deepEqual(transitionDeployed(active, exec('Activate')), {
      state: active,
      effects: [{ do: 'complete', resultCode: 1409, about: 'self' }],
    });
    assert.deepEqual(transitionDeployed(inactive, exec('Deactivate')), {
      state: inactive,
      effects: [{ do: 'complete', resultCode: 1410, about: 'self' }],
    });
    assert.equal(
      transitionDeployed({ name: 'removing', active: true }, exec('Activate')).effects[0]?.do,
      'refuse',
    );
    assert.equal(transitionDeployed(active, exec('Remove', { busy: true })).effects[0]?.do, 'refuse');
    assert.deepEqual(transitionDeployed(active, exec('Remove', { supported: false })).effects, [
      { do: 'complete', resultCode: 1411, about: 'self' },
    ]);
  });

  test('Remove works on Active and Inactive components: 30 → node deleted; failed → 20', () => {
    for (const s of [active, inactive]) {
      const t = transitionDeployed(s, exec('Remove'));
      assert.deepEqual(t.state, { name: 'removing', active: s.active });
      assert.deepEqual(transitionDeployed(t.state, { type: 'removeDone' }).effects, [
        { do: 'deleteSelf' },
        { do: 'complete', resultCode: 1200, about: 'self' },
      ]);
      assert.deepEqual(transitionDeployed(t.state, { type: 'removeFailed', resultCode: 1408 }), {
        state: { name: 'removeFailed', active: s.active },
        effects: [
          { do: 'status', of: 'self', code: 20 },
          { do: 'complete', resultCode: 1408, about: 'self' },
        ],
      });
    }
  });

  test('events out of place are ignored; resting state from the leaves', () => {
    for (const e of [
      { type: 'activateDone' },
      { type: 'removeDone' },
      { type: 'deactivateFailed', resultCode: 1410 },
    ] as LifecycleEvent[]) {
      assert.ok(transitionDeployed(active, e).ignored !== undefined);
    }
    assert.ok(transitionDeployed({ name: 'activating', active: false }, { type: 'deactivateDone' }).ignored);
    assert.ok(transitionDeployed(active, exec('Install')).ignored);
    assert.deepEqual(deployedStateFromLeaves(10, 20), { name: 'idle', active: true });
    assert.deepEqual(deployedStateFromLeaves(40, 10), { name: 'activateFailed', active: false });
    assert.deepEqual(deployedStateFromLeaves(60, 20), { name: 'deactivateFailed', active: true });
    assert.deepEqual(deployedStateFromLeaves(70, 20), { name: 'idle', active: true });
  });
});
