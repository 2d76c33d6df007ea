import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeWbxml } from './decoder.ts';
import { encodeWbxml } from './encoder.ts';
import type { EncodeWbxmlOptions } from './encoder.ts';
import { DMDDF_12, FPIS, SYNCML_11, SYNCML_12 } from './languages.ts';
import type { WbxmlLanguage } from './languages.ts';
import { bytes, cdata, doc, el, expectWbxmlError, fromHex, metinf, strI, toHex } from './test-support.ts';
import type { WbxmlDocument, WbxmlElement } from './tree.ts';

const encode12 = (root: WbxmlElement) => encodeWbxml(doc(root), { language: SYNCML_12 });
const HEADER_12 = '02a4016a00';

describe('encodeWbxml: byte-identical with libwbxml', () => {
  test('a DM message with MetInf, OPAQUE Item Data, CDATA, an empty Data and Final', () => {
    // Reference bytes: `xml2wbxml -n -v 1.2` (libwbxml 0.11.8) of this tree written as XML, with the
    // CDATA section <![CDATA[<x>&y</x>]]> in the Alert's Item Data.
    const expected =
      '02a4016a006d6c7103312e3200017203444d2f312e3200016503314600015b033200016e5703494d45493a3439303135' +
      '3432303332333735313800010167570368747470733a2f2f646d2e6578616d706c652e636f6d2f646d0001014e5a0001' +
      '47036236340001530373796e636d6c3a617574682d6d643500010100004f035a7a36456976523379656161454e63524e' +
      '366c7041513d3d000101016b694b033100015c033100014c033000014a0353796e6348647200014f03323132000101604b' +
      '03320001546e57032e2f53434f4d4f2f446f776e6c6f61642f417070312f4e616d650001015a0001470363687200010100' +
      '004fc30fc39c6ec3af63c3b664c3a920e29c93010101464b033300014f03313232360001544fc3093c783e26793c2f783e' +
      '010101534b03340001546e57032e2f53434f4d4f2f496e76656e746f72792f4465706c6f7965643f6c6973743d53747275' +
      '6374446174610001010101454b03350001546e57032e2f53434f4d4f2f446f776e6c6f61642f417070312f44657363726970' +
      '74696f6e0001010f0101120101';
    const tree = el('SyncML', [
      el('SyncHdr', [
        el('VerDTD', ['1.2']),
        el('VerProto', ['DM/1.2']),
        el('SessionID', ['1F']),
        el('MsgID', ['2']),
        el('Target', [el('LocURI', ['IMEI:490154203237518'])]),
        el('Source', [el('LocURI', ['https://dm.example.com/dm'])]),
        el('Cred', [
          el('Meta', [metinf('Format', ['b64']), metinf('Type', ['syncml:auth-md5'])]),
          el('Data', ['Zz6EivR3yeaaENcRN6lpAQ==']),
        ]),
      ]),
      el('SyncBody', [
        el('Status', [
          el('CmdID', ['1']),
          el('MsgRef', ['1']),
          el('CmdRef', ['0']),
          el('Cmd', ['SyncHdr']),
          el('Data', ['212']),
        ]),
        el('Replace', [
          el('CmdID', ['2']),
          el('Item', [
            el('Target', [el('LocURI', ['./SCOMO/Download/App1/Name'])]),
            el('Meta', [metinf('Format', ['chr'])]),
            el('Data', ['Ünïcödé ✓']),
          ]),
        ]),
        el('Alert', [
          el('CmdID', ['3']),
          el('Data', ['1226']),
          el('Item', [el('Data', [cdata('<x>&y</x>')])]),
        ]),
        el('Get', [
          el('CmdID', ['4']),
          el('Item', [el('Target', [el('LocURI', ['./SCOMO/Inventory/Deployed?list=StructData'])])]),
        ]),
        el('Add', [
          el('CmdID', ['5']),
          el('Item', [el('Target', [el('LocURI', ['./SCOMO/Download/App1/Description'])]), el('Data')]),
        ]),
        el('Final'),
      ]),
    ]);
    assert.equal(toHex(encode12(tree)), expected);
  });

  test('reference §6.4: lazy page switches, `00 00` only before the next page-0 tag', () => {
    const meta = el('Meta', [metinf('Format', ['b64']), metinf('Type', ['syncml:auth-md5'])]);
    const section64 = toHex(
      bytes(0x5a, 0x00, 0x01, 0x47, ...strI('b64'), 0x01, 0x53, ...strI('syncml:auth-md5'), 0x01, 0x01),
    );
    assert.equal(
      toHex(encode12(el('Cred', [meta, el('Data', ['x'])]))),
      `${HEADER_12}4e${section64}00004f${toHex(bytes(...strI('x')))}0101`,
    );
    // Nothing follows the Meta: no switch back is written at all.
    assert.equal(toHex(encode12(el('Cred', [meta]))), `${HEADER_12}4e${section64}01`);
  });

  test('SyncML 1.1 as WBXML 1.1 and 1.3 (`xml2wbxml -n -v 1.1` / `-v 1.3`)', () => {
    const tree = el('SyncML', [
      el('SyncHdr', [
        el('VerDTD', ['1.1']),
        el('VerProto', ['DM/1.1']),
        el('Meta', [metinf('MaxMsgSize', ['4000'])]),
      ]),
      el('SyncBody', [el('Final')]),
    ]);
    const body = '6d6c7103312e3100017203444d2f312e3100015a00014c03343030300001010100006b120101';
    const input = doc(tree, 0x0fd3);
    assert.equal(toHex(encodeWbxml(input, { language: SYNCML_11, version: 1 })), `019f536a00${body}`);
    assert.equal(toHex(encodeWbxml(input, { language: SYNCML_11, version: 3 })), `039f536a00${body}`);
  });

  test('a DM DDF document: FPI through the string table, page 2 (`xml2wbxml -n -v 1.3`)', () => {
    const ddf = (name: string, children: (WbxmlElement | string)[] = []) => el(name, children, 2);
    const tree = ddf('MgmtTree', [
      ddf('VerDTD', ['1.2']),
      ddf('Node', [ddf('NodeName', ['SCOMO']), ddf('RTProperties', [ddf('Format', [ddf('node')])])]),
    ]);
    const expected =
      '0300006a1b2d2f2f4f4d412f2f4454442d444d2d44444620312e322f2f454e000002607703312e32000164660353434f4d4f00016f5c2501010101';
    assert.equal(toHex(encodeWbxml(doc(tree, FPIS.DMDDF_12), { language: DMDDF_12, version: 3 })), expected);
    // A public id the language does not list falls back to the language's own.
    assert.equal(toHex(encodeWbxml(doc(tree, 0x1201), { language: DMDDF_12, version: 3 })), expected);
  });
});

describe('encodeWbxml: header', () => {
  test('version defaults to 1.2; options.version sets the byte', () => {
    assert.equal(toHex(encode12(el('Final'))), `${HEADER_12}12`);
    assert.equal(toHex(encodeWbxml(doc(el('Final')), { language: SYNCML_12, version: 3 })), '03a4016a0012');
  });

  test('public id: the document’s own when the language lists it, else the language’s default', () => {
    assert.equal(toHex(encodeWbxml(doc(el('Final'), 0x0fd3), { language: SYNCML_12 })), `${HEADER_12}12`);
    assert.equal(toHex(encodeWbxml(doc(el('Final'), 0x0fd3), { language: SYNCML_11 })), '029f536a0012');
    const fpi = FPIS.SYNCML_12;
    assert.equal(
      toHex(encodeWbxml(doc(el('Final'), fpi), { language: SYNCML_12 })),
      toHex(bytes(0x02, 0x00, 0x00, 0x6a, fpi.length + 1, fpi, 0x00, 0x12)),
    );
  });

  test('a language with nothing to write as public id', () => {
    const bare: WbxmlLanguage = { name: 'bare', publicIds: [], fpis: [], pages: [] };
    expectWbxmlError(() => encodeWbxml(doc(el('x')), { language: bare }), 'SCOMO_WBXML_ENCODE_BAD_PUBLIC_ID');
  });

  test('bad version option', () => {
    // 4 is not a WbxmlVersion; JavaScript callers may pass it all the same.
    const options = { language: SYNCML_12, version: 4 } as unknown as EncodeWbxmlOptions;
    expectWbxmlError(() => encodeWbxml(doc(el('Final')), options), 'SCOMO_WBXML_BAD_OPTIONS');
  });
});

describe('encodeWbxml: content', () => {
  test('empty text is STR_I "", empty CDATA writes nothing (as libwbxml), no children = bare token', () => {
    assert.equal(toHex(encode12(el('Data', ['']))), `${HEADER_12}4f030001`);
    assert.equal(toHex(encode12(el('Data', [cdata('')]))), `${HEADER_12}4f01`);
    assert.equal(toHex(encode12(el('Data'))), `${HEADER_12}0f`);
  });

  test('OPAQUE: opaque nodes, CDATA, and the SyncML Item Data rule', () => {
    const opaque = { type: 'opaque' as const, bytes: bytes(0x00, 0xff) };
    assert.equal(toHex(encode12(el('Data', [opaque]))), `${HEADER_12}4fc30200ff01`);
    assert.equal(toHex(encode12(el('LocURI', [cdata('a\0b')]))), `${HEADER_12}57c30361006201`);
    const itemData = (command: string) =>
      toHex(encode12(el(command, [el('Item', [el('Data', ['ab'])])])).subarray(5 + 2));
    assert.equal(itemData('Add'), '4fc3026162010101');
    assert.equal(itemData('Replace'), '4fc3026162010101');
    assert.equal(itemData('Results'), '4f03616200010101');
    assert.equal(itemData('Alert'), '4f03616200010101');
  });

  test('a long OPAQUE text gets a multi-byte length', () => {
    const long = 'x'.repeat(200);
    const out = encode12(el('Add', [el('Item', [el('Data', [long])])]));
    assert.equal(toHex(out.subarray(5, 11)), '45544fc38148');
    assert.equal(out.length, 5 + 6 + 200 + 3);
  });

  test('tags and attributes without tokens become LITERAL with a string table, even when not asked for', () => {
    // Checked with libwbxml: `wbxml2xml` reads it back as <SyncML><VendorExt>hello</VendorExt><Final/>
    // (libwbxml drops attributes of SyncML, which has no attribute table).
    const tree = el('SyncML', [el('VendorExt', ['hello'], 0, [['kind', 'x&y']]), el('Final')], 0, [
      ['xml:lang', 'en'],
    ]);
    assert.equal(
      toHex(encode12(tree)),
      '02a4016a18786d6c3a6c616e670056656e646f72457874006b696e6400ed040003656e0001c40904130378267900010368656c6c6f00011201',
    );
  });

  test('an element outside the language keeps its page', () => {
    const out = encode12(el('SyncML', [el('Thing', [], 9)]));
    assert.equal(toHex(out), '02a4016a065468696e67006d0009040001');
    assert.deepEqual(decodeWbxml(out).root, el('SyncML', [el('Thing', [], 9)]));
  });
});

describe('encodeWbxml: string table (stringTable: true)', () => {
  test('repeated strings of 4+ bytes are shared, short or single ones stay inline', () => {
    const uri = './SCOMO/Download/App1';
    const tree = el('SyncBody', [
      el('Status', [el('CmdID', ['1']), el('TargetRef', [uri])]),
      el('Status', [el('CmdID', ['1']), el('TargetRef', [uri]), el('Data', ['only once'])]),
      el('Add', [el('Item', [el('Data', [uri]), el('Data', [uri])])]), // OPAQUE: never shared
    ]);
    const out = encodeWbxml(doc(tree), { language: SYNCML_12, stringTable: true });
    const table = toHex(bytes(uri, 0x00));
    const strT0 = '8300';
    const expectedBody =
      '6b' +
      `69${toHex(bytes(0x4b, ...strI('1'), 0x01))}6f${strT0}0101` +
      `69${toHex(bytes(0x4b, ...strI('1'), 0x01))}6f${strT0}01${toHex(bytes(0x4f, ...strI('only once'), 0x01))}01` +
      `4554${toHex(bytes(0x4f, 0xc3, uri.length, uri, 0x01))}${toHex(bytes(0x4f, 0xc3, uri.length, uri, 0x01))}0101` +
      '01';
    assert.equal(toHex(out), `02a4016a${(uri.length + 1).toString(16)}${table}${expectedBody}`);
  });

  test('the FPI comes first in the table, then shared strings and literal names', () => {
    const ddf = (name: string, children: (WbxmlElement | string)[] = []) => el(name, children, 2);
    const node = () => ddf('Node', [ddf('NodeName', ['abcd'])]);
    const tree = ddf('MgmtTree', [node(), node(), ddf('X')]);
    const out = encodeWbxml(doc(tree, FPIS.DMDDF_12), { language: DMDDF_12, stringTable: true });
    // Table: FPI at 0 (26 bytes + NUL), "abcd" at 0x1B, "X" (a literal tag) at 0x20; 0x22 bytes.
    const table = toHex(bytes(FPIS.DMDDF_12, 0x00, 'abcd', 0x00, 'X', 0x00));
    assert.equal(toHex(out), `0200006a22${table}000260` + '6466831b0101'.repeat(2) + '042001');
  });

  test('a string is shared only while a reference at its offset is cheaper than inlining it', () => {
    // 1,100 distinct 15-byte strings, each twice, fill the table past offset 16384, where an STR_T
    // costs 4 bytes: "abcd" twice then costs 5 + 2 × 4 = 13 shared against 2 × 6 = 12 inline.
    const filler = Array.from({ length: 1100 }, (_, i) => `filler-${String(i).padStart(8, '0')}`);
    const tree = el(
      'SyncBody',
      [...filler, ...filler, 'abcd', 'abcd'].map((value) => el('Data', [value])),
    );
    const encoded = encodeWbxml(doc(tree), { language: SYNCML_12, stringTable: true });
    assert.deepEqual(decodeWbxml(encoded).root, tree);
    const out = toHex(encoded);
    assert.ok(out.endsWith(toHex(bytes(0x4f, ...strI('abcd'), 0x01, 0x4f, ...strI('abcd'), 0x01, 0x01))));
    // Below that offset the same pair is shared.
    const small = toHex(
      encodeWbxml(doc(el('SyncBody', [el('Data', ['abcd']), el('Data', ['abcd'])])), {
        language: SYNCML_12,
        stringTable: true,
      }),
    );
    assert.equal(small, `02a4016a05${toHex(bytes('abcd', 0x00))}6b4f8300014f83000101`);
  });

  test('attribute values are shared like text', () => {
    const tree = el('SyncML', [el('A', [], 0, [['k', 'value']]), el('A', [], 0, [['k', 'value']])]);
    const out = encodeWbxml(doc(tree), { language: SYNCML_12, stringTable: true });
    assert.equal(toHex(out), '02a4016a0a76616c75650041006b00' + '6d' + '84060408830001'.repeat(2) + '01');
  });
});

describe('encodeWbxml: refuses what it cannot write', () => {
  test('U+0000 in an inline string, lone surrogates anywhere', () => {
    expectWbxmlError(() => encode12(el('Data', ['a\0b'])), 'SCOMO_WBXML_ENCODE_BAD_TEXT');
    expectWbxmlError(() => encode12(el('Data', ['a'.repeat(300) + '\0'])), 'SCOMO_WBXML_ENCODE_BAD_TEXT');
    expectWbxmlError(() => encode12(el('Data', ['\ud800'])), 'SCOMO_WBXML_ENCODE_BAD_TEXT');
    expectWbxmlError(
      () => encode12(el('Add', [el('Item', [el('Data', ['x\udc00'])])])),
      'SCOMO_WBXML_ENCODE_BAD_TEXT',
    );
    expectWbxmlError(() => encode12(el('Nul\0Name')), 'SCOMO_WBXML_ENCODE_BAD_TEXT');
    // OPAQUE text may carry U+0000.
    assert.equal(
      toHex(encode12(el('Add', [el('Item', [el('Data', ['\0'])])]))),
      `${HEADER_12}45544fc30100010101`,
    );
  });

  test('malformed trees', () => {
    expectWbxmlError(() => encode12(el('')), 'SCOMO_WBXML_ENCODE_BAD_TREE');
    expectWbxmlError(() => encode12(el('Final', [], 256)), 'SCOMO_WBXML_ENCODE_BAD_TREE');
    expectWbxmlError(() => encode12(el('Final', [], -1)), 'SCOMO_WBXML_ENCODE_BAD_TREE');
    expectWbxmlError(() => encode12(el('Final', [], 0, [['', 'v']])), 'SCOMO_WBXML_ENCODE_BAD_TREE');
    const odd = el('Data');
    // @ts-expect-error: not a WbxmlNode, as JavaScript callers may build.
    odd.children.push({ type: 'comment', value: 'x' });
    expectWbxmlError(() => encode12(odd), 'SCOMO_WBXML_ENCODE_BAD_TREE');
    // With the string table the tree is walked twice; the first walk must not trip over bad nodes.
    const broken = { ...el('SyncML'), attributes: 'x' } as unknown as WbxmlElement;
    for (const stringTable of [false, true]) {
      expectWbxmlError(
        () => encodeWbxml(doc(el('SyncML', [broken])), { language: SYNCML_12, stringTable }),
        'SCOMO_WBXML_ENCODE_BAD_TREE',
      );
    }
    expectWbxmlError(
      () =>
        encodeWbxml({ version: 2, publicId: 0x1201, charset: 106 } as WbxmlDocument, { language: SYNCML_12 }),
      'SCOMO_WBXML_ENCODE_BAD_TREE',
    );
    expectWbxmlError(
      () => encodeWbxml(doc(el('Final')), {} as EncodeWbxmlOptions),
      'SCOMO_WBXML_BAD_OPTIONS',
    );
  });
});

describe('encodeWbxml: implementation properties', () => {
  test('deep trees do not exhaust the call stack (encoder and decoder are iterative)', () => {
    const depth = 50_000;
    const tree = el('Add');
    let cursor = tree;
    for (let i = 1; i < depth; i++) {
      const child = el('Add');
      cursor.children.push(child);
      cursor = child;
    }
    const out = encode12(tree);
    assert.equal(out.length, 5 + depth + (depth - 1));
    assert.equal(decodeWbxml(out, { maxDepth: depth }).root.name, 'Add');
    assert.equal(toHex(encodeWbxml(doc(tree), { language: SYNCML_12, stringTable: true })), toHex(out));
  });

  test('results are independent buffers; a nested encode inside an opaqueText rule is safe', () => {
    const first = encode12(el('Data', ['one']));
    const firstHex = toHex(first);
    encode12(el('Data', ['two, longer']));
    assert.equal(toHex(first), firstHex);

    let nested: Uint8Array | undefined;
    const reentrant: WbxmlLanguage = {
      ...SYNCML_12,
      opaqueText: (element) => {
        nested = encode12(el('Final'));
        return element.name === 'Data';
      },
    };
    const outer = encodeWbxml(doc(el('Data', ['xyz'])), { language: reentrant });
    assert.equal(toHex(outer), `${HEADER_12}4fc30378797a01`);
    assert.equal(toHex(nested ?? new Uint8Array()), `${HEADER_12}12`);
  });

  test('libwbxml header bytes for the corpus shape', () => {
    assert.deepEqual(encode12(el('SyncML', [el('Final')])).subarray(0, 5), fromHex(HEADER_12));
  });
});
