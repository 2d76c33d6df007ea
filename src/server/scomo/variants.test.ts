import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Inventory } from '../../scomo/index.ts';
import type { PackageRecord } from '../ports/scomo-store.ts';
import type { DeviceRecord } from '../ports/store.ts';
import { chooseVariant, deviceFacts, needsFwV, unknownFacts } from './variants.ts';
import type { DeviceFacts } from './variants.ts';

let n = 0;
function variant(
  version: string,
  match: Partial<PackageRecord['match']> = {},
  extra: Partial<PackageRecord> = {},
): PackageRecord {
  n += 1;
  return {
    sha256: n.toString(16).padStart(64, '0'),
    packageId: 'app',
    version,
    size: 1,
    contentType: 'application/gzip',
    format: 'tar.gz',
    fileName: null,
    envType: null,
    components: [{ id: 'app', name: 'App', version, description: null, envType: null }],
    match: { man: null, mod: null, fwV: null, ...match },
    signedBy: null,
    manifest: {},
    addedAt: n,
    ...extra,
  };
}

const ROCKET: DeviceFacts = { man: 'Acme', mod: 'Rocket X2', fwV: '2.5.1', envTypes: [] };

function pick(
  variants: PackageRecord[],
  facts: DeviceFacts = ROCKET,
  version: string | null = null,
): PackageRecord | string {
  const choice = chooseVariant(variants, 'app', version, facts);
  return choice.ok ? choice.variant : choice.message;
}

describe('variant selection (5.4.1 step 2)', () => {
  test('the newest version wins, then the most specific variant of it', () => {
    const old = variant('1.0', { man: 'Acme', mod: 'Rocket*' });
    const generic = variant('2.0');
    const specific = variant('2.0', { man: 'acme', mod: 'rocket*' });
    assert.equal(pick([old, generic, specific]), specific);
    assert.equal(pick([old, generic]), generic, 'a newer generic beats an older specific one');
  });

  test('a pinned version is honoured even when newer ones exist', () => {
    const one = variant('1.0');
    const two = variant('2.0');
    assert.equal(pick([one, two], ROCKET, '1.0'), one);
  });

  test('every matcher must match; an unknown device value matches no matcher', () => {
    const sled = variant('3.0', { mod: 'Sled' });
    const fw = variant('2.0', { fwV: '>=2.0 <3' });
    const fwOld = variant('2.1', { fwV: '<2' });
    assert.equal(pick([sled, fw, fwOld]), fw);
    const unknownFw = { ...ROCKET, fwV: null };
    const generic = variant('1.0');
    assert.equal(pick([fw, generic], unknownFw), generic);
    const glob = variant('1.0', { fwV: '2.5.*' });
    assert.equal(pick([glob]), glob, 'FwV also takes a glob');
    assert.equal(typeof pick([variant('1.0', { fwV: '2.4.*' })]), 'string');
  });

  test('EnvType: known device EnvTypes exclude variants that need another; unknown ones exclude nothing', () => {
    const arm = variant('1.0', {}, { envType: 'linux-arm' });
    const x86 = variant('1.0', {}, { envType: 'linux-x86' });
    const facts = { ...ROCKET, envTypes: ['linux-x86'] };
    assert.equal(pick([arm, x86], facts), x86);
    const componentEnv = variant(
      '2.0',
      {},
      {
        components: [{ id: 'app', name: 'A', version: '2.0', description: null, envType: 'linux-arm' }],
      },
    );
    assert.equal(pick([componentEnv, x86], facts), x86, 'a component EnvType counts too');
    assert.equal(pick([componentEnv, x86], ROCKET), componentEnv, 'unknown EnvTypes: the newest');
  });

  test('an EnvType that matched makes a variant more specific than a plain one', () => {
    const plain = variant('1.0');
    const x86 = variant('1.0', {}, { envType: 'linux-x86' });
    const later = variant('1.0');
    assert.equal(pick([plain, x86, later], { ...ROCKET, envTypes: ['linux-x86'] }), x86);
    assert.equal(pick([plain, later], ROCKET), later, 'equal specificity: the most recently added');
  });

  test('no match: a message naming the device and the variants', () => {
    const message = pick([
      variant('1.0', { man: 'Other' }),
      variant('1.1', { mod: 'Sled' }, { envType: 'rtos' }),
    ]);
    assert.equal(typeof message, 'string');
    assert.match(String(message), /No variant of app suits the device \(Man=Acme Mod=Rocket X2 FwV=2\.5\.1/);
    assert.match(String(message), /1\.0 for Man=Other; 1\.1 for Mod=Sled EnvType=rtos/);
    assert.match(String(pick([variant('1.0')], ROCKET, '9.9')), /has no package app@9\.9/);
  });

  test('device facts: DevInfo, DevDetail (the job’s reading first) and EnvTypes of the inventory', () => {
    const device = {
      devInfo: { './DevInfo/Man': 'Acme', './DevInfo/Mod': 'Rocket' },
      devDetail: { './DevDetail/FwV': '1.0' },
    } as unknown as DeviceRecord;
    const inventory: Inventory = {
      delivered: [{ nodeName: 'p', pkgId: 'p', state: 'delivered', envType: 'java' }],
      deployed: [{ nodeName: 'c', id: 'c', state: 'active', envType: 'linux' }],
      problems: [],
    };
    assert.deepEqual(deviceFacts(device, { './DevDetail/FwV': '2.0' }, inventory, ['linux', 'extra']), {
      man: 'Acme',
      mod: 'Rocket',
      fwV: '2.0',
      envTypes: ['linux', 'extra', 'java'],
    });
    assert.equal(deviceFacts(device, {}, null, []).fwV, '1.0');
  });

  test('needsFwV and unknownFacts tell what must be read first (5.4.1 alt 2)', () => {
    assert.equal(needsFwV([variant('1'), variant('2', { man: 'x' })]), false);
    assert.equal(needsFwV([variant('1'), variant('2', { fwV: '>1' })]), true);
    const device = { devInfo: { './DevInfo/Man': 'Acme' }, devDetail: {} } as unknown as DeviceRecord;
    const variants = [variant('1', { man: 'A', fwV: '>1' }), variant('2', { mod: 'M' })];
    assert.deepEqual(unknownFacts(variants, device, {}), ['./DevInfo/Mod', './DevDetail/FwV']);
    assert.deepEqual(unknownFacts(variants, device, { './DevDetail/FwV': '3' }), ['./DevInfo/Mod']);
    assert.deepEqual(unknownFacts([variant('1')], null, {}), []);
  });
});
