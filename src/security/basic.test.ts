import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basicCredential, parseBasic } from './index.ts';
import { isScomoError } from '../errors/index.ts';

const rejects = (fn: () => unknown, code: string) =>
  assert.throws(fn, (err: unknown) => isScomoError(err) && err.code === code);

describe('syncml:auth-basic', () => {
  test('vector of reference §3.2', () => {
    assert.equal(basicCredential('Bruce2', 'OhBehave'), 'QnJ1Y2UyOk9oQmVoYXZl');
    assert.deepEqual(parseBasic('QnJ1Y2UyOk9oQmVoYXZl'), { name: 'Bruce2', password: 'OhBehave' });
  });

  test('round trips UTF-8, empty passwords and passwords containing colons', () => {
    for (const [name, password] of [
      ['jürgen', 'pässwörd'],
      ['dev', ''],
      ['dev', 'a:b:c'],
      ['', 'x'],
    ] as const) {
      assert.deepEqual(parseBasic(basicCredential(name, password)), { name, password });
    }
  });

  test('parse tolerates wrapped base64 and missing padding', () => {
    assert.deepEqual(parseBasic('QnJ1Y2Uy\n  Ok9oQmVoYXZl'), { name: 'Bruce2', password: 'OhBehave' });
    // "dev:pw" is ZGV2OnB3 (no padding needed); "dev:p" is ZGV2OnA= → given without '='.
    assert.deepEqual(parseBasic('ZGV2OnA'), { name: 'dev', password: 'p' });
  });

  test('bad inputs give typed errors', () => {
    rejects(() => parseBasic('not base64!'), 'SCOMO_BASIC_BAD_B64');
    rejects(() => parseBasic('QnJ1Y2U=yOk9o'), 'SCOMO_BASIC_BAD_B64');
    rejects(() => parseBasic('Q'), 'SCOMO_BASIC_BAD_B64');
    rejects(() => parseBasic(Buffer.from('nocolon').toString('base64')), 'SCOMO_BASIC_NO_COLON');
    rejects(() => parseBasic(''), 'SCOMO_BASIC_NO_COLON');
    rejects(
      () => parseBasic(Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')),
      'SCOMO_BASIC_BAD_UTF8',
    );
    rejects(() => basicCredential('a:b', 'pw'), 'SCOMO_BASIC_BAD_NAME');
  });
});
