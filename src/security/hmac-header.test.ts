import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHmacHeader, parseHmacHeader } from './index.ts';
import { isScomoError } from '../errors/index.ts';

const MAC = 'Z3N5JSyM0WRxUaie7OIsnw==';
const EXPECTED = { algorithm: 'MD5', username: 'Bruce2', mac: MAC };

const rejects = (fn: () => unknown, code: string, label?: string) =>
  assert.throws(fn, (err: unknown) => isScomoError(err) && err.code === code, label);

describe('x-syncml-hmac header', () => {
  test('parses the canonical form and its lenient variants', () => {
    const variants = [
      `algorithm=MD5, username="Bruce2", mac=${MAC}`,
      `algorithm=MD5,username="Bruce2",mac=${MAC}`,
      `  algorithm = MD5 ,  username = "Bruce2" ,  mac = ${MAC}  `,
      `mac=${MAC}, username="Bruce2", algorithm=MD5`,
      `username=Bruce2, mac=${MAC}`,
      `USERNAME="Bruce2", Mac=${MAC}, Algorithm=md5`,
      `username="Bruce2", mac="${MAC}"`,
      `username="Bruce2",, mac=${MAC},`,
      `username="Bruce2", realm="ignored", mac=${MAC}`,
      `username="Bruce2"\t,\tmac=${MAC}`,
    ];
    for (const value of variants) assert.deepEqual(parseHmacHeader(value), EXPECTED, value);
  });

  test('quoted usernames keep commas, spaces, equals signs and escapes', () => {
    assert.equal(parseHmacHeader(`username="a, b=c", mac=${MAC}`).username, 'a, b=c');
    assert.equal(parseHmacHeader(`username="say \\"hi\\" \\\\o/", mac=${MAC}`).username, 'say "hi" \\o/');
  });

  test('format and parse round trip, escaping quotes and backslashes', () => {
    for (const username of ['Bruce2', 'a "quoted" name', 'back\\slash', 'comma, and = sign', 'jürgen']) {
      const value = formatHmacHeader({ algorithm: 'MD5', username, mac: MAC });
      assert.deepEqual(parseHmacHeader(value), { algorithm: 'MD5', username, mac: MAC }, value);
    }
  });

  test('rejects missing parameters, unknown algorithms and malformed values', () => {
    rejects(() => parseHmacHeader(`algorithm=MD5, mac=${MAC}`), 'SCOMO_HMAC_MISSING_USERNAME');
    rejects(() => parseHmacHeader(`username="", mac=${MAC}`), 'SCOMO_HMAC_MISSING_USERNAME');
    rejects(() => parseHmacHeader('algorithm=MD5, username="Bruce2"'), 'SCOMO_HMAC_MISSING_MAC');
    rejects(() => parseHmacHeader('username="Bruce2", mac='), 'SCOMO_HMAC_MISSING_MAC');
    rejects(() => parseHmacHeader(''), 'SCOMO_HMAC_MISSING_USERNAME');
    rejects(
      () => parseHmacHeader(`algorithm=SHA1, username="Bruce2", mac=${MAC}`),
      'SCOMO_HMAC_UNKNOWN_ALGORITHM',
    );
    rejects(
      () => parseHmacHeader(`algorithm=, username="Bruce2", mac=${MAC}`),
      'SCOMO_HMAC_UNKNOWN_ALGORITHM',
    );
    rejects(() => parseHmacHeader('username="Bruce2", mac=not-base64!'), 'SCOMO_HMAC_BAD_MAC');
    rejects(() => parseHmacHeader('username="Bruce2", mac=QnJ1Y2UyOk9oQmVoYXZl'), 'SCOMO_HMAC_BAD_MAC');
    rejects(
      () => parseHmacHeader(`username="Bruce2", username="Eve", mac=${MAC}`),
      'SCOMO_HMAC_DUPLICATE_PARAM',
    );
    rejects(() => parseHmacHeader(`username="Bruce2", MAC=${MAC}, mac=${MAC}`), 'SCOMO_HMAC_DUPLICATE_PARAM');
    for (const value of [
      `username="Bruce2, mac=${MAC}`,
      `username="Bruce2\\`,
      `username="Bruce2" x, mac=${MAC}`,
      `username, mac=${MAC}`,
      `=x, username="Bruce2", mac=${MAC}`,
      `username=Bru"ce2, mac=${MAC}`,
    ]) {
      rejects(() => parseHmacHeader(value), 'SCOMO_HMAC_MALFORMED', value);
    }
  });

  test('format refuses values that would corrupt the header', () => {
    rejects(() => formatHmacHeader({ username: 'a\r\nX-Evil: 1', mac: MAC }), 'SCOMO_HMAC_BAD_USERNAME');
    rejects(() => formatHmacHeader({ username: '', mac: MAC }), 'SCOMO_HMAC_BAD_USERNAME');
    rejects(() => formatHmacHeader({ username: 'u', mac: 'abc, x=y' }), 'SCOMO_HMAC_BAD_MAC');
  });

  test('arbitrary header text yields a header or a typed error, nothing else', () => {
    const alphabet = 'aumsc=",\\ \tMD5=A+/x';
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = next() % 40;
      for (let k = 0; k < length; k++) text += alphabet[next() % alphabet.length];
      try {
        parseHmacHeader(text);
      } catch (err) {
        assert.ok(isScomoError(err, 'SCOMO_HMAC_'), `${JSON.stringify(text)}: ${String(err)}`);
      }
    }
  });
});
