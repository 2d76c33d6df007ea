import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, Results } from '../../syncml/index.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange, serverReply } from './test-support/scenario.ts';
import { results, statusFor, statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const add = (cmdID: string, uri: string, data?: string, format?: string): Command => ({
  kind: 'Add',
  cmdID,
  items: [
    target(uri, {
      ...(data === undefined ? {} : { data }),
      ...(format === undefined ? {} : { meta: { format } }),
    }),
  ],
});
const replace = (cmdID: string, uri: string, data: string): Command => ({
  kind: 'Replace',
  cmdID,
  items: [target(uri, { data })],
});
const del = (cmdID: string, uri: string): Command => ({ kind: 'Delete', cmdID, items: [target(uri)] });
const get = (cmdID: string, ...uris: string[]): Command => ({
  kind: 'Get',
  cmdID,
  items: uris.map((uri) => target(uri)),
});

function onlyResults(list: Results[]): Results {
  assert.equal(list.length, 1);
  return list[0] as Results;
}

for (const encoding of ENCODINGS) {
  describe(`server commands (${encoding})`, () => {
    test('Add: 200 creates the leaf, 418 when it exists, Format node creates an interior node (D7)', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        add('10', './App/New', 'v1'),
        add('11', './App/Name', 'again'),
        add('12', './App/Dir', undefined, 'node'),
        add('13', './App/Dir/Leaf', '42', 'int'),
      ]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Add:10@./App/New=200',
        'Add:11@./App/Name=418',
        'Add:12@./App/Dir=200',
        'Add:13@./App/Dir/Leaf=200',
      ]);
      assert.equal(scenario.tree.local.read('./App/New'), 'v1');
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
      assert.equal(scenario.tree.local.read('./App/Dir/Leaf'), '42');
    });

    test('Replace: 200, 404 for a missing node; Delete: 200, 404 missing, 405 permanent', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        replace('10', './App/Name', 'renamed'),
        replace('11', './App/Missing', 'x'),
        del('12', './App/Count'),
        del('13', './App/Count'),
        del('14', './DevInfo'),
      ]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Replace:10@./App/Name=200',
        'Replace:11@./App/Missing=404',
        'Delete:12@./App/Count=200',
        'Delete:13@./App/Count=404',
        'Delete:14@./DevInfo=405',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'renamed');
      assert.equal(scenario.tree.local.exists('./App/Count'), false);
    });

    test('Copy: Item Source to Item Target; 404 for a missing source', () => {
      const scenario = begin(encoding);
      const copy: Command = {
        kind: 'Copy',
        cmdID: '10',
        items: [{ target: { locURI: './App/Copy' }, source: { locURI: './App/Name' } }],
      };
      const bad: Command = {
        kind: 'Copy',
        cmdID: '11',
        items: [{ target: { locURI: './App/Copy2' }, source: { locURI: './App/None' } }],
      };
      const p3 = exchange(scenario, [copy, bad]);
      const ok = statusFor(p3, '10');
      assert.equal(ok?.data, '200');
      assert.deepEqual(ok?.sourceRefs, ['./App/Name']);
      assert.equal(statusFor(p3, '11')?.data, '404');
      assert.equal(scenario.tree.local.read('./App/Copy'), 'scomo');
    });

    test('Get: Status per Item, then one Results with Source LocURI and Meta Format (D6)', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [get('10', './App/Name', './App/Count', './App/Missing')]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Get:10@./App/Name=200',
        'Get:10@./App/Count=200',
        'Get:10@./App/Missing=404',
      ]);
      const r = onlyResults(results(p3));
      assert.equal(r.cmdRef, '10');
      assert.equal(r.msgRef, '1');
      assert.deepEqual(
        r.items.map((item) => [item.source?.locURI, item.meta?.format, item.data]),
        [
          ['./App/Name', 'chr', 'scomo'],
          ['./App/Count', 'int', '7'],
        ],
      );
      const order = p3.body.map((c) => c.kind);
      assert.ok(order.lastIndexOf('Status') < order.indexOf('Results'), 'Results after the Get Statuses');
    });

    test('Get of an interior node lists its children (Format node); ?prop= and ?list=Struct', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        get('10', './App'),
        get('11', './App/Name?prop=Format'),
        get('12', './App/Ops?list=Struct'),
      ]);
      const [interior, prop, list] = results(p3) as [Results, Results, Results];
      assert.equal(interior.items[0]?.meta?.format, 'node');
      assert.deepEqual(String(interior.items[0]?.data).split('/'), ['Name', 'Count', 'Big', 'Ops']);
      assert.equal(prop.items[0]?.data, 'chr');
      assert.equal(prop.items[0]?.source?.locURI, './App/Name?prop=Format');
      assert.ok(list.items.length >= 1);
      assert.equal(list.items[0]?.meta?.format, 'node');
    });

    test('a missing Get produces no Results', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [get('10', './Nope')]);
      assert.equal(statusFor(p3, '10')?.data, '404');
      assert.equal(results(p3).length, 0);
    });

    test('Exec: 200 or 202 as the MO decides, Correlator kept for 202; 404 unknown, 405 not executable (D8)', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        {
          kind: 'Exec',
          cmdID: '10',
          correlator: 'job-7',
          items: [target('./App/Ops/Install', { data: 'arg' })],
        },
        { kind: 'Exec', cmdID: '11', items: [target('./App/Ops/Ping')] },
        { kind: 'Exec', cmdID: '12', items: [target('./App/Ops/Unknown')] },
        { kind: 'Exec', cmdID: '13', items: [target('./App/Name')] },
      ]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Exec:10@./App/Ops/Install=202',
        'Exec:11@./App/Ops/Ping=200',
        'Exec:12@./App/Ops/Unknown=404',
        'Exec:13@./App/Name=405',
      ]);
      const step = scenario.driver.feed(serverReply(scenario, []));
      assert.equal(step.kind, 'done');
      if (step.kind === 'done')
        assert.deepEqual(step.summary.acceptedExecs, [{ uri: './App/Ops/Install', correlator: 'job-7' }]);
    });

    test('NoResp: executed, no Status', () => {
      const scenario = begin(encoding);
      const quiet: Command = {
        kind: 'Replace',
        cmdID: '10',
        noResp: true,
        items: [target('./App/Name', { data: 'quiet' })],
      };
      const step = scenario.driver.feed(serverReply(scenario, [quiet]));
      assert.equal(step.kind, 'done', 'nothing else needs a reply');
      assert.equal(scenario.tree.local.read('./App/Name'), 'quiet');
    });

    test('unsupported and malformed commands: Results 406, unknown alert 406, client-only alert 405, no Data 412, no Target 400', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        { kind: 'Results', cmdID: '10', cmdRef: '1', targetRefs: [], sourceRefs: [], items: [{ data: 'x' }] },
        { kind: 'Alert', cmdID: '11', data: '1299', items: [] },
        { kind: 'Alert', cmdID: '12', data: '1226', items: [] },
        { kind: 'Alert', cmdID: '13', items: [] },
        { kind: 'Replace', cmdID: '14', items: [{ data: 'no target' }] },
        { kind: 'Get', cmdID: '15', items: [] },
      ]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Results:10=406',
        'Alert:11=406',
        'Alert:12=405',
        'Alert:13=412',
        'Replace:14=400',
        'Get:15=400',
      ]);
    });

    test('every command in the reply has a unique CmdID and the summary counts what came and went', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        get('10', './App/Name'),
        replace('11', './App/Name', 'z'),
        { kind: 'Alert', cmdID: '12', data: '1222', items: [] },
      ]);
      const ids = p3.body.map((c) => c.cmdID);
      assert.equal(new Set(ids).size, ids.length);
      assert.deepEqual(
        ids,
        ids.map((_, i) => String(i + 1)),
      );
      const step = scenario.driver.feed(serverReply(scenario, []));
      assert.equal(step.kind, 'done');
      if (step.kind === 'done') {
        assert.equal(step.summary.commandsReceived.Get, 1);
        assert.equal(step.summary.commandsReceived.Replace, 1);
        assert.equal(step.summary.commandsReceived.Alert, 1);
        assert.deepEqual(step.summary.statusesSent, { '200': 4 });
        assert.equal(step.summary.treeChanged, true);
      }
    });
  });
}
