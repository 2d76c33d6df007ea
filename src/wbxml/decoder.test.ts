import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeWbxml } from './decoder.ts';
import { DMDDF_12, namespaceForPage, SYNCML_11, SYNCML_12 } from './languages.ts';
import type { WbxmlLanguage } from './languages.ts';
import { bytes, el, expectWbxmlError, fromHex, H12, h12, metinf, strI } from './test-support.ts';
import type { WbxmlElement } from './tree.ts';

const root = (input: Uint8Array): WbxmlElement => decodeWbxml(input).root;

describe('decodeWbxml: header (WBXML 1.3 §5.3–5.7)', () => {
  test('versions 1.1, 1.2 and 1.3', () => {
    for (const version of [1, 2, 3] as const) {
      const decoded = decodeWbxml(bytes(version, 0xa4, 0x01, 0x6a, 0x00, 0x12));
      assert.equal(decoded.version, version);
      assert.equal(decoded.publicId, 0x1201);
      assert.equal(decoded.charset, 106);
      assert.equal(decoded.language, SYNCML_12);
      assert.deepEqual(decoded.root, el('Final'));
    }
  });

  test('other version bytes are rejected at offset 0', () => {
    for (const version of [0x00, 0x04, 0x13, 0xff]) {
      expectWbxmlError(
        () => decodeWbxml(bytes(version, 0xa4, 0x01, 0x6a, 0x00, 0x12)),
        'SCOMO_WBXML_VERSION',
        0,
      );
    }
    expectWbxmlError(() => decodeWbxml(bytes()), 'SCOMO_WBXML_TRUNCATED', 0);
  });

  test('charsets other than UTF-8 are rejected where the charset sits', () => {
    // 4 = ISO-8859-1; 0x83 0x6A = 490 (not 106 in two bytes); 3 = US-ASCII.
    expectWbxmlError(() => decodeWbxml(bytes(0x02, 0xa4, 0x01, 0x04, 0x00, 0x12)), 'SCOMO_WBXML_CHARSET', 3);
    expectWbxmlError(
      () => decodeWbxml(bytes(0x02, 0xa4, 0x01, 0x83, 0x6a, 0x00, 0x12)),
      'SCOMO_WBXML_CHARSET',
      3,
    );
    expectWbxmlError(() => decodeWbxml(bytes(0x02, 0x00, 0x00, 0x03, 0x00, 0x12)), 'SCOMO_WBXML_CHARSET', 3);
  });

  test('SyncML 1.1 (public id 0x0FD3): produced by libwbxml `xml2wbxml -n -v 1.1`', () => {
    // <SyncML xmlns="SYNCML:SYNCML1.1"><SyncHdr><VerDTD>1.1</VerDTD><VerProto>DM/1.1</VerProto>
    // <Meta><MaxMsgSize xmlns="syncml:metinf">4000</MaxMsgSize></Meta></SyncHdr><SyncBody><Final/>…
    const decoded = decodeWbxml(
      fromHex('019f536a006d6c7103312e3100017203444d2f312e3100015a00014c03343030300001010100006b120101'),
    );
    assert.equal(decoded.version, 1);
    assert.equal(decoded.publicId, 0x0fd3);
    assert.equal(decoded.language, SYNCML_11);
    assert.equal(namespaceForPage(SYNCML_11, 0), 'SYNCML:SYNCML1.1');
    assert.deepEqual(
      decoded.root,
      el('SyncML', [
        el('SyncHdr', [
          el('VerDTD', ['1.1']),
          el('VerProto', ['DM/1.1']),
          el('Meta', [metinf('MaxMsgSize', ['4000'])]),
        ]),
        el('SyncBody', [el('Final')]),
      ]),
    );
  });

  test('public id as FPI through the string table', () => {
    const fpi = '-//SYNCML//DTD SyncML 1.2//EN';
    const decoded = decodeWbxml(bytes(0x02, 0x00, 0x00, 0x6a, fpi.length + 1, fpi, 0x00, 0x12));
    assert.equal(decoded.publicId, fpi);
    assert.equal(decoded.language, SYNCML_12);
  });

  test('nested DM DDF document as libwbxml writes it (`xml2wbxml -n -v 1.3`)', () => {
    // <MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>SCOMO</NodeName><RTProperties><Format><node/>
    // </Format></RTProperties></Node></MgmtTree> with DOCTYPE "-//OMA//DTD-DM-DDF 1.2//EN".
    const decoded = decodeWbxml(
      fromHex(
        '0300006a1b2d2f2f4f4d412f2f4454442d444d2d44444620312e322f2f454e000002607703312e32000164660353434f4d4f00016f5c2501010101',
      ),
    );
    assert.equal(decoded.version, 3);
    assert.equal(decoded.publicId, '-//OMA//DTD-DM-DDF 1.2//EN');
    assert.equal(decoded.language, DMDDF_12);
    const ddf = (name: string, children: (WbxmlElement | string)[] = []) => el(name, children, 2);
    assert.deepEqual(
      decoded.root,
      ddf('MgmtTree', [
        ddf('VerDTD', ['1.2']),
        ddf('Node', [ddf('NodeName', ['SCOMO']), ddf('RTProperties', [ddf('Format', [ddf('node')])])]),
      ]),
    );
  });

  test('FPI index outside the string table', () => {
    expectWbxmlError(
      () => decodeWbxml(bytes(0x02, 0x00, 0x05, 0x6a, 0x02, 'a', 0x00, 0x12)),
      'SCOMO_WBXML_BAD_STRTBL_REF',
      2,
    );
  });

  test('string table longer than the input', () => {
    expectWbxmlError(
      () => decodeWbxml(bytes(0x02, 0xa4, 0x01, 0x6a, 0x10, 'ab')),
      'SCOMO_WBXML_TRUNCATED',
      4,
    );
  });

  test('unknown public id: the language is recognised by its root tag', () => {
    const decoded = decodeWbxml(bytes(0x02, 0x01, 0x6a, 0x00, 0x6d, 0x12, 0x01));
    assert.equal(decoded.publicId, 1);
    assert.equal(decoded.language, SYNCML_12);
    const ddf = decodeWbxml(bytes(0x03, 0x01, 0x6a, 0x00, 0x00, 0x02, 0x20));
    assert.equal(ddf.language, DMDDF_12);
    assert.deepEqual(ddf.root, el('MgmtTree', [], 2));
  });

  test('unknown public id and unknown root: no language, tag tokens fail, LITERAL tags work', () => {
    const error = expectWbxmlError(
      () => decodeWbxml(bytes(0x02, 0x01, 0x6a, 0x00, 0x05)),
      'SCOMO_WBXML_UNKNOWN_TAG',
      4,
    );
    assert.match(error.message, /0x05/);
    const literal = decodeWbxml(bytes(0x02, 0x01, 0x6a, 0x02, 'a', 0x00, 0x04, 0x00));
    assert.equal(literal.language, undefined);
    assert.deepEqual(literal.root, el('a'));
  });

  test('languages option restricts what is recognised', () => {
    const input = bytes(...H12, 0x12);
    expectWbxmlError(() => decodeWbxml(input, { languages: [DMDDF_12] }), 'SCOMO_WBXML_UNKNOWN_TAG');
  });
});

describe('decodeWbxml: PI and extensions', () => {
  test('processing instructions are skipped before, inside and after the root', () => {
    // prettier-ignore
    const input = bytes(
      ...h12('pi\0'),
      0x43, 0x04, 0x00, ...strI('x'), 0x01, // PI: LITERAL target "pi", value "x"
      0x6d,
      // PI: attribute page 3, ATTRSTART 0x05, ATTRVALUE 0x85, STR_T, ENTITY 'A', OPAQUE 00
      0x43, 0x00, 0x03, 0x05, 0x85, 0x83, 0x00, 0x02, 0x41, 0xc3, 0x01, 0x00, 0x01,
      0x12,
      0x01,
      0x43, 0x05, 0x01, // PI after the root
    );
    assert.deepEqual(root(input), el('SyncML', [el('Final')]));
  });

  test('malformed PIs', () => {
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x43, 0x01, 0x12)), 'SCOMO_WBXML_UNEXPECTED_TOKEN', 6);
    expectWbxmlError(
      () => decodeWbxml(bytes(...H12, 0x43, ...strI('v'), 0x01, 0x12)),
      'SCOMO_WBXML_UNEXPECTED_TOKEN',
      6,
    );
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x43, 0x05)), 'SCOMO_WBXML_TRUNCATED', 7);
  });

  test('EXT_I_*, EXT_T_* and EXT_* are rejected wherever they appear', () => {
    for (const token of [0x40, 0x41, 0x42, 0x80, 0x81, 0x82, 0xc0, 0xc1, 0xc2]) {
      const inContent = expectWbxmlError(
        () => decodeWbxml(bytes(...H12, 0x4f, token, 0x00, 0x00, 0x01)),
        'SCOMO_WBXML_EXTENSION',
        6,
      );
      assert.match(inContent.message, /EXT/);
      expectWbxmlError(() => decodeWbxml(bytes(...H12, token, 0x00, 0x00)), 'SCOMO_WBXML_EXTENSION', 5);
      expectWbxmlError(
        () => decodeWbxml(bytes(...h12('a\0'), 0xad, 0x04, 0x00, token, 0x00, 0x01)),
        'SCOMO_WBXML_EXTENSION',
        10,
      );
      expectWbxmlError(
        () => decodeWbxml(bytes(...H12, 0x43, 0x05, token, 0x00, 0x01, 0x12)),
        'SCOMO_WBXML_EXTENSION',
        7,
      );
    }
  });
});

describe('decodeWbxml: structure and limits', () => {
  test('a global token where the root tag should be', () => {
    for (const token of [0x01, 0x02, 0x03, 0x83, 0xc3]) {
      expectWbxmlError(() => decodeWbxml(bytes(...H12, token, 0x00)), 'SCOMO_WBXML_UNEXPECTED_TOKEN', 5);
    }
  });

  test('missing END, missing NUL, missing root', () => {
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x6d, 0x12)), 'SCOMO_WBXML_TRUNCATED', 7);
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x4f, 0x03, 0x41)), 'SCOMO_WBXML_TRUNCATED', 6);
    expectWbxmlError(() => decodeWbxml(bytes(...H12)), 'SCOMO_WBXML_TRUNCATED', 5);
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x00)), 'SCOMO_WBXML_TRUNCATED', 6);
  });

  test('bytes after the root element', () => {
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x12, 0x12)), 'SCOMO_WBXML_TRAILING_DATA', 6);
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x12, 0x00, 0x00)), 'SCOMO_WBXML_TRAILING_DATA', 6);
  });

  test('nesting deeper than maxDepth (default 64)', () => {
    const nested = (depth: number) =>
      bytes(
        ...H12,
        ...new Array<number>(depth - 1).fill(0x45),
        0x05,
        ...new Array<number>(depth - 1).fill(0x01),
      );
    let element = decodeWbxml(nested(64)).root;
    let depth = 1;
    while (element.children[0] !== undefined) {
      element = element.children[0] as WbxmlElement;
      depth++;
    }
    assert.equal(depth, 64);
    expectWbxmlError(() => decodeWbxml(nested(65)), 'SCOMO_WBXML_TOO_DEEP', 5 + 64);
    expectWbxmlError(() => decodeWbxml(nested(4), { maxDepth: 3 }), 'SCOMO_WBXML_TOO_DEEP', 8);
    assert.doesNotThrow(() => decodeWbxml(nested(3), { maxDepth: 3 }));
  });

  test('options and input are checked', () => {
    for (const maxDepth of [0, -1, 1.5, Number.NaN]) {
      expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x12), { maxDepth }), 'SCOMO_WBXML_BAD_OPTIONS');
    }
    // @ts-expect-error: a string is not a Uint8Array, as JavaScript callers may pass.
    expectWbxmlError(() => decodeWbxml('02a4016a0012'), 'SCOMO_WBXML_BAD_OPTIONS');
    const languages = SYNCML_12 as unknown as WbxmlLanguage[];
    expectWbxmlError(() => decodeWbxml(bytes(...H12, 0x12), { languages }), 'SCOMO_WBXML_BAD_OPTIONS');
  });
});
