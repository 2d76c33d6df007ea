import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DMDDF_PAGE_TOKENS, METINF_PAGE_TOKENS, SYNCML_PAGE_TOKENS } from './code-pages.ts';
import { decodeWbxml } from './decoder.ts';
import { encodeWbxml } from './encoder.ts';
import { DMDDF_12, FPIS, SYNCML_12 } from './languages.ts';
import type { WbxmlLanguage } from './languages.ts';
import { doc, el, metinf, prng, toHex } from './test-support.ts';
import type { WbxmlElement, WbxmlNode } from './tree.ts';

/** SyncML 1.2 without the Item Data OPAQUE rule, so that text comes back as text. */
const { opaqueText: _rule, ...SYNCML_12_PLAIN } = SYNCML_12;
const PLAIN: WbxmlLanguage = { ...SYNCML_12_PLAIN, name: 'SyncML 1.2 (no OPAQUE rule)' };

function roundTrip(
  root: WbxmlElement,
  language: WbxmlLanguage,
  stringTable: boolean,
  publicId?: number | string,
) {
  const encoded = encodeWbxml(doc(root, publicId ?? language.publicIds[0] ?? 0), { language, stringTable });
  return { encoded, decoded: decodeWbxml(encoded, { languages: [language], maxDepth: 1000 }) };
}

const message = el('SyncML', [
  el('SyncHdr', [
    el('VerDTD', ['1.2']),
    el('VerProto', ['DM/1.2']),
    el('SessionID', ['4A']),
    el('MsgID', ['3']),
    el('Target', [el('LocURI', ['https://dm.example.com/dm'])]),
    el('Source', [el('LocURI', ['IMEI:490154203237518']), el('LocName', ['dev'])]),
    el('Meta', [metinf('MaxMsgSize', ['16384']), metinf('MaxObjSize', ['1048576'])]),
  ]),
  el('SyncBody', [
    el('Status', [
      el('CmdID', ['1']),
      el('MsgRef', ['2']),
      el('CmdRef', ['0']),
      el('Cmd', ['SyncHdr']),
      el('Data', ['200']),
    ]),
    el('Results', [
      el('CmdID', ['2']),
      el('Item', [
        el('Source', [el('LocURI', ['./SCOMO/Inventory/Deployed/App1/Name'])]),
        el('Meta', [metinf('Format', ['chr']), metinf('Type', ['text/plain'])]),
        el('Data', ['Ünïcödé ✓ 𝄞 &<>']),
      ]),
      el('Item', [
        el('Source', [el('LocURI', ['./SCOMO/Inventory/Deployed/App1/Version'])]),
        el('Meta', [metinf('Format', ['chr']), metinf('Type', ['text/plain'])]),
        el('Data', ['']),
      ]),
    ]),
    el('Exec', [
      el('CmdID', ['3']),
      el('Correlator', ['job-7f3a']),
      el('Item', [el('Target', [el('LocURI', ['./SCOMO/Download/App1/Operations/DownloadInstall'])])]),
    ]),
    el('Replace', [el('Item', [el('Data', [{ type: 'opaque', bytes: Uint8Array.from([0, 1, 2, 255]) }])])]),
    el('Vendor', ['x'], 0, [
      ['attr', 'v'],
      ['empty', ''],
    ]),
    el('Final'),
  ]),
]);

describe('round trips', () => {
  for (const stringTable of [false, true]) {
    test(`a DM message, tree → bytes → tree is exact (string table ${stringTable})`, () => {
      const { decoded } = roundTrip(message, PLAIN, stringTable);
      assert.deepEqual(decoded.root, message);
      assert.equal(decoded.publicId, 0x1201);
    });

    test(`with the SyncML OPAQUE rule, bytes → tree → bytes is exact (string table ${stringTable})`, () => {
      const { encoded, decoded } = roundTrip(message, SYNCML_12, stringTable);
      assert.equal(toHex(encodeWbxml(decoded, { language: SYNCML_12, stringTable })), toHex(encoded));
    });

    test(`a DDF tree with its FPI (string table ${stringTable})`, () => {
      const ddf = (name: string, children: (WbxmlNode | string)[] = []) => el(name, children, 2);
      const tree = ddf('MgmtTree', [
        ddf('VerDTD', ['1.2']),
        ddf('Node', [
          ddf('NodeName', ['SCOMO']),
          ddf('RTProperties', [
            ddf('Format', [ddf('node')]),
            ddf('Type', [ddf('DDFName', ['urn:oma:mo:oma-scomo:1.0'])]),
          ]),
        ]),
      ]);
      const { decoded } = roundTrip(tree, DMDDF_12, stringTable, FPIS.DMDDF_12);
      assert.deepEqual(decoded.root, tree);
      assert.equal(decoded.publicId, FPIS.DMDDF_12);
      assert.equal(decoded.language, DMDDF_12);
    });
  }

  test('the string table shrinks a repetitive message and decodes to the same tree', () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      el('Item', [
        el('Source', [el('LocURI', [`./SCOMO/Inventory/Deployed/App${i}/State`])]),
        el('Meta', [metinf('Format', ['chr']), metinf('Type', ['text/plain'])]),
        el('Data', ['Installed']),
      ]),
    );
    const tree = el('SyncML', [el('SyncBody', [el('Results', items)])]);
    const plain = roundTrip(tree, PLAIN, false);
    const shared = roundTrip(tree, PLAIN, true);
    assert.ok(
      shared.encoded.length < plain.encoded.length,
      `${shared.encoded.length} < ${plain.encoded.length}`,
    );
    assert.deepEqual(shared.decoded.root, plain.decoded.root);
    assert.deepEqual(shared.decoded.root, tree);
  });
});

describe('round trips of random trees (seeded)', () => {
  const pages = [
    { page: 0, names: Object.values(SYNCML_PAGE_TOKENS) },
    { page: 1, names: Object.values(METINF_PAGE_TOKENS) },
    { page: 2, names: Object.values(DMDDF_PAGE_TOKENS) },
  ];
  const literalNames = ['Vendor', 'x:ext', 'Ünï', 'a-b.c'];
  const alphabet = ['a', 'Z', '0', ' ', '&', '<', '/', 'é', '✓', '𝄞', '\n', '\u00a0', '\ufeff'];

  function randomTree(random: () => number): WbxmlElement {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const randomText = () => Array.from({ length: Math.floor(random() * 12) }, () => pick(alphabet)).join('');
    const make = (depth: number): WbxmlElement => {
      const literal = random() < 0.08;
      const { page, names } = pick(pages);
      const element = el(
        literal ? pick(literalNames) : pick(names),
        [],
        literal ? Math.floor(random() * 4) : page,
      );
      if (random() < 0.1) element.attributes.push({ name: pick(literalNames), value: randomText() });
      const count = depth > 5 ? 0 : Math.floor(random() * 5);
      for (let i = 0; i < count; i++) {
        const roll = random();
        const last = element.children[element.children.length - 1];
        if (roll < 0.25 && last?.type !== 'text')
          element.children.push({ type: 'text', value: randomText() });
        else if (roll < 0.3) {
          const bytes = Uint8Array.from({ length: Math.floor(random() * 6) }, () =>
            Math.floor(random() * 256),
          );
          element.children.push({ type: 'opaque', bytes });
        } else element.children.push(make(depth + 1));
      }
      return element;
    };
    return make(0);
  }

  test('500 random trees come back identical, with and without the string table', () => {
    const random = prng(0x5c0e0);
    for (let i = 0; i < 500; i++) {
      const tree = randomTree(random);
      for (const stringTable of [false, true]) {
        const { encoded, decoded } = roundTrip(tree, PLAIN, stringTable);
        assert.deepEqual(decoded.root, tree, `tree ${i}, string table ${stringTable}: ${toHex(encoded)}`);
      }
    }
  });
});
