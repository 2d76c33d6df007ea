import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeWbxml } from './decoder.ts';
import { encodeMbUint32 } from './mb-uint32.ts';
import { bytes, el, expectWbxmlError, H12, h12, metinf, strI } from './test-support.ts';
import type { WbxmlElement } from './tree.ts';

/** `<SyncML>` around `content`, then END. */
function syncml(
  ...content: (number | string | readonly number[])[]
): (number | string | readonly number[])[] {
  return [0x6d, ...content, 0x01];
}

const root = (input: Uint8Array): WbxmlElement => decodeWbxml(input).root;

describe('decodeWbxml: content tokens', () => {
  test('empty element = bare token; content bit with no content = no children', () => {
    assert.deepEqual(root(bytes(...H12, ...syncml(0x12))), el('SyncML', [el('Final')]));
    assert.deepEqual(root(bytes(...H12, ...syncml(0x4f, 0x01))), el('SyncML', [el('Data')]));
  });

  test('STR_I (UTF-8, strict)', () => {
    assert.deepEqual(root(bytes(...H12, 0x4f, ...strI('Ünïcödé ✓ 𝄞'), 0x01)), el('Data', ['Ünïcödé ✓ 𝄞']));
    assert.deepEqual(root(bytes(...H12, 0x4f, ...strI(''), 0x01)), el('Data', ['']));
    // A leading EF BB BF is content, not a BOM to drop.
    assert.deepEqual(
      root(bytes(...H12, 0x4f, 0x03, 0xef, 0xbb, 0xbf, 0x41, 0x00, 0x01)),
      el('Data', ['\ufeffA']),
    );
  });

  test('STR_I with invalid UTF-8 fails at the string', () => {
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xff], [0xe2, 0x9c], [0x41, 0x80]]) {
      expectWbxmlError(
        () => decodeWbxml(bytes(...H12, 0x4f, 0x03, ...bad, 0x00, 0x01)),
        'SCOMO_WBXML_BAD_UTF8',
        7,
      );
    }
  });

  test('STR_T references any offset of the string table, including the middle of a string', () => {
    const input = bytes(...h12('hello\0world\0'), 0x4f, 0x83, 0x06, 0x83, 0x02, 0x83, 0x00, 0x01);
    assert.deepEqual(root(input), el('Data', ['worldllohello']));
  });

  test('STR_T out of range, or without a terminating NUL, or invalid UTF-8', () => {
    // The offset is that of the STR_T token (header + table + 0x4F before it).
    expectWbxmlError(
      () => decodeWbxml(bytes(...h12('ab\0'), 0x4f, 0x83, 0x03, 0x01)),
      'SCOMO_WBXML_BAD_STRTBL_REF',
      9,
    );
    expectWbxmlError(
      () => decodeWbxml(bytes(...h12('ab'), 0x4f, 0x83, 0x00, 0x01)),
      'SCOMO_WBXML_BAD_STRTBL_REF',
      8,
    );
    // Invalid UTF-8 is reported where the table string starts.
    expectWbxmlError(
      () => decodeWbxml(bytes(0x02, 0xa4, 0x01, 0x6a, 0x02, 0xc3, 0x00, 0x4f, 0x83, 0x00, 0x01)),
      'SCOMO_WBXML_BAD_UTF8',
      5,
    );
  });

  test('ENTITY gives the character of its code point', () => {
    const entity = (codePoint: number) => [0x02, ...encodeMbUint32(codePoint)];
    const input = bytes(...H12, 0x4f, ...entity(0xe9), ...entity(0x1d11e), ...entity(0x26), 0x01);
    assert.deepEqual(root(input), el('Data', ['é𝄞&']));
  });

  test('ENTITY outside Unicode scalar values is rejected', () => {
    for (const codePoint of [0, 0xd800, 0xdfff, 0x110000, 0xffffffff]) {
      expectWbxmlError(
        () => decodeWbxml(bytes(...H12, 0x4f, 0x02, ...encodeMbUint32(codePoint), 0x01)),
        'SCOMO_WBXML_BAD_ENTITY',
        6,
      );
    }
  });

  test('adjacent STR_I, ENTITY and STR_T merge into one text node; OPAQUE stays apart', () => {
    const input = bytes(
      ...h12('cd\0'),
      0x4f,
      ...strI('a'),
      0x02,
      0x62,
      0x83,
      0x00,
      0xc3,
      0x01,
      0x7a,
      ...strI('e'),
      0x01,
    );
    assert.deepEqual(root(input), el('Data', ['abcd', { type: 'opaque', bytes: bytes('z') }, 'e']));
  });

  test('OPAQUE becomes an opaque node with a copy of the bytes', () => {
    const input = bytes(...H12, 0x4f, 0xc3, 0x03, 0x00, 0xff, 0x01, 0x01);
    const data = root(input);
    assert.deepEqual(data, el('Data', [{ type: 'opaque', bytes: bytes(0x00, 0xff, 0x01) }]));
    input.fill(0xaa);
    assert.deepEqual(data.children[0], { type: 'opaque', bytes: bytes(0x00, 0xff, 0x01) });
  });

  test('OPAQUE longer than the input is a truncation, not an allocation', () => {
    expectWbxmlError(
      () => decodeWbxml(bytes(...H12, 0x4f, 0xc3, 0x8f, 0xff, 0xff, 0xff, 0x7f, 0x01)),
      'SCOMO_WBXML_TRUNCATED',
      6,
    );
    expectWbxmlError(
      () => decodeWbxml(bytes(...H12, 0x4f, 0xc3, 0x05, 0x01, 0x02)),
      'SCOMO_WBXML_TRUNCATED',
      6,
    );
  });
});

describe('decodeWbxml: code pages', () => {
  test('reference §6.4 vector: Meta switches to MetInf and back', () => {
    // prettier-ignore
    const input = bytes(
      ...H12,
      0x4e, // <Cred>
      0x5a, 0x00, 0x01, 0x47, ...strI('b64'), 0x01, 0x53, ...strI('syncml:auth-md5'), 0x01, 0x01, 0x00, 0x00,
      0x4f, ...strI('x'), 0x01, // <Data> on page 0 again
      0x01,
    );
    assert.deepEqual(
      root(input),
      el('Cred', [
        el('Meta', [metinf('Format', ['b64']), metinf('Type', ['syncml:auth-md5'])]),
        el('Data', ['x']),
      ]),
    );
  });

  test('the page persists across END', () => {
    // No switch back after </Meta>: 0x53 is MetInf Type and 0x0F MetInf Next (SyncML Data on page 0).
    // prettier-ignore
    const input = bytes(
      ...H12,
      0x4e, 0x5a, 0x00, 0x01, 0x47, ...strI('b64'), 0x01, 0x01,
      0x53, ...strI('t'), 0x01,
      0x0f,
      0x01,
    );
    assert.deepEqual(
      root(input),
      el('Cred', [el('Meta', [metinf('Format', ['b64'])]), metinf('Type', ['t']), metinf('Next')]),
    );
  });

  test('SWITCH_PAGE right before END switches for the next tag', () => {
    // prettier-ignore
    const input = bytes(
      ...H12,
      0x4e, 0x5a, 0x00, 0x01, 0x47, ...strI('b64'), 0x01, 0x00, 0x00, 0x01,
      0x4f, ...strI('x'), 0x01,
      0x01,
    );
    assert.deepEqual(root(input), el('Cred', [el('Meta', [metinf('Format', ['b64'])]), el('Data', ['x'])]));
  });

  test('direct page-2 switching inside a SyncML message (DDF tags inline)', () => {
    const input = bytes(...H12, 0x4f, 0x00, 0x02, 0x60, 0x77, ...strI('1.2'), 0x01, 0x01, 0x01);
    assert.deepEqual(root(input), el('Data', [el('MgmtTree', [el('VerDTD', ['1.2'], 2)], 2)]));
  });

  test('unknown tags name the page and the token in hex', () => {
    const reserved = expectWbxmlError(
      () => decodeWbxml(bytes(...H12, ...syncml(0x30))),
      'SCOMO_WBXML_UNKNOWN_TAG',
      6,
    );
    assert.match(reserved.message, /token 0x30 on code page 0x00/);
    const otherPage = expectWbxmlError(
      () => decodeWbxml(bytes(...H12, 0x00, 0x07, 0x45, 0x01)),
      'SCOMO_WBXML_UNKNOWN_TAG',
      7,
    );
    assert.match(otherPage.message, /token 0x05 on code page 0x07/);
    const metInfEnd = expectWbxmlError(
      () => decodeWbxml(bytes(...H12, 0x00, 0x01, 0x17)),
      'SCOMO_WBXML_UNKNOWN_TAG',
      7,
    );
    assert.match(metInfEnd.message, /token 0x17 on code page 0x01/);
  });
});

describe('decodeWbxml: LITERAL tags and attributes (WBXML 1.3 §5.8.3)', () => {
  test('LITERAL, LITERAL_C, LITERAL_A, LITERAL_AC with string-table names', () => {
    // Table: 0 "Vendor", 7 "kind", 12 "xyz"
    // prettier-ignore
    const input = bytes(
      ...h12('Vendor\0kind\0xyz\0'),
      0x6d,
      0x04, 0x00, // <Vendor/>
      0x44, 0x00, ...strI('t'), 0x01, // <Vendor>t</Vendor>
      0x84, 0x07, 0x04, 0x07, ...strI('a'), 0x02, 0x26, 0x83, 0x0c, 0x01, // <kind kind="a&xyz"/>
      0xc4, 0x00, 0x04, 0x07, 0x01, 0x12, 0x01, // <Vendor kind=""><Final/></Vendor>
      0x01,
    );
    assert.deepEqual(
      root(input),
      el('SyncML', [
        el('Vendor'),
        el('Vendor', ['t']),
        el('kind', [], 0, [['kind', 'a&xyz']]),
        el('Vendor', [el('Final')], 0, [['kind', '']]),
      ]),
    );
  });

  test('a token tag may carry LITERAL attributes; OPAQUE attribute values are read as UTF-8', () => {
    // <SyncML id="hi"> (attribute page switched to 5 in between) <Final/></SyncML>
    // prettier-ignore
    const input = bytes(...h12('id\0'), 0xed, 0x04, 0x00, 0xc3, 0x02, 0x68, 0x69, 0x00, 0x05, 0x01, 0x12, 0x01);
    assert.deepEqual(root(input), el('SyncML', [el('Final')], 0, [['id', 'hi']]));
  });

  test('the literal tag takes the current page', () => {
    const input = bytes(...h12('X\0'), 0x00, 0x01, 0x04, 0x00);
    assert.deepEqual(root(input), el('X', [], 1));
  });

  test('attribute tokens are unknown in every DM language', () => {
    const start = expectWbxmlError(
      () => decodeWbxml(bytes(...H12, 0xad, 0x05, 0x01, 0x12)),
      'SCOMO_WBXML_UNKNOWN_ATTRIBUTE',
      6,
    );
    assert.match(start.message, /start token 0x05/);
    const value = expectWbxmlError(
      () => decodeWbxml(bytes(...h12('a\0'), 0xad, 0x04, 0x00, 0x85, 0x01)),
      'SCOMO_WBXML_UNKNOWN_ATTRIBUTE',
      10,
    );
    assert.match(value.message, /value token 0x85/);
  });

  test('attribute list errors', () => {
    expectWbxmlError(
      () => decodeWbxml(bytes(...H12, 0xad, ...strI('v'), 0x01)),
      'SCOMO_WBXML_UNEXPECTED_TOKEN',
      6,
    );
    expectWbxmlError(
      () => decodeWbxml(bytes(...h12('a\0'), 0xad, 0x04, 0x00, 0x43, 0x01)),
      'SCOMO_WBXML_UNEXPECTED_TOKEN',
      10,
    );
    expectWbxmlError(
      () => decodeWbxml(bytes(...h12('\0'), 0xad, 0x04, 0x00, 0x01)),
      'SCOMO_WBXML_BAD_STRTBL_REF',
      8,
    );
    expectWbxmlError(() => decodeWbxml(bytes(...h12('a\0'), 0xad, 0x04, 0x00)), 'SCOMO_WBXML_TRUNCATED', 10);
  });

  test('an empty literal tag name is rejected', () => {
    expectWbxmlError(() => decodeWbxml(bytes(...h12('\0'), 0x04, 0x00)), 'SCOMO_WBXML_BAD_STRTBL_REF', 7);
  });
});
