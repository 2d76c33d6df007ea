import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { contentTypeFor, parseContentType } from './content-type.ts';
import { sniffEncoding } from './sniff.ts';

describe('parseContentType', () => {
  test('DM types, any case, with parameters', () => {
    assert.deepEqual(parseContentType('application/vnd.syncml.dm+xml'), {
      encoding: 'xml',
      type: 'application/vnd.syncml.dm+xml',
      legacy: false,
    });
    assert.deepEqual(parseContentType(' Application/VND.SyncML.DM+WBXML ; charset="UTF-8"; x=y'), {
      encoding: 'wbxml',
      type: 'application/vnd.syncml.dm+wbxml',
      legacy: false,
      charset: 'UTF-8',
    });
  });

  test('legacy SyncML types are accepted and flagged', () => {
    assert.equal(parseContentType('application/vnd.syncml+xml').legacy, true);
    assert.equal(parseContentType('application/vnd.syncml+wbxml').encoding, 'wbxml');
  });

  test('anything else is SCOMO_SYNCML_CONTENT_TYPE', () => {
    for (const type of [
      'text/xml',
      'application/xml',
      '',
      'application/vnd.syncml.dmtnds+xml',
      'application/vnd.syncml.dm+json',
    ]) {
      assert.throws(
        () => parseContentType(type),
        (err) => isScomoError(err, 'SCOMO_SYNCML_CONTENT_TYPE'),
        type,
      );
    }
  });

  test('contentTypeFor gives the DM 1.2 names', () => {
    assert.equal(contentTypeFor('xml'), 'application/vnd.syncml.dm+xml');
    assert.equal(contentTypeFor('wbxml'), 'application/vnd.syncml.dm+wbxml');
  });
});

describe('sniffEncoding', () => {
  test('WBXML version byte, XML start with optional BOM and blanks, else unknown', () => {
    assert.equal(sniffEncoding(new Uint8Array([0x02, 0xa4, 0x01, 0x6a])), 'wbxml');
    assert.equal(sniffEncoding(new TextEncoder().encode('  \n<SyncML/>')), 'xml');
    assert.equal(sniffEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c])), 'xml');
    assert.equal(sniffEncoding(new TextEncoder().encode('hello')), undefined);
    assert.equal(sniffEncoding(new Uint8Array(0)), undefined);
  });
});
