import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import type { WbxmlElement, WbxmlNode } from '../wbxml/index.ts';
import { elementToTnds, tndsToElement } from './tnds/element.ts';
import { isTndsContentType } from './tnds/types.ts';
import type { TndsTree } from './tnds/types.ts';

function el(name: string, ...children: (WbxmlNode | string)[]): WbxmlElement {
  return {
    type: 'element',
    name,
    page: 2,
    attributes: [],
    children: children.map((c) => (typeof c === 'string' ? { type: 'text', value: c } : c)),
  };
}

/** The E-Mail object of the TNDS text (§9.1.3), with the whitespace an XML reader keeps. */
function emailElement(): WbxmlElement {
  const leaf = (name: string, value: string): WbxmlElement =>
    el(
      'Node',
      '\n',
      el('NodeName', name),
      el('RTProperties', el('Format', el('chr')), el('Type', el('MIME', 'text/plain'))),
      el('Value', value),
    );
  return el(
    'MgmtTree',
    '\n  ',
    el('VerDTD', '1.2'),
    '\n  ',
    el(
      'Node',
      el('NodeName', 'E-Mail'),
      el('RTProperties', el('Format', el('node')), el('Type', el('DDFName', 'com.operatorX.dm/1.0/EMail'))),
      el(
        'Node',
        el('NodeName', 'POP3'),
        leaf('POPServer', 'mail.Operatorx.com'),
        leaf('UserID', 'UserName'),
        leaf('PWD', '4571F7C34A9876B3'),
      ),
    ),
    '\n',
  );
}

const chrLeaf = (nodeName: string, value: string) => ({
  nodeName,
  rtProperties: { format: 'chr', type: 'text/plain' },
  value,
  children: [],
});

const EMAIL: TndsTree = {
  verDTD: '1.2',
  nodes: [
    {
      nodeName: 'E-Mail',
      rtProperties: { format: 'node', type: 'com.operatorX.dm/1.0/EMail' },
      children: [
        {
          nodeName: 'POP3',
          rtProperties: {},
          children: [
            chrLeaf('POPServer', 'mail.Operatorx.com'),
            chrLeaf('UserID', 'UserName'),
            chrLeaf('PWD', '4571F7C34A9876B3'),
          ],
        },
      ],
    },
  ],
};

describe('TNDS ⇄ MgmtTree element tree', () => {
  test('reads the E-Mail example of the TNDS text', () => {
    assert.deepEqual(elementToTnds(emailElement()), EMAIL);
  });

  test('writes every element on code page 2 in DTD order', () => {
    const tree: TndsTree = {
      verDTD: '1.2',
      man: 'Acme',
      mod: 'M1',
      nodes: [
        {
          nodeName: 'X',
          path: './Vendor',
          rtProperties: { acl: 'Get=*', format: 'node', title: 'T', type: 'urn:x' },
          children: [
            { nodeName: 'B', rtProperties: { format: 'bin' }, value: new Uint8Array([0, 255]), children: [] },
          ],
        },
      ],
    };
    const root = tndsToElement(tree);
    const names = (e: WbxmlElement): string[] =>
      e.children.flatMap((c) => (c.type === 'element' ? [c.name] : []));
    assert.deepEqual(names(root), ['VerDTD', 'Man', 'Mod', 'Node']);
    const node = root.children[3] as WbxmlElement;
    assert.deepEqual(names(node), ['NodeName', 'Path', 'RTProperties', 'Node']);
    const rt = node.children[2] as WbxmlElement;
    assert.deepEqual(names(rt), ['ACL', 'Format', 'Title', 'Type']);
    assert.deepEqual(names(rt.children[1] as WbxmlElement), ['node']);
    assert.deepEqual(names(rt.children[3] as WbxmlElement), ['DDFName'], 'interior Type is a DDFName');
    const bin = node.children[3] as WbxmlElement;
    assert.deepEqual(bin.children[2], el('Value', 'AP8='), 'bin values travel as base64 text');
    const pages = new Set<number>();
    const visit = (e: WbxmlElement): void => {
      pages.add(e.page);
      for (const c of e.children) if (c.type === 'element') visit(c);
    };
    visit(root);
    assert.deepEqual([...pages], [2]);
    assert.deepEqual(elementToTnds(root), tree, 'round trip');
  });

  test('round trip of the example; OPAQUE values are accepted', () => {
    assert.deepEqual(elementToTnds(tndsToElement(EMAIL)), EMAIL);
    const opaque = el(
      'MgmtTree',
      el('VerDTD', '1.2'),
      el(
        'Node',
        el('NodeName', 'B'),
        el('RTProperties', el('Format', el('bin'))),
        el('Value', { type: 'opaque', bytes: new Uint8Array([9, 8]) }),
      ),
      el(
        'Node',
        el('NodeName', 'T'),
        el('Value', { type: 'opaque', bytes: new TextEncoder().encode('txt') }),
      ),
    );
    const read = elementToTnds(opaque);
    assert.deepEqual(read.nodes[0]?.value, new Uint8Array([9, 8]));
    assert.equal(read.nodes[1]?.value, 'txt');
  });

  const malformed: [string, WbxmlElement][] = [
    ['a root other than MgmtTree', el('SyncML')],
    ['no Node', el('MgmtTree', el('VerDTD', '1.2'))],
    ['a Node without NodeName', el('MgmtTree', el('Node', el('Value', 'x')))],
    [
      'a Node with Value and child Nodes',
      el('MgmtTree', el('Node', el('NodeName', 'a'), el('Value', 'x'), el('Node', el('NodeName', 'b')))),
    ],
    [
      'a bin value that is not base64',
      el(
        'MgmtTree',
        el('Node', el('NodeName', 'a'), el('RTProperties', el('Format', el('bin'))), el('Value', '***')),
      ),
    ],
    ['an empty Format', el('MgmtTree', el('Node', el('NodeName', 'a'), el('RTProperties', el('Format'))))],
    ['markup inside NodeName', el('MgmtTree', el('Node', el('NodeName', el('b'))))],
  ];
  for (const [what, element] of malformed) {
    test(`rejects ${what} with SCOMO_TNDS_INVALID`, () => {
      assert.throws(
        () => elementToTnds(element),
        (e: unknown) => isScomoError(e, 'SCOMO_TNDS_INVALID'),
      );
    });
  }

  test('rejects absurd nesting without overflowing the stack', () => {
    let node = el('Node', el('NodeName', 'leaf'));
    for (let i = 0; i < 5000; i++) node = el('Node', el('NodeName', `n${i}`), node);
    assert.throws(
      () => elementToTnds(el('MgmtTree', node)),
      (e: unknown) => isScomoError(e, 'SCOMO_TNDS_TOO_DEEP'),
    );
  });

  test('content types', () => {
    assert.equal(isTndsContentType('application/vnd.syncml.dmtnds+xml'), true);
    assert.equal(isTndsContentType('application/vnd.syncml.dmtnds+wbxml; charset=UTF-8'), true);
    assert.equal(isTndsContentType('text/plain'), false);
    assert.equal(isTndsContentType(undefined), false);
  });
});
