import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert, Command } from '../../syncml/index.ts';
import type { UiAlert, UiAnswer } from './ui/types.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange } from './test-support/scenario.ts';
import { statusFor, statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const ui = (cmdID: string, code: string, options: string, text: string, ...choices: string[]): Alert => ({
  kind: 'Alert',
  cmdID,
  data: code,
  items: [{ data: options }, { data: text }, ...choices.map((data) => ({ data }))],
});

for (const encoding of ENCODINGS) {
  describe(`UI alerts (${encoding})`, () => {
    test('the handler sees the parsed alert and its answers become Statuses with Items (D11)', () => {
      const seen: UiAlert[] = [];
      const answers: Record<string, UiAnswer> = {
        '1100': { kind: 'ok' },
        '1101': { kind: 'yes' },
        '1102': { kind: 'text', text: 'typed text' },
        '1103': { kind: 'choice', selected: [2] },
        '1104': { kind: 'choice', selected: [3, 1] },
      };
      const scenario = begin(encoding, {
        ui: (alert) => {
          seen.push(alert);
          return answers[alert.code] ?? { kind: 'cancel' };
        },
      });
      const p3 = exchange(scenario, [
        ui('10', '1100', 'MINDT=5&MAXDT=30', 'Hello'),
        ui('11', '1101', 'DR=1', 'Proceed?'),
        ui('12', '1102', 'MAXLEN=20&IT=N&ET=P', 'PIN?'),
        ui('13', '1103', '', 'Pick one', 'red', 'green', 'blue'),
        ui('14', '1104', 'DR=1-3', 'Pick some', 'a', 'b', 'c'),
      ]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Alert:10=200',
        'Alert:11=200',
        'Alert:12=200',
        'Alert:13=200',
        'Alert:14=200',
      ]);
      assert.deepEqual(
        statusFor(p3, '12')?.items.map((i) => i.data),
        ['typed text'],
      );
      assert.deepEqual(
        statusFor(p3, '13')?.items.map((i) => i.data),
        ['2'],
      );
      assert.deepEqual(
        statusFor(p3, '14')?.items.map((i) => i.data),
        ['1', '3'],
      );
      assert.equal(seen.length, 5);
      const [display, , text, single] = seen as [UiAlert, UiAlert, UiAlert, UiAlert];
      assert.deepEqual(display.options, { minDisplaySeconds: 5, maxDisplaySeconds: 30 });
      assert.equal(display.text, 'Hello');
      assert.deepEqual(text.options, { maxLength: 20, inputType: 'N', echoType: 'P' });
      assert.deepEqual(single.choices, ['red', 'green', 'blue']);
      assert.equal(single.kind, 'single-choice');
    });

    test('confirm "No" → 304, cancel → 214, timeout → 408', () => {
      const queue: UiAnswer[] = [{ kind: 'no' }, { kind: 'timeout' }, { kind: 'cancel' }];
      const scenario = begin(encoding, { ui: () => queue.shift() ?? { kind: 'ok' } });
      const p3 = exchange(scenario, [
        ui('10', '1101', '', 'Sure?'),
        ui('11', '1100', '', 'Wait'),
        ui('12', '1101', '', 'Really?'),
        { kind: 'Replace', cmdID: '13', items: [target('./App/Name', { data: 'x' })] },
      ]);
      // A cancel stops what follows it (reference §2.6: unprocessed commands get 215).
      assert.deepEqual(statusLines(p3).slice(1), [
        'Alert:10=304',
        'Alert:11=408',
        'Alert:12=214',
        'Replace:13@./App/Name=215',
      ]);
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
    });

    test('no UI configured → 406', () => {
      const scenario = begin(encoding, {}, {}, { withoutUi: true });
      const p3 = exchange(scenario, [ui('10', '1101', '', 'Sure?')]);
      assert.equal(statusFor(p3, '10')?.data, '406');
    });

    test('malformed: a choice alert without choices → 412; an answer that does not fit → 500; a throwing UI → 500', () => {
      const scenario = begin(encoding, {
        ui: (alert) => {
          if (alert.code === '1102') throw new Error('display broke');
          return alert.code === '1103' ? { kind: 'choice', selected: [9] } : { kind: 'ok' };
        },
      });
      const noChoices: Command = {
        kind: 'Alert',
        cmdID: '10',
        data: '1104',
        items: [{ data: '' }, { data: 'Pick' }],
      };
      const p3 = exchange(scenario, [
        noChoices,
        ui('11', '1103', '', 'Pick', 'a', 'b'),
        ui('12', '1102', '', 'Name?'),
      ]);
      assert.deepEqual(statusLines(p3).slice(1), ['Alert:10=412', 'Alert:11=500', 'Alert:12=500']);
    });

    test('the non-interactive default answers with DR, else its policy', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        ui('10', '1100', '', 'Info'),
        ui('11', '1101', 'DR=0', 'No by default'),
        ui('12', '1101', '', 'Yes by policy'),
        ui('13', '1102', 'DR=abc', 'Text'),
        ui('14', '1103', 'DR=2', 'Pick', 'x', 'y'),
        ui('15', '1104', '', 'Pick some', 'x', 'y'),
      ]);
      assert.deepEqual(statusLines(p3).slice(1), [
        'Alert:10=200',
        'Alert:11=304',
        'Alert:12=200',
        'Alert:13=200',
        'Alert:14=200',
        'Alert:15=214',
      ]);
      assert.deepEqual(
        statusFor(p3, '13')?.items.map((i) => i.data),
        ['abc'],
      );
      assert.deepEqual(
        statusFor(p3, '14')?.items.map((i) => i.data),
        ['2'],
      );
    });
  });
}
