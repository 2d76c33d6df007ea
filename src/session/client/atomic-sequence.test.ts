import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from '../../syncml/index.ts';
import { nonInteractiveUi } from './ui/non-interactive.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange } from './test-support/scenario.ts';
import { statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const replace = (cmdID: string, uri: string, data: string): Command => ({
  kind: 'Replace',
  cmdID,
  items: [target(uri, { data })],
});
const add = (cmdID: string, uri: string, data: string): Command => ({
  kind: 'Add',
  cmdID,
  items: [target(uri, { data })],
});
const confirm = (cmdID: string, dr?: string): Command => ({
  kind: 'Alert',
  cmdID,
  data: '1101',
  items: [{ data: dr === undefined ? '' : `DR=${dr}` }, { data: 'Install the update?' }],
});

for (const encoding of ENCODINGS) {
  describe(`Atomic (${encoding})`, () => {
    test('all succeed: 200 for the Atomic and each command, changes committed', () => {
      const scenario = begin(encoding);
      const atomic: Command = {
        kind: 'Atomic',
        cmdID: '10',
        commands: [replace('11', './App/Name', 'a'), add('12', './App/Extra', 'b')],
      };
      const p3 = exchange(scenario, [atomic]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Atomic:10=200',
        'Replace:11@./App/Name=200',
        'Add:12@./App/Extra=200',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'a');
      assert.equal(scenario.tree.local.read('./App/Extra'), 'b');
    });

    test('a failure rolls everything back: 507, 216 for done commands, the failing code, 215 for the rest (D9)', () => {
      const scenario = begin(encoding);
      const atomic: Command = {
        kind: 'Atomic',
        cmdID: '10',
        commands: [
          replace('11', './App/Name', 'a'),
          add('12', './App/Extra', 'b'),
          replace('13', './App/Missing', 'c'),
          add('14', './App/Later', 'd'),
        ],
      };
      const p3 = exchange(scenario, [atomic, replace('20', './App/Count', '8')]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Atomic:10=507',
        'Replace:11@./App/Name=216',
        'Add:12@./App/Extra=216',
        'Replace:13@./App/Missing=404',
        'Add:14@./App/Later=215',
        'Replace:20@./App/Count=200',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
      assert.equal(scenario.tree.local.exists('./App/Extra'), false);
      assert.equal(
        scenario.tree.local.read('./App/Count'),
        '8',
        'commands outside the Atomic are unaffected',
      );
    });

    test('a nested Atomic or a Get inside: 500, nothing executed', () => {
      const scenario = begin(encoding);
      const nested: Command = {
        kind: 'Atomic',
        cmdID: '10',
        commands: [
          replace('11', './App/Name', 'a'),
          { kind: 'Atomic', cmdID: '12', commands: [add('13', './App/X', 'x')] },
        ],
      };
      const withGet: Command = {
        kind: 'Atomic',
        cmdID: '20',
        commands: [
          replace('21', './App/Name', 'b'),
          { kind: 'Get', cmdID: '22', items: [target('./App/Name')] },
        ],
      };
      const p3 = exchange(scenario, [nested, withGet]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Atomic:10=500',
        'Replace:11@./App/Name=215',
        'Atomic:12=500',
        'Atomic:20=500',
        'Replace:21@./App/Name=215',
        'Get:22=500',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
    });

    test('a 1101 answered "No" inside an Atomic rolls it back', () => {
      const scenario = begin(encoding, { ui: nonInteractiveUi({ confirm: 'no' }) });
      const atomic: Command = {
        kind: 'Atomic',
        cmdID: '10',
        commands: [replace('11', './App/Name', 'a'), confirm('12')],
      };
      const p3 = exchange(scenario, [atomic]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Atomic:10=507',
        'Replace:11@./App/Name=216',
        'Alert:12=304',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
    });
  });

  describe(`Sequence (${encoding})`, () => {
    test('in order; after a failure the rest answer 215 and are not executed', () => {
      const scenario = begin(encoding);
      const sequence: Command = {
        kind: 'Sequence',
        cmdID: '10',
        commands: [
          replace('11', './App/Name', 'first'),
          replace('12', './App/Missing', 'x'),
          replace('13', './App/Count', '9'),
        ],
      };
      const p3 = exchange(scenario, [sequence]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Sequence:10=200',
        'Replace:11@./App/Name=200',
        'Replace:12@./App/Missing=404',
        'Replace:13@./App/Count=215',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'first');
      assert.equal(scenario.tree.local.read('./App/Count'), '7');
    });

    test('a 1101 answered "No" (304) stops the Sequence: 215 for the rest (D10)', () => {
      const scenario = begin(encoding);
      const sequence: Command = {
        kind: 'Sequence',
        cmdID: '10',
        commands: [
          confirm('11', '0'),
          replace('12', './App/Name', 'x'),
          { kind: 'Get', cmdID: '13', items: [target('./App/Name')] },
        ],
      };
      const p3 = exchange(scenario, [sequence, replace('20', './App/Count', '1')]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Sequence:10=200',
        'Alert:11=304',
        'Replace:12@./App/Name=215',
        'Get:13@./App/Name=215',
        'Replace:20@./App/Count=200',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
    });

    test('a 1101 answered "Yes" lets the Sequence go on; Gets inside it return Results', () => {
      const scenario = begin(encoding);
      const sequence: Command = {
        kind: 'Sequence',
        cmdID: '10',
        commands: [
          confirm('11', '1'),
          replace('12', './App/Name', 'yes'),
          { kind: 'Get', cmdID: '13', items: [target('./App/Name')] },
        ],
      };
      const p3 = exchange(scenario, [sequence]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Sequence:10=200',
        'Alert:11=200',
        'Replace:12@./App/Name=200',
        'Get:13@./App/Name=200',
      ]);
      const resultsData = p3.body.flatMap((c) => (c.kind === 'Results' ? c.items.map((i) => i.data) : []));
      assert.deepEqual(resultsData, ['yes']);
    });

    test('an Atomic inside a Sequence that fails stops the Sequence', () => {
      const scenario = begin(encoding);
      const sequence: Command = {
        kind: 'Sequence',
        cmdID: '10',
        commands: [
          { kind: 'Atomic', cmdID: '11', commands: [replace('12', './App/Missing', 'x')] },
          replace('13', './App/Name', 'after'),
        ],
      };
      const p3 = exchange(scenario, [sequence]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Sequence:10=200',
        'Atomic:11=507',
        'Replace:12@./App/Missing=404',
        'Replace:13@./App/Name=215',
      ]);
    });
  });
}
