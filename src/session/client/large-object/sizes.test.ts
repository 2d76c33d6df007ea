import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble } from './inbound.ts';
import { base64PayloadLength, sizeMatches, transmittedSize, utf8Length } from './sizes.ts';

describe('large-object sizes', () => {
  test('UTF-8 length without allocating matches Buffer', () => {
    for (const text of ['', 'abc', 'héllo', '€uro', '😀 ok', 'lone \ud800 surrogate']) {
      assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'), JSON.stringify(text));
    }
  });

  test('transmitted size of text, bytes and markup', () => {
    assert.equal(transmittedSize('é'), 2);
    assert.equal(transmittedSize(new Uint8Array(5)), 5);
    assert.equal(transmittedSize(undefined), 0);
    assert.equal(
      transmittedSize({
        kind: 'markup',
        element: { type: 'element', name: 'MgmtTree', page: 2, attributes: [], children: [] },
      }),
      undefined,
    );
  });

  test('b64 values match either the text length or the decoded length', () => {
    assert.equal(base64PayloadLength('AAECAw=='), 4);
    assert.equal(base64PayloadLength('AAEC\nAw=='), 4);
    assert.equal(base64PayloadLength('not base64!'), undefined);
    assert.ok(sizeMatches(8, 'AAECAw==', 'b64'));
    assert.ok(sizeMatches(4, 'AAECAw==', 'b64'));
    assert.ok(!sizeMatches(4, 'AAECAw==', 'chr'));
    assert.ok(!sizeMatches(5, 'AAECAw==', 'b64'));
  });

  test('assembling chunks: all text stays text, mixed becomes bytes', () => {
    assert.equal(assemble(['ab', 'cd']), 'abcd');
    assert.deepEqual(assemble(['a', Uint8Array.of(0x62)]), Uint8Array.of(0x61, 0x62));
  });
});
