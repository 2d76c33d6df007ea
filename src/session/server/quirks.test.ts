import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { globMatches, quirksFor } from './quirks.ts';
import type { QuirkProfile } from './quirks.ts';

describe('quirk matching', () => {
  test('globMatches: * wildcards, whole string, no case', () => {
    assert.equal(globMatches('Acme', 'ACME'), true);
    assert.equal(globMatches('Acme', 'Acme Corp'), false);
    assert.equal(globMatches('Acme*', 'Acme Corp'), true);
    assert.equal(globMatches('*Corp', 'Acme Corp'), true);
    assert.equal(globMatches('A*e*p', 'Acme Corp'), true);
    assert.equal(globMatches('A*x*p', 'Acme Corp'), false);
    assert.equal(globMatches('ab*ba', 'aba'), false);
    assert.equal(globMatches('*', ''), true);
    assert.equal(globMatches('1.(2)+', '1.(2)+'), true);
  });

  const profiles: QuirkProfile[] = [
    { name: 'a', description: '', match: { man: 'Acme', mod: 'R*' }, quirks: ['no-sequence'] },
    { name: 'b', description: '', match: { dmV: '1.1*' }, quirks: ['legacy-content-type', 'no-sequence'] },
  ];
  const devInfo = (man: string, mod: string, dmV: string) => ({
    './DevInfo/Man': man,
    './DevInfo/Mod': mod,
    './DevInfo/DmV': dmV,
  });

  test('every matching profile contributes, forced names are added, unknown names ignored', () => {
    assert.deepEqual(quirksFor(devInfo('acme', 'Rocket', '1.2'), profiles), ['no-sequence']);
    assert.deepEqual(quirksFor(devInfo('acme', 'Rocket', '1.1.2'), profiles), [
      'no-sequence',
      'legacy-content-type',
    ]);
    assert.deepEqual(quirksFor(devInfo('Other', 'Rocket', '1.2'), profiles), []);
    assert.deepEqual(
      quirksFor(devInfo('Other', 'X', '1.2'), profiles, ['interior-add-empty-data', 'bogus']),
      ['interior-add-empty-data'],
    );
  });

  test('a profile field requires the DevInfo leaf to be present', () => {
    assert.deepEqual(quirksFor({ './DevInfo/Man': 'Acme' }, profiles), []);
  });
});
