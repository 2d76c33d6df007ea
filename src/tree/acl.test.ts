import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import {
  aclGrants,
  autoAcl,
  formatAcl,
  isEmptyAcl,
  makeAcl,
  parseAcl,
  scrubAcl,
  tryParseAcl,
} from './acl.ts';

describe('ACL grammar (reference §7.4)', () => {
  const valid: [string, string][] = [
    ['', ''],
    ['Get=*', 'Get=*'],
    ['Add=srvA&Delete=srvA&Replace=srvA+srvB&Get=*', 'Add=srvA&Delete=srvA&Get=*&Replace=srvA+srvB'],
    ['Get=a&Get=b', 'Get=a+b'],
    ['Get=a+a', 'Get=a'],
    ['Exec=com.example/dm', 'Exec=com.example/dm'],
    ['Replace=*+srv', 'Replace=*+srv'],
  ];
  for (const [text, canonical] of valid) {
    test(`parses ${JSON.stringify(text)} → ${JSON.stringify(canonical)}`, () => {
      assert.equal(formatAcl(parseAcl(text)), canonical);
      assert.equal(formatAcl(parseAcl(canonical)), canonical, 'canonical form is stable');
    });
  }

  const invalid = [
    'Get',
    'Get=',
    'Get=a+',
    'Get=a&',
    '&Get=a',
    'Copy=a',
    'get=a',
    'Get=a b',
    'Get=a=b',
    'Get=**',
    'Get=a*',
  ];
  for (const text of invalid) {
    test(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(tryParseAcl(text), undefined);
      assert.throws(
        () => parseAcl(text),
        (err: unknown) =>
          isScomoError(err, 'SCOMO_TREE_ACL_SYNTAX') && err.message.includes(JSON.stringify(text)),
      );
    });
  }

  test('grants by name and through *', () => {
    const acl = parseAcl('Get=*&Replace=a+b');
    assert.equal(aclGrants(acl, 'Get', 'zzz'), true);
    assert.equal(aclGrants(acl, 'Replace', 'b'), true);
    assert.equal(aclGrants(acl, 'Replace', 'c'), false);
    assert.equal(aclGrants(acl, 'Delete', 'a'), false);
  });

  test('auto ACL for an interior Add without Replace on the parent', () => {
    assert.equal(formatAcl(autoAcl('s9')), 'Add=s9&Delete=s9&Get=s9&Replace=s9');
  });

  test('empty detection', () => {
    assert.equal(isEmptyAcl(parseAcl('')), true);
    assert.equal(isEmptyAcl(makeAcl({ Get: [] })), true);
    assert.equal(isEmptyAcl(parseAcl('Get=*')), false);
  });
});

describe('scrubbing a ServerID (reference §7.4)', () => {
  const cases: [string, boolean, string][] = [
    ['Get=a+b&Replace=a', false, 'Get=b'],
    ['Get=a&Replace=a', false, ''],
    ['Add=*&Get=*&Replace=a', true, 'Add=*&Get=*&Replace=*'],
    ['Add=a&Get=b', true, 'Add=*&Get=b'],
    ['Get=b', false, 'Get=b'],
  ];
  for (const [before, isRoot, after] of cases) {
    test(`${before}${isRoot ? ' (root)' : ''} − a → ${JSON.stringify(after)}`, () => {
      assert.equal(formatAcl(scrubAcl(parseAcl(before), 'a', isRoot)), after);
    });
  }
  test('an ACL without the id comes back as the same object', () => {
    const acl = parseAcl('Get=b');
    assert.equal(scrubAcl(acl, 'a', false), acl);
  });
});
