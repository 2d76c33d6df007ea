import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { parseOperation } from './operation.ts';

describe('parseOperation', () => {
  test('keeps known fields only', () => {
    const parsed = parseOperation({
      kind: 'Exec',
      items: [{ target: './Op', data: 'go', extra: 1 }],
      correlator: 'c',
      unknown: true,
    });
    assert.deepEqual(parsed, { kind: 'Exec', items: [{ target: './Op', data: 'go' }], correlator: 'c' });
  });

  test('accepts a Sequence holding an Atomic holding Replaces', () => {
    const op = {
      kind: 'Sequence',
      operations: [
        { kind: 'Atomic', operations: [{ kind: 'Replace', items: [{ target: './A', data: '1' }] }] },
      ],
    };
    assert.deepEqual(parseOperation(op), op);
  });

  const invalid: [string, unknown][] = [
    ['a non-object', 'Get'],
    ['no kind', { items: [] }],
    ['an unknown kind', { kind: 'Put', items: [{ target: './A' }] }],
    ['a Get without items', { kind: 'Get', items: [] }],
    ['an item without target', { kind: 'Delete', items: [{ data: 'x' }] }],
    ['a Copy without source', { kind: 'Copy', items: [{ target: './A' }] }],
    ['a Get inside Atomic', { kind: 'Atomic', operations: [{ kind: 'Get', items: [{ target: './A' }] }] }],
    ['an Exec inside Atomic', { kind: 'Atomic', operations: [{ kind: 'Exec', items: [{ target: './A' }] }] }],
    [
      'Atomic inside Atomic',
      {
        kind: 'Atomic',
        operations: [{ kind: 'Atomic', operations: [{ kind: 'Delete', items: [{ target: './A' }] }] }],
      },
    ],
    ['an empty Sequence', { kind: 'Sequence', operations: [] }],
    ['a non-UI alert', { kind: 'Alert', code: '1226', items: [] }],
    ['a correlator on Replace', { kind: 'Replace', items: [{ target: './A' }], correlator: 'c' }],
    [
      'binary data that is not base64',
      { kind: 'Replace', items: [{ target: './A', data: '*', binary: true }] },
    ],
    ['a numeric data field', { kind: 'Replace', items: [{ target: './A', data: 5 }] }],
  ];
  for (const [what, value] of invalid) {
    test(`rejects ${what}`, () => {
      assert.throws(
        () => parseOperation(value),
        (error: unknown) =>
          isScomoError(error, 'SCOMO_SESSION_BAD_OPERATION') && /The operation/.test(error.message),
      );
    });
  }
});
