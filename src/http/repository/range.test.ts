import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideRange, notModified, rangeStillApplies } from './range.ts';

describe('decideRange (RFC 9110 §14.1.2)', () => {
  const size = 1000;
  const cases: [string | undefined, ReturnType<typeof decideRange>][] = [
    [undefined, { kind: 'full' }],
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=10-19', { kind: 'partial', start: 10, end: 19 }],
    ['Bytes = 990-', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=-1', { kind: 'partial', start: 999, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=500-5000', { kind: 'partial', start: 500, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-1001', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-4', { kind: 'full' }],
    ['bytes=0-1,3-4', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
    ['bytes=a-b', { kind: 'full' }],
    ['pages=1-2', { kind: 'full' }],
    ['bytes=99999999999999999999-', { kind: 'full' }],
  ];
  for (const [header, expected] of cases) {
    test(`${String(header)} → ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(decideRange(header, size), expected));
  }
  test('an empty representation has no satisfiable range', () => {
    assert.deepEqual(decideRange('bytes=0-', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(decideRange('bytes=-3', 0), { kind: 'unsatisfiable' });
  });
});

describe('conditional requests', () => {
  const etag = '"abc"';
  const at = Date.UTC(2024, 0, 1, 12, 0, 0, 500);
  test('If-None-Match: weak comparison, lists, *; it wins over If-Modified-Since', () => {
    assert.equal(notModified({ ifNoneMatch: '"abc"' }, etag, at), true);
    assert.equal(notModified({ ifNoneMatch: 'W/"abc"' }, etag, at), true);
    assert.equal(notModified({ ifNoneMatch: '"x" , "abc"' }, etag, at), true);
    assert.equal(notModified({ ifNoneMatch: '*' }, etag, at), true);
    assert.equal(
      notModified({ ifNoneMatch: '"x"', ifModifiedSince: new Date(at + 5000).toUTCString() }, etag, at),
      false,
    );
  });
  test('If-Modified-Since in whole seconds; an unreadable date is ignored', () => {
    assert.equal(notModified({ ifModifiedSince: new Date(at).toUTCString() }, etag, at), true);
    assert.equal(notModified({ ifModifiedSince: new Date(at - 1000).toUTCString() }, etag, at), false);
    assert.equal(notModified({ ifModifiedSince: 'yesterday-ish' }, etag, at), false);
    assert.equal(notModified({}, etag, at), false);
  });
  test('If-Range: strong tag or exact date', () => {
    assert.equal(rangeStillApplies(undefined, etag, at), true);
    assert.equal(rangeStillApplies('"abc"', etag, at), true);
    assert.equal(rangeStillApplies('W/"abc"', etag, at), false);
    assert.equal(rangeStillApplies('"old"', etag, at), false);
    assert.equal(rangeStillApplies(new Date(at).toUTCString(), etag, at), true);
    assert.equal(rangeStillApplies(new Date(at + 2000).toUTCString(), etag, at), false);
    assert.equal(rangeStillApplies('garbage', etag, at), false);
  });
});
