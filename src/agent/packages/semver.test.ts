import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareVersions, parseRange, parseVersion, satisfies } from './semver.ts';

describe('versions', () => {
  test('partial versions read missing parts as 0 and a v prefix is allowed', () => {
    assert.deepEqual(parseVersion('1.2'), { major: 1, minor: 2, patch: 0, prerelease: [] });
    assert.deepEqual(parseVersion('v3'), { major: 3, minor: 0, patch: 0, prerelease: [] });
    assert.deepEqual(parseVersion('1.0.0-rc.1+build.5')?.prerelease, ['rc', 1]);
  });

  test('non-versions are refused', () => {
    for (const text of ['', 'abc', '1.2.3.4', '1.x', '01.a', '1.2.3-', '1.2.3+']) {
      assert.equal(parseVersion(text), undefined, text);
    }
  });

  test('precedence follows SemVer §11', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      const a = parseVersion(ordered[i - 1] ?? '');
      const b = parseVersion(ordered[i] ?? '');
      assert.ok(a !== undefined && b !== undefined);
      assert.equal(compareVersions(a, b), -1, `${ordered[i - 1]} < ${ordered[i]}`);
      assert.equal(compareVersions(b, a), 1);
    }
    assert.equal(compareVersions(parseVersion('1.0.0+a') as never, parseVersion('1.0.0+b') as never), 0);
  });
});

describe('ranges', () => {
  const cases: [string, string, boolean][] = [
    ['1.2.3', '1.2.3', true],
    ['1.2.4', '1.2.3', false],
    ['1.2.4', '^1.2.3', true],
    ['2.0.0', '^1.2.3', false],
    ['0.2.9', '^0.2.3', true],
    ['0.3.0', '^0.2.3', false],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['1.5.0', '1.x', true],
    ['2.0.0', '1.x', false],
    ['1.2.7', '1.2.*', true],
    ['9.9.9', '*', true],
    ['1.3.0', '>1.2', true],
    ['1.2.9', '>1.2', false],
    ['1.2.9', '<=1.2', true],
    ['1.3.0', '<=1.2', false],
    ['1.5.0', '>=1.2.0 <2', true],
    ['2.0.0', '>=1.2.0 <2', false],
    ['1.5.0', '>= 1.2.0', true],
    ['3.1.0', '1.x || >=3', true],
    ['2.1.0', '1.x || >=3', false],
    ['2.3.9', '1.2 - 2.3', true],
    ['2.4.0', '1.2 - 2.3', false],
    ['1.1.9', '1.2 - 2.3', false],
    ['2.0.0-rc.1', '^1.0.0', false],
    ['2.0.0-rc.1', '>=2.0.0-rc.0', true],
    ['1.2', '^1.1', true],
    ['build-42', 'build-42', true],
    ['build-42', '^1', false],
  ];
  for (const [version, range, expected] of cases) {
    test(`${version} ${expected ? 'satisfies' : 'does not satisfy'} ${range}`, () => {
      assert.equal(satisfies(version, range), expected);
    });
  }

  test('malformed ranges are refused', () => {
    for (const text of ['>>1', '1.2.3.4', '^', 'abc', '1 - ', '~>1'])
      assert.equal(parseRange(text), undefined, text);
  });
});
