import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTrigger, unwrapWspPush, wrapWspPush, decodeTrigger } from './index.ts';
import { isScomoError } from '../errors/index.ts';

const PKG0 = encodeTrigger(
  { uiMode: 'background', initiator: 'server', sessionId: 0x1a2b, serverId: 'com.example.dms' },
  { serverPassword: 'srvsecret', nonce: new Uint8Array(4) },
);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

describe('WAP push framing (reference §4.3, optional)', () => {
  test('wraps with the minimal prefix <TID> 06 03 C4 AF 87', () => {
    const wrapped = wrapWspPush(PKG0, { transactionId: 0x01 });
    assert.equal(hex(wrapped.subarray(0, 6)), '010603c4af87');
    assert.equal(hex(wrapped.subarray(6)), hex(PKG0));
    assert.equal(hex(wrapWspPush(PKG0).subarray(0, 1)), '00');
  });

  test('round trips', () => {
    const push = unwrapWspPush(wrapWspPush(PKG0, { transactionId: 0x7c }));
    assert.equal(push.transactionId, 0x7c);
    assert.equal(push.contentType, 0x44);
    assert.equal(push.applicationId, 0x07);
    assert.deepEqual(push.body, PKG0);
    assert.equal(decodeTrigger(push.body).serverId, 'com.example.dms');
  });

  test('reads textual content types, general forms, other headers and textual app ids', () => {
    // Content-general-form: media type text, then a charset parameter (utf-8).
    const media = [...ascii('application/vnd.syncml.notification'), 0x00, 0x81, 0xea];
    const headers = [
      // Value-length above 30: Length-quote 0x1F then a uintvar.
      0x1f,
      media.length,
      ...media,
      // A well-known header we skip (Content-Length 0x8D as a short integer).
      0x8d,
      0x90,
      // An application header: token text then text value.
      ...ascii('X-Vendor'),
      0x00,
      ...ascii('yes'),
      0x00,
      // X-Wap-Application-Id as a URI.
      0xaf,
      ...ascii('x-wap-application:syncml.dm'),
      0x00,
    ];
    const bytes = Uint8Array.from([0x09, 0x06, headers.length, ...headers, ...PKG0]);
    const push = unwrapWspPush(bytes);
    assert.equal(push.contentType, 'application/vnd.syncml.notification');
    assert.equal(push.applicationId, 'x-wap-application:syncml.dm');
    assert.deepEqual(push.body, PKG0);
  });

  test('reads a short general-form content type with parameters', () => {
    // Value-length 3: well-known 0x44, then the charset parameter utf-8 (0x81 0xEA).
    const headers = [0x03, 0xc4, 0x81, 0xea, 0xaf, 0x87];
    const push = unwrapWspPush(Uint8Array.from([0x00, 0x06, headers.length, ...headers, ...PKG0]));
    assert.equal(push.contentType, 0x44);
    assert.equal(push.applicationId, 0x07);
    assert.deepEqual(push.body, PKG0);
  });

  test('reads a plain text content type and no app id', () => {
    const headers = [...ascii('application/vnd.syncml.notification'), 0x00];
    const push = unwrapWspPush(Uint8Array.from([0x00, 0x06, headers.length, ...headers, 0xaa]));
    assert.equal(push.contentType, 'application/vnd.syncml.notification');
    assert.equal(push.applicationId, undefined);
    assert.deepEqual(push.body, Uint8Array.of(0xaa));
  });

  test('typed errors for other PDUs, bad uintvars, bad tids and every truncation', () => {
    const code = (fn: () => unknown, expected: string, label: string) =>
      assert.throws(fn, (err: unknown) => isScomoError(err) && err.code === expected, label);
    code(() => unwrapWspPush(Uint8Array.of(0x01, 0x07, 0x00)), 'SCOMO_WSP_NOT_PUSH', 'type 7');
    code(
      () => unwrapWspPush(Uint8Array.of(0x01, 0x06, 0x90, 0xff, 0xff, 0xff, 0x7f)),
      'SCOMO_WSP_BAD_UINTVAR',
      '> 32 bits',
    );
    code(
      () => unwrapWspPush(Uint8Array.of(0x01, 0x06, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01)),
      'SCOMO_WSP_BAD_UINTVAR',
      '6 octets',
    );
    code(() => wrapWspPush(PKG0, { transactionId: 256 }), 'SCOMO_WSP_BAD_INPUT', 'tid 256');
    code(() => unwrapWspPush('x' as unknown as Uint8Array), 'SCOMO_WSP_BAD_INPUT', 'string');
    const wrapped = wrapWspPush(PKG0);
    for (let length = 0; length < 6; length++) {
      code(() => unwrapWspPush(wrapped.subarray(0, length)), 'SCOMO_WSP_TRUNCATED', `length ${length}`);
    }
  });

  test('random bytes parse or fail with SCOMO_WSP_* only', () => {
    let seed = 0x2948;
    const next = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed >>> 24;
    };
    for (let n = 0; n < 5000; n++) {
      const bytes = new Uint8Array(next() % 24);
      for (let i = 0; i < bytes.length; i++) bytes[i] = next();
      if (bytes.length > 2) bytes[1] = 0x06;
      if (bytes.length > 3) bytes[2] = (bytes[2] ?? 0) % (bytes.length - 2);
      try {
        const push = unwrapWspPush(bytes);
        assert.ok(push.body.length <= bytes.length);
      } catch (err) {
        assert.ok(isScomoError(err, 'SCOMO_WSP_'), String(err));
      }
    }
  });
});
