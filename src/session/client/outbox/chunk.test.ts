import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8Length } from '../large-object/sizes.ts';
import { bytesPrefixLength, textPrefixLength, wireSize } from './chunk.ts';

describe('chunk cutting', () => {
  test('text: UTF-8 bytes in WBXML, plus escapes in XML; never a split surrogate pair', () => {
    assert.equal(textPrefixLength('abcdef', 4, 'wbxml'), 4);
    assert.equal(textPrefixLength('a&b', 4, 'wbxml'), 3);
    assert.equal(textPrefixLength('a&b', 4, 'xml'), 1, '& costs 5 bytes as &amp;');
    assert.equal(textPrefixLength('a&b', 6, 'xml'), 2);
    assert.equal(textPrefixLength('éé', 3, 'xml'), 1, 'é is 2 UTF-8 bytes');
    assert.equal(textPrefixLength('😀x', 3, 'wbxml'), 0, 'the pair costs 4 and is not split');
    assert.equal(textPrefixLength('😀x', 5, 'wbxml'), 3);
    assert.equal(textPrefixLength('a\rb', 3, 'xml'), 1, 'CR is written as &#13;');
  });

  test('bytes: 1:1 in WBXML, multiples of 3 (4 base64 characters) in XML', () => {
    assert.equal(bytesPrefixLength(100, 10, 'wbxml'), 10);
    assert.equal(bytesPrefixLength(100, 10, 'xml'), 6);
    assert.equal(bytesPrefixLength(4, 10, 'wbxml'), 4);
    assert.equal(bytesPrefixLength(100, 3, 'xml'), 0);
  });

  test('Meta Size counts what is transmitted', () => {
    assert.equal(wireSize('héllo', 'xml', utf8Length), 6);
    assert.equal(wireSize(new Uint8Array(10), 'wbxml', utf8Length), 10);
    assert.equal(wireSize(new Uint8Array(10), 'xml', utf8Length), 16);
  });
});
