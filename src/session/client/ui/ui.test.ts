import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nonInteractiveUi } from './non-interactive.ts';
import { parseUiOptions } from './options.ts';
import type { UiAlert } from './types.ts';

describe('UI option string (reference §2.6)', () => {
  test('known keys, URL-decoded, case-insensitive keys; unknown keys and bad values ignored', () => {
    assert.deepEqual(parseUiOptions('MINDT=10&maxdt=30&DR=Hello%20World&MAXLEN=8&IT=n&ET=P&FOO=bar'), {
      minDisplaySeconds: 10,
      maxDisplaySeconds: 30,
      defaultResponse: 'Hello World',
      maxLength: 8,
      inputType: 'N',
      echoType: 'P',
    });
    assert.deepEqual(parseUiOptions('MINDT=soon&IT=Z&ET=&=x&DR'), {});
    assert.deepEqual(parseUiOptions(''), {});
    assert.deepEqual(parseUiOptions('DR=100%'), { defaultResponse: '100%' }, 'a stray % is kept as sent');
    assert.deepEqual(parseUiOptions('DR=a+b'), { defaultResponse: 'a b' });
  });
});

function alert(kind: UiAlert['kind'], dr?: string, choices: string[] = []): UiAlert {
  const code = (
    {
      display: '1100',
      confirm: '1101',
      'text-input': '1102',
      'single-choice': '1103',
      'multiple-choice': '1104',
    } as const
  )[kind];
  return { code, kind, options: dr === undefined ? {} : { defaultResponse: dr }, text: 't', choices };
}

describe('nonInteractiveUi', () => {
  test('answers with DR where usable', () => {
    const ui = nonInteractiveUi();
    assert.deepEqual(ui(alert('display')), { kind: 'ok' });
    assert.deepEqual(ui(alert('confirm', '0')), { kind: 'no' });
    assert.deepEqual(ui(alert('confirm', '1')), { kind: 'yes' });
    assert.deepEqual(ui(alert('text-input', 'abc')), { kind: 'text', text: 'abc' });
    assert.deepEqual(ui(alert('single-choice', '2', ['a', 'b'])), { kind: 'choice', selected: [2] });
    assert.deepEqual(ui(alert('multiple-choice', '1-3', ['a', 'b', 'c'])), {
      kind: 'choice',
      selected: [1, 3],
    });
    assert.deepEqual(
      ui(alert('multiple-choice', '1-9', ['a', 'b'])),
      { kind: 'choice', selected: [1] },
      'out-of-range dropped',
    );
  });

  test('falls back to the policy', () => {
    assert.deepEqual(nonInteractiveUi()(alert('confirm')), { kind: 'yes' });
    assert.deepEqual(nonInteractiveUi({ confirm: 'no' })(alert('confirm', 'x')), { kind: 'no' });
    assert.deepEqual(nonInteractiveUi()(alert('text-input')), { kind: 'text', text: '' });
    assert.deepEqual(nonInteractiveUi()(alert('single-choice', undefined, ['a'])), { kind: 'cancel' });
    assert.deepEqual(nonInteractiveUi({ choice: 'first' })(alert('multiple-choice', '7', ['a'])), {
      kind: 'choice',
      selected: [1],
    });
  });
});
