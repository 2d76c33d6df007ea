import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import type { WbxmlElement } from '../../wbxml/index.ts';
import { fastReadXml } from './fast-reader.ts';
import { locateXmlElements, parseXmlTree } from './reader.ts';
import { MAX_XML_DEPTH, readXmlWithSaxes } from './saxes-reader.ts';
import { pageForXmlNamespace } from '../vocabulary/namespaces.ts';

function child(element: WbxmlElement, name: string): WbxmlElement {
  const found = element.children.find(
    (node): node is WbxmlElement => node.type === 'element' && node.name === name,
  );
  assert.ok(found, `<${element.name}> has a <${name}> child`);
  return found;
}

/** Asserts that `run` throws a ScomoError with `code`; returns it for further checks. */
function rejects(run: () => unknown, code: string) {
  try {
    run();
  } catch (err) {
    assert.ok(isScomoError(err), `a ScomoError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe('parseXmlTree: namespaces become code pages', () => {
  test('default namespace inheritance: SyncML 0, MetInf 1, DM DDF 2, unqualified children keep the page', () => {
    const { root, warnings } = parseXmlTree(
      '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><Meta><MaxMsgSize xmlns="syncml:metinf">100</MaxMsgSize></Meta></SyncHdr>' +
        '<SyncBody><Add><Item><Data><MgmtTree xmlns="syncml:dmddf1.2"><Node><NodeName>a</NodeName></Node></MgmtTree></Data></Item></Add></SyncBody></SyncML>',
    );
    assert.deepEqual(warnings, []);
    assert.equal(root.page, 0);
    const meta = child(child(root, 'SyncHdr'), 'Meta');
    assert.equal(meta.page, 0);
    assert.equal(child(meta, 'MaxMsgSize').page, 1);
    const data = child(child(child(child(root, 'SyncBody'), 'Add'), 'Item'), 'Data');
    const tree = child(data, 'MgmtTree');
    assert.equal(tree.page, 2);
    assert.equal(child(child(tree, 'Node'), 'NodeName').page, 2, 'children inherit the DDF namespace');
  });

  test('namespace match ignores case; SyncML 1.1 maps to page 0; no namespace at all means page 0', () => {
    assert.equal(parseXmlTree('<SyncML xmlns="syncml:SYNCML1.2"/>').root.page, 0);
    assert.equal(parseXmlTree('<SyncML xmlns="SYNCML:SYNCML1.1"/>').root.page, 0);
    assert.equal(parseXmlTree('<a xmlns="SYNCML:METINF"/>').root.page, 1);
    assert.equal(parseXmlTree('<SyncML/>').root.page, 0);
  });

  test('an unknown namespace is a warning and keeps the parent page', () => {
    const { root, warnings } = parseXmlTree(
      '<SyncML xmlns="SYNCML:SYNCML1.2"><X xmlns="urn:other"><Y/></X></SyncML>',
    );
    assert.equal(child(root, 'X').page, 0);
    assert.equal(child(child(root, 'X'), 'Y').page, 0);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /urn:other/);
  });

  test('prefixed names resolve through xmlns:prefix declarations; the prefix is dropped from the name', () => {
    const { root } = parseXmlTree(
      '<SyncML xmlns="SYNCML:SYNCML1.2" xmlns:m="syncml:metinf"><Meta><m:Type>x</m:Type></Meta></SyncML>',
    );
    const type = child(child(root, 'Meta'), 'Type');
    assert.equal(type.page, 1);
    assert.deepEqual(root.attributes, [], 'namespace declarations are not kept as attributes');
  });

  test('other attributes are kept', () => {
    const { root } = parseXmlTree('<SyncML a="1 &amp; 2"/>');
    assert.deepEqual(root.attributes, [{ name: 'a', value: '1 & 2' }]);
  });
});

describe('parseXmlTree: text', () => {
  test('predefined and numeric character references are decoded', () => {
    const { root } = parseXmlTree('<Data>&lt;a&gt; &amp; &quot;&apos; &#65;&#x42;&#x1F600;</Data>');
    assert.deepEqual(root.children, [{ type: 'text', value: '<a> & "\' AB\u{1F600}' }]);
  });

  test('CDATA becomes text marked cdata, kept exactly', () => {
    const { root } = parseXmlTree('<Data><![CDATA[ <x>&amp; ]]></Data>');
    assert.deepEqual(root.children, [{ type: 'text', value: ' <x>&amp; ', cdata: true }]);
  });

  test('whitespace-only text between elements is dropped; text around values is kept as is', () => {
    const { root } = parseXmlTree('<SyncML>\n  <A>  v  </A>\n  <B/>\n</SyncML>');
    assert.equal(root.children.length, 2);
    assert.deepEqual(child(root, 'A').children, [{ type: 'text', value: '  v  ' }]);
  });

  test('XML declaration and an external-id DOCTYPE are accepted and ignored', () => {
    const { root } = parseXmlTree(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd">\n<SyncML xmlns="SYNCML:SYNCML1.2"><Final/></SyncML>',
    );
    assert.equal(root.name, 'SyncML');
    assert.equal(child(root, 'Final').children.length, 0);
  });

  test('comments and processing instructions are skipped', () => {
    const { root } = parseXmlTree('<SyncML><!-- c --><?pi x?><A>x<!-- c -->y</A></SyncML>');
    assert.deepEqual(child(root, 'A').children, [{ type: 'text', value: 'xy' }]);
  });

  test('stray control characters are stripped with a warning (client deviation)', () => {
    const { root, warnings } = parseXmlTree('<SyncML><Data>ab\u0000c\u001A</Data></SyncML>');
    assert.deepEqual(child(root, 'Data').children, [{ type: 'text', value: 'abc' }]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /2 control character\(s\).*U\+0000 at line 1, column 17/);
  });
});

describe('parseXmlTree: rejected input', () => {
  test('a DOCTYPE with an internal subset is refused', () => {
    rejects(() => parseXmlTree('<!DOCTYPE SyncML [ <!ELEMENT SyncML ANY> ]><SyncML/>'), 'SCOMO_XML_DOCTYPE');
  });

  test('a billion-laughs entity bomb is refused before any expansion', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    const err = rejects(() => parseXmlTree(lol), 'SCOMO_XML_DOCTYPE');
    assert.ok(err.line !== undefined && err.line >= 1);
  });

  test('an ENTITY declaration is refused even without brackets in the name', () => {
    rejects(
      () => parseXmlTree('<!DOCTYPE x SYSTEM "a" [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
      'SCOMO_XML_DOCTYPE',
    );
  });

  test('malformed XML gives SCOMO_XML_MALFORMED with line and column', () => {
    const err = rejects(
      () => parseXmlTree('<SyncML>\n  <SyncHdr>\n  </SyncBody>\n</SyncML>'),
      'SCOMO_XML_MALFORMED',
    );
    assert.equal(err.line, 3);
    assert.ok(err.column !== undefined && err.column > 0);
  });

  test('unknown entities, unclosed documents, empty input and two roots are errors', () => {
    rejects(() => parseXmlTree('<a>&nbsp;</a>'), 'SCOMO_XML_MALFORMED');
    rejects(() => parseXmlTree('<a><b></b>'), 'SCOMO_XML_MALFORMED');
    rejects(() => parseXmlTree(''), 'SCOMO_XML_MALFORMED');
    rejects(() => parseXmlTree('   '), 'SCOMO_XML_MALFORMED');
    rejects(() => parseXmlTree('<a/><b/>'), 'SCOMO_XML_MALFORMED');
  });

  test('nesting deeper than MAX_XML_DEPTH is refused', () => {
    const deep = '<a>'.repeat(MAX_XML_DEPTH + 1) + '</a>'.repeat(MAX_XML_DEPTH + 1);
    rejects(() => parseXmlTree(deep), 'SCOMO_XML_MALFORMED');
    const ok = '<a>'.repeat(MAX_XML_DEPTH) + '</a>'.repeat(MAX_XML_DEPTH);
    assert.equal(parseXmlTree(ok).root.name, 'a');
  });
});

describe('locateXmlElements', () => {
  test('records the start-tag line and column of each element', () => {
    const { root, positions } = locateXmlElements('<SyncML>\n  <SyncHdr/>\n</SyncML>');
    assert.deepEqual(positions.get(root), { line: 1, column: 1 });
    assert.deepEqual(positions.get(child(root, 'SyncHdr')), { line: 2, column: 3 });
  });
});

describe('fast reader and saxes agree', () => {
  const samples = [
    '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD></SyncHdr><SyncBody><Final/></SyncBody></SyncML>',
    '<?xml version="1.0"?>\n<SyncML xmlns=\'SYNCML:SYNCML1.2\'>\n <A> x &amp; y &#x3C; </A>\n <B><![CDATA[c]]><![CDATA[d]]>e</B>\n</SyncML>\n',
    '<SyncML xmlns="SYNCML:SYNCML1.2"><Meta><Type xmlns="syncml:metinf">t</Type></Meta><Data><MgmtTree xmlns="syncml:dmddf1.2"><x/></MgmtTree></Data></SyncML>',
  ];
  for (const [i, sample] of samples.entries()) {
    test(`sample ${i + 1}: both readers give the same tree`, () => {
      const fast = fastReadXml(sample, pageForXmlNamespace);
      assert.ok(fast, 'inside the fast subset');
      assert.deepEqual(fast, readXmlWithSaxes(sample, []));
    });
  }

  test('outside the subset (comments, DOCTYPE, prefixes, other attributes) the fast reader declines', () => {
    for (const sample of [
      '<a><!-- c --></a>',
      '<!DOCTYPE a><a/>',
      '<p:a xmlns:p="syncml:metinf"/>',
      '<a b="c"/>',
    ]) {
      assert.equal(fastReadXml(sample, pageForXmlNamespace), undefined, sample);
    }
  });
});
