import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendUri, checkLimits, formatUri, normalizeUri, parseUri, splitPath } from './uri.ts';
import { parseTndsSelection, TNDS_SELECT_ALL } from './properties.ts';

describe('URI normalisation (reference §7.1)', () => {
  test('./A/B and A/B name the same node; the root is "."', () => {
    assert.deepEqual(splitPath('./A/B'), ['A', 'B']);
    assert.deepEqual(splitPath('A/B'), ['A', 'B']);
    assert.deepEqual(splitPath('.'), []);
    assert.equal(normalizeUri('A/B'), './A/B');
    assert.equal(normalizeUri('./A/B'), './A/B');
    assert.equal(normalizeUri('.'), '.');
    assert.equal(formatUri([]), '.');
  });

  const invalid: [string, string][] = [
    ['', 'empty'],
    ['./', 'root written as ./'],
    ['A/', 'trailing slash'],
    ['./A/B/', 'trailing slash after ./'],
    ['A//B', 'empty segment'],
    ['A/../B', '.. segment'],
    ['../A', 'leading ..'],
    ['A/./B', './ in the middle'],
    ['/A', 'absolute path'],
    ['.//A', 'empty segment after ./'],
  ];
  for (const [uri, why] of invalid) {
    test(`rejects ${JSON.stringify(uri)} (${why}) with 400`, () => {
      assert.equal(splitPath(uri), undefined);
      assert.deepEqual(parseUri(uri), { ok: false, status: 400 });
    });
  }

  test('appendUri keeps the writer’s spelling', () => {
    assert.equal(appendUri('.', ['A']), './A');
    assert.equal(appendUri('A', ['B', 'C']), 'A/B/C');
    assert.equal(appendUri('./A', ['B']), './A/B');
  });
});

describe('URI limits from DevDetail/URI (0 = unlimited, 414 when exceeded)', () => {
  const limits = { maxDepth: 3, maxTotLen: 10, maxSegLen: 4 };
  test('depth', () => {
    assert.equal(checkLimits(['a', 'b', 'c'], limits), 200);
    assert.equal(checkLimits(['a', 'b', 'c', 'd'], limits), 414);
    assert.deepEqual(parseUri('./a/b/c/d', limits), { ok: false, status: 414 });
  });
  test('segment length counts UTF-8 bytes', () => {
    assert.equal(checkLimits(['abcd'], limits), 200);
    assert.equal(checkLimits(['abcde'], limits), 414);
    assert.equal(checkLimits(['ééé'], limits), 414); // 6 bytes
  });
  test('total length is the same with or without ./', () => {
    // "abc/abc/ab" = 10 bytes
    assert.equal(parseUri('./abc/abc/ab', limits).ok, true);
    assert.equal(parseUri('abc/abc/ab', limits).ok, true);
    assert.deepEqual(parseUri('./abc/abc/abc', limits), { ok: false, status: 414 });
  });
  test('zero means unlimited', () => {
    const deep = Array.from({ length: 50 }, () => 'segment-name-long');
    assert.equal(checkLimits(deep, { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 }), 200);
  });
  test('a hard ceiling applies even when unlimited', () => {
    const tooDeep = Array.from({ length: 300 }, () => 'a');
    assert.equal(checkLimits(tooDeep, { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 }), 414);
  });
});

describe('?prop= and ?list= suffixes', () => {
  test('?prop=<Name> for every property', () => {
    for (const name of ['ACL', 'Format', 'Name', 'Size', 'Title', 'TStamp', 'Type', 'VerNo']) {
      const r = parseUri(`./A?prop=${name}`);
      assert.ok(r.ok);
      assert.deepEqual(r.uri.query, { kind: 'prop', name });
      assert.deepEqual(r.uri.segments, ['A']);
      assert.equal(r.uri.written, './A');
    }
  });
  test('?list=Struct and StructData', () => {
    const s = parseUri('A?list=Struct');
    assert.ok(s.ok);
    assert.deepEqual(s.uri.query, { kind: 'list', list: 'Struct' });
    const d = parseUri('.?list=StructData');
    assert.ok(d.ok);
    assert.deepEqual(d.uri.query, { kind: 'list', list: 'StructData' });
    assert.deepEqual(d.uri.segments, []);
  });
  test('?list=TNDS with property selections', () => {
    const all = parseUri('A?list=TNDS');
    assert.ok(all.ok && all.uri.query.kind === 'tnds');
    assert.equal(all.uri.query.select, TNDS_SELECT_ALL);
    assert.deepEqual([...(parseTndsSelection('+ACL+Values') ?? [])].sort(), ['ACL', 'Value']);
    assert.deepEqual([...(parseTndsSelection('-ACL-Value') ?? [])].sort(), [
      'Format',
      'Name',
      'Size',
      'TStamp',
      'Title',
      'Type',
      'VerNo',
    ]);
    assert.equal(parseTndsSelection('+ACL-Format'), undefined);
    assert.equal(parseTndsSelection('+Bogus'), undefined);
    assert.equal(parseTndsSelection('ACL'), undefined);
  });
  const unsupported = [
    'A?prop=Color',
    'A?list=Tree',
    'A?foo=bar',
    'A?prop',
    'A?',
    'A?list=TNDS+Nope',
    'A?prop=acl',
  ];
  for (const uri of unsupported) {
    test(`406 for ${uri}`, () => {
      assert.deepEqual(parseUri(uri), { ok: false, status: 406 });
    });
  }
  test('a bad path wins over a bad query (400)', () => {
    assert.deepEqual(parseUri('A/?prop=Color'), { ok: false, status: 400 });
  });
});
