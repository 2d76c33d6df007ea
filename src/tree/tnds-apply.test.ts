import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DmTree } from './tree.ts';
import { elementToTnds, tndsToElement } from './tnds/element.ts';
import type { TndsTree } from './tnds/types.ts';

const ctx = { serverId: 'srv' };

/** The E-Mail object of the TNDS text (§9.1.3) as a TndsTree (its element form is in tnds-element.test.ts). */
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

function fixture(): DmTree {
  const t = new DmTree();
  t.local.setProperties('.', { acl: 'Add=*&Delete=*&Get=*&Replace=*' });
  t.local.add('./OperatorX', { format: 'node' });
  return t;
}

describe('Add with TNDS', () => {
  test('creates the subtree under the target', () => {
    const t = fixture();
    assert.equal(t.addTnds('./OperatorX', EMAIL, ctx), 200);
    assert.equal(t.local.read('./OperatorX/E-Mail/POP3/POPServer'), 'mail.Operatorx.com');
    assert.equal(t.local.read('./OperatorX/E-Mail/POP3/PWD'), '4571F7C34A9876B3');
    const type = t.get('./OperatorX/E-Mail?prop=Type', ctx);
    assert.ok(type.status === 200 && type.result.kind === 'value');
    assert.equal(type.result.data, 'com.operatorX.dm/1.0/EMail');
  });

  test('a target named like the single top node is that node (it must not exist yet)', () => {
    const t = fixture();
    assert.equal(t.addTnds('./OperatorX/E-Mail', EMAIL, ctx), 200);
    assert.equal(t.local.read('./OperatorX/E-Mail/POP3/UserID'), 'UserName');
    assert.equal(t.local.exists('./OperatorX/E-Mail/E-Mail'), false);
  });

  test('418 when the subtree exists already', () => {
    const t = fixture();
    assert.equal(t.addTnds('./OperatorX', EMAIL, ctx), 200);
    assert.equal(t.addTnds('./OperatorX', EMAIL, ctx), 418);
  });

  test('Path places a top-level node under a full URI', () => {
    const t = fixture();
    const tree: TndsTree = { verDTD: '1.2', nodes: [{ ...chrLeaf('Leaf', 'v'), path: './Elsewhere/Deep' }] };
    assert.equal(t.addTnds('./OperatorX', tree, ctx), 200);
    assert.equal(t.local.read('./Elsewhere/Deep/Leaf'), 'v');
  });

  test('applies ACL and Title from RTProperties', () => {
    const t = fixture();
    const tree: TndsTree = {
      verDTD: '1.2',
      nodes: [
        {
          nodeName: 'N',
          rtProperties: { format: 'node', acl: 'Get=*&Replace=srv', title: 'Hello' },
          children: [],
        },
      ],
    };
    assert.equal(t.addTnds('./OperatorX', tree, ctx), 200);
    const acl = t.get('./OperatorX/N?prop=ACL', ctx);
    assert.ok(acl.status === 200 && acl.result.kind === 'value');
    assert.equal(acl.result.data, 'Get=*&Replace=srv');
    const title = t.get('./OperatorX/N?prop=Title', ctx);
    assert.ok(title.status === 200 && title.result.kind === 'value');
    assert.equal(title.result.data, 'Hello');
  });

  test('any failing node fails the whole Add with its status, and nothing changes', () => {
    const t = fixture();
    const before = JSON.stringify(t.snapshot());
    const bad: TndsTree = {
      verDTD: '1.2',
      nodes: [
        {
          nodeName: 'Obj',
          rtProperties: { format: 'node' },
          children: [
            chrLeaf('Good', 'g'),
            { nodeName: 'Count', rtProperties: { format: 'int' }, value: 'many', children: [] },
          ],
        },
      ],
    };
    assert.equal(t.addTnds('./OperatorX', bad, ctx), 400);
    assert.equal(JSON.stringify(t.snapshot()), before);
    const badFormat: TndsTree = {
      verDTD: '1.2',
      nodes: [{ nodeName: 'X', rtProperties: { format: 'decimal' }, value: '1', children: [] }],
    };
    assert.equal(t.addTnds('./OperatorX', badFormat, ctx), 415);
    const badAcl: TndsTree = {
      verDTD: '1.2',
      nodes: [{ nodeName: 'X', rtProperties: { format: 'node', acl: 'Nope=1' }, children: [] }],
    };
    assert.equal(t.addTnds('./OperatorX', badAcl, ctx), 400);
    const badName: TndsTree = { verDTD: '1.2', nodes: [chrLeaf('a/b', 'x')] };
    assert.equal(t.addTnds('./OperatorX', badName, ctx), 400);
    assert.equal(JSON.stringify(t.snapshot()), before);
  });

  test('ACL checks apply node by node (425)', () => {
    const t = fixture();
    t.local.setProperties('./OperatorX', { acl: 'Get=*' });
    assert.equal(t.addTnds('./OperatorX', EMAIL, ctx), 425);
    assert.equal(t.local.exists('./OperatorX/E-Mail'), false);
  });
});

describe('Replace with TNDS', () => {
  function seeded(): DmTree {
    const t = fixture();
    assert.equal(t.addTnds('./OperatorX', EMAIL, ctx), 200);
    return t;
  }

  test('replaces the subtree wholesale: new values, new children, unlisted children removed', () => {
    const t = seeded();
    const next: TndsTree = {
      verDTD: '1.2',
      nodes: [
        {
          nodeName: 'E-Mail',
          rtProperties: { format: 'node' },
          children: [
            {
              nodeName: 'POP3',
              rtProperties: { format: 'node' },
              children: [chrLeaf('POPServer', 'pop.example.com'), chrLeaf('Port', '995')],
            },
            {
              nodeName: 'SMTP',
              rtProperties: { format: 'node' },
              children: [chrLeaf('Server', 'smtp.example.com')],
            },
          ],
        },
      ],
    };
    assert.equal(t.replaceTnds('./OperatorX/E-Mail', next, ctx), 200);
    assert.equal(t.local.read('./OperatorX/E-Mail/POP3/POPServer'), 'pop.example.com');
    assert.equal(t.local.read('./OperatorX/E-Mail/POP3/Port'), '995');
    assert.equal(t.local.exists('./OperatorX/E-Mail/POP3/UserID'), false);
    assert.equal(t.local.exists('./OperatorX/E-Mail/POP3/PWD'), false);
    assert.equal(t.local.read('./OperatorX/E-Mail/SMTP/Server'), 'smtp.example.com');
  });

  test('404 when the node to replace does not exist', () => {
    const t = fixture();
    assert.equal(t.replaceTnds('./OperatorX/E-Mail', EMAIL, ctx), 404);
    assert.equal(t.replaceTnds('./OperatorX', EMAIL, ctx), 404);
  });

  test('a failure anywhere (a permanent child that would be deleted) leaves everything unchanged', () => {
    const t = seeded();
    t.local.setProperties('./OperatorX/E-Mail/POP3/PWD', { permanent: true });
    const before = JSON.stringify(t.snapshot());
    const next: TndsTree = {
      verDTD: '1.2',
      nodes: [
        {
          nodeName: 'E-Mail',
          rtProperties: { format: 'node' },
          children: [
            {
              nodeName: 'POP3',
              rtProperties: { format: 'node' },
              children: [chrLeaf('POPServer', 'changed')],
            },
          ],
        },
      ],
    };
    assert.equal(t.replaceTnds('./OperatorX/E-Mail', next, ctx), 405);
    assert.equal(JSON.stringify(t.snapshot()), before);
  });
});

describe('Get ?list=TNDS', () => {
  test('exports the subtree; feeding it back reproduces the values', () => {
    const t = fixture();
    assert.equal(t.addTnds('./OperatorX', EMAIL, ctx), 200);
    const r = t.get('./OperatorX/E-Mail?list=TNDS+Format+Type+Value', ctx);
    assert.ok(r.status === 200 && r.result.kind === 'tnds');
    assert.deepEqual(r.result.tree, {
      verDTD: '1.2',
      nodes: [
        {
          nodeName: 'E-Mail',
          path: './OperatorX',
          rtProperties: { format: 'node', type: 'com.operatorX.dm/1.0/EMail' },
          children: [
            {
              nodeName: 'POP3',
              rtProperties: { format: 'node' },
              children: EMAIL.nodes[0]?.children[0]?.children,
            },
          ],
        },
      ],
    });
    const other = fixture();
    const parsed = elementToTnds(tndsToElement(r.result.tree));
    assert.equal(other.addTnds('./OperatorX', parsed, ctx), 200);
    assert.equal(other.local.read('./OperatorX/E-Mail/POP3/PWD'), '4571F7C34A9876B3');
  });

  test('property selection, ACL filtering and unreadable values', () => {
    const t = fixture();
    t.addTnds('./OperatorX', EMAIL, ctx);
    t.local.setProperties('./OperatorX/E-Mail/POP3/PWD', { access: ['Replace'] });
    t.local.setProperties('./OperatorX/E-Mail/POP3/UserID', { acl: 'Get=admin' });
    const r = t.get('./OperatorX/E-Mail/POP3?list=TNDS+Value', ctx);
    assert.ok(r.status === 200 && r.result.kind === 'tnds');
    const pop3 = r.result.tree.nodes[0];
    assert.deepEqual(
      pop3?.children.map((c) => [c.nodeName, c.value]),
      [
        ['POPServer', 'mail.Operatorx.com'],
        ['PWD', undefined],
      ],
    );
    assert.deepEqual(pop3?.rtProperties, {});
    const all = t.get('./OperatorX/E-Mail/POP3/POPServer?list=TNDS', ctx);
    assert.ok(all.status === 200 && all.result.kind === 'tnds');
    assert.deepEqual(Object.keys(all.result.tree.nodes[0]?.rtProperties ?? {}).sort(), [
      'format',
      'name',
      'size',
      'type',
      'verNo',
    ]);
    assert.equal(t.get('./OperatorX/E-Mail/POP3/UserID?list=TNDS', ctx).status, 425);
  });
});
