import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import type { WbxmlElement, WbxmlNode } from '../../wbxml/index.ts';
import { parseXmlTree } from './reader.ts';
import { writeXmlContent, writeXmlTree } from './writer.ts';

function el(name: string, page: number, children: WbxmlNode[] = []): WbxmlElement {
  return { type: 'element', name, page, attributes: [], children };
}
const text = (value: string, cdata = false): WbxmlNode =>
  cdata ? { type: 'text', value, cdata } : { type: 'text', value };

describe('writeXmlTree', () => {
  test('namespace on the root and wherever the page changes; none between same-page elements', () => {
    const root = el('SyncML', 0, [
      el('Meta', 0, [el('Format', 1, [text('b64')]), el('Type', 1, [text('t')])]),
      el('Data', 0, [el('MgmtTree', 2, [el('Node', 2, [el('NodeName', 2, [text('a')])])])]),
    ]);
    assert.equal(
      writeXmlTree(root),
      '<SyncML xmlns="SYNCML:SYNCML1.2"><Meta><Format xmlns="syncml:metinf">b64</Format><Type xmlns="syncml:metinf">t</Type></Meta>' +
        '<Data><MgmtTree xmlns="syncml:dmddf1.2"><Node><NodeName>a</NodeName></Node></MgmtTree></Data></SyncML>',
    );
  });

  test('flags self-close, other empty elements are written open and closed', () => {
    const root = el('SyncBody', 0, [
      el('Data', 0),
      el('Final', 0),
      el('Format', 2, [el('node', 2)]),
      el('DDFName', 2),
    ]);
    assert.equal(
      writeXmlTree(root),
      '<SyncBody xmlns="SYNCML:SYNCML1.2"><Data></Data><Final/><Format xmlns="syncml:dmddf1.2"><node/></Format><DDFName xmlns="syncml:dmddf1.2"></DDFName></SyncBody>',
    );
  });

  test('text is escaped, CR kept as a reference; the result reads back to the same text', () => {
    const value = 'a & b < c > d\r\ne "q" \'s\'';
    const xml = writeXmlTree(el('Data', 0, [text(value)]));
    assert.equal(xml, '<Data xmlns="SYNCML:SYNCML1.2">a &amp; b &lt; c &gt; d&#13;\ne "q" \'s\'</Data>');
    assert.deepEqual(parseXmlTree(xml).root.children, [text(value)]);
  });

  test('CDATA text is written as CDATA, splitting "]]>" and CR, and reads back exactly', () => {
    const value = 'x]]>y\rz]]]]>';
    const xml = writeXmlTree(el('Data', 0, [text(value, true)]));
    assert.equal(xml.includes(']]>y'), false, 'no raw ]]> inside a section');
    const back = parseXmlTree(xml).root.children;
    const joined = back.map((node) => (node.type === 'text' ? node.value : '')).join('');
    assert.equal(joined, value);
  });

  test('attributes are escaped including newlines and tabs', () => {
    const root: WbxmlElement = { ...el('A', 0), attributes: [{ name: 'v', value: '<"&\n\t>' }] };
    const xml = writeXmlTree(root);
    assert.equal(xml, '<A xmlns="SYNCML:SYNCML1.2" v="&lt;&quot;&amp;&#10;&#9;&gt;"></A>');
    assert.deepEqual(parseXmlTree(xml).root.attributes, [{ name: 'v', value: '<"&\n\t>' }]);
  });

  test('OPAQUE bytes: UTF-8 text as CDATA, other bytes as base64', () => {
    const utf8 = el('Data', 0, [{ type: 'opaque', bytes: new TextEncoder().encode('a<b') }]);
    assert.equal(writeXmlTree(utf8), '<Data xmlns="SYNCML:SYNCML1.2"><![CDATA[a<b]]></Data>');
    const binary = el('Data', 0, [{ type: 'opaque', bytes: new Uint8Array([0xff, 0x00, 0x01]) }]);
    assert.equal(writeXmlTree(binary), '<Data xmlns="SYNCML:SYNCML1.2">/wAB</Data>');
  });

  test('pretty printing indents element-only content and leaves text content exact', () => {
    const root = el('SyncML', 0, [
      el('SyncHdr', 0, [el('VerDTD', 0, [text('1.2')])]),
      el('Data', 0, [text(' x ')]),
    ]);
    assert.equal(
      writeXmlTree(root, { pretty: true }),
      '<SyncML xmlns="SYNCML:SYNCML1.2">\n  <SyncHdr>\n    <VerDTD>1.2</VerDTD>\n  </SyncHdr>\n  <Data> x </Data>\n</SyncML>\n',
    );
    const back = parseXmlTree(writeXmlTree(root, { pretty: true })).root;
    assert.deepEqual(back, root, 'pretty output reads back to the same tree');
  });

  test('declaration and namespace overrides', () => {
    assert.equal(
      writeXmlTree(el('SyncML', 0), { declaration: true, namespaces: { 0: 'SYNCML:SYNCML1.1' } }),
      '<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.1"></SyncML>',
    );
  });

  test('text XML cannot carry, names that are not XML names and unknown pages are typed errors', () => {
    const cases: WbxmlElement[] = [
      el('Data', 0, [text('a\u0000b')]),
      el('Data', 0, [text('\uD800')]),
      el('bad name', 0),
      el('X', 9),
    ];
    for (const root of cases) {
      assert.throws(
        () => writeXmlTree(root),
        (err) => isScomoError(err, 'SCOMO_XML_UNREPRESENTABLE'),
      );
    }
  });
});

describe('writeXmlContent', () => {
  test('writes the children only, without a namespace for same-page children', () => {
    const data = el('Data', 0, [el('ResultCode', 0, [text('1200')]), text(' & ')]);
    assert.equal(writeXmlContent(data), '<ResultCode>1200</ResultCode> &amp; ');
  });
});
