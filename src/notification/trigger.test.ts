import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeTrigger,
  encodeTrigger,
  encodeTriggerBody,
  triggerDigest,
  INITIATORS,
  UI_MODES,
} from './index.ts';
import type { TriggerFields } from './index.ts';
import { isScomoError } from '../errors/index.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

// Reference §4.2 self-computed vector.
const VECTOR_FIELDS: TriggerFields = {
  version: 12,
  uiMode: 'background',
  initiator: 'server',
  sessionId: 0x1a2b,
  serverId: 'com.example.dms',
};
const VECTOR_SECRET = { serverPassword: 'srvsecret', nonce: new Uint8Array(4) };
const VECTOR_TRIGGER = '03180000001a2b0f636f6d2e6578616d706c652e646d73';
const VECTOR_DIGEST = 'faee9781767b33392ed452ec3f924634';

describe('package #0 codec', () => {
  test('encodes the vector of reference §4.2', () => {
    assert.equal(hex(encodeTriggerBody(VECTOR_FIELDS)), VECTOR_TRIGGER);
    assert.equal(
      hex(triggerDigest('com.example.dms', 'srvsecret', new Uint8Array(4), fromHex(VECTOR_TRIGGER))),
      VECTOR_DIGEST,
    );
    assert.equal(hex(encodeTrigger(VECTOR_FIELDS, VECTOR_SECRET)), VECTOR_DIGEST + VECTOR_TRIGGER);
  });

  test('encodes version 11 by default (header 02d8…)', () => {
    const { version: _omit, ...fields } = VECTOR_FIELDS;
    const body = encodeTriggerBody(fields);
    assert.equal(hex(body), '02d80000001a2b0f636f6d2e6578616d706c652e646d73');
    assert.equal(hex(encodeTriggerBody({ ...fields, version: 11 })), hex(body));
  });

  test('decodes the vector', () => {
    const decoded = decodeTrigger(fromHex(VECTOR_DIGEST + VECTOR_TRIGGER));
    assert.equal(decoded.version, 12);
    assert.equal(decoded.uiMode, 'background');
    assert.equal(decoded.initiator, 'server');
    assert.equal(decoded.sessionId, 0x1a2b);
    assert.equal(decoded.serverId, 'com.example.dms');
    assert.deepEqual(decoded.vendorData, new Uint8Array(0));
    assert.equal(hex(decoded.digest), VECTOR_DIGEST);
    assert.equal(hex(decoded.trigger), VECTOR_TRIGGER);
  });

  test('round trips every ui-mode, initiator, version and edge session id, with vendor data', () => {
    for (const uiMode of UI_MODES) {
      for (const initiator of INITIATORS) {
        for (const version of [10, 11, 12, 13]) {
          for (const sessionId of [0, 1, 0x1a, 0xff, 0x100, 0xfffe, 0xffff]) {
            const fields = {
              version,
              uiMode,
              initiator,
              sessionId,
              serverId: 'srv-é',
              vendorData: Uint8Array.of(sessionId & 0xff, 0, 0xff),
            };
            const bytes = encodeTrigger(fields, VECTOR_SECRET);
            const { digest: _d, trigger, ...decoded } = decodeTrigger(bytes);
            assert.deepEqual(decoded, fields);
            assert.deepEqual(trigger, bytes.subarray(16));
          }
        }
      }
    }
  });

  test('decodes a Buffer into detached plain arrays', () => {
    const encoded = encodeTrigger({ ...VECTOR_FIELDS, vendorData: Uint8Array.of(7) }, VECTOR_SECRET);
    const expected = hex(encoded);
    const buffer = Buffer.from(encoded);
    const decoded = decodeTrigger(buffer);
    buffer.fill(0);
    assert.equal(hex(decoded.digest), expected.slice(0, 32));
    assert.equal(hex(decoded.trigger), `${VECTOR_TRIGGER}07`);
    assert.deepEqual(decoded.vendorData, Uint8Array.of(7));
    assert.equal(Buffer.isBuffer(decoded.trigger), false);
  });

  test('ignores non-zero future-use bits when decoding (lenient input)', () => {
    const bytes = encodeTrigger(VECTOR_FIELDS, VECTOR_SECRET);
    bytes[16 + 1] = (bytes[16 + 1] ?? 0) | 0b111;
    bytes[16 + 2] = 0xff;
    bytes[16 + 4] = 0x01;
    const decoded = decodeTrigger(bytes);
    assert.equal(decoded.sessionId, 0x1a2b);
    assert.equal(decoded.uiMode, 'background');
    assert.equal(decoded.initiator, 'server');
  });

  test('server identifier of the maximum 255 bytes', () => {
    const serverId = 'x'.repeat(255);
    const bytes = encodeTrigger({ ...VECTOR_FIELDS, serverId }, VECTOR_SECRET);
    assert.equal(bytes.length, 24 + 255);
    assert.equal(decodeTrigger(bytes).serverId, serverId);
  });

  test('encode refuses fields it cannot represent', () => {
    const cases: [TriggerFields, string][] = [
      [{ ...VECTOR_FIELDS, version: 9 }, 'SCOMO_PKG0_UNSUPPORTED_VERSION'],
      [{ ...VECTOR_FIELDS, version: 14 }, 'SCOMO_PKG0_UNSUPPORTED_VERSION'],
      [{ ...VECTOR_FIELDS, version: 11.5 }, 'SCOMO_PKG0_UNSUPPORTED_VERSION'],
      [{ ...VECTOR_FIELDS, sessionId: -1 }, 'SCOMO_PKG0_BAD_SESSION_ID'],
      [{ ...VECTOR_FIELDS, sessionId: 0x10000 }, 'SCOMO_PKG0_BAD_SESSION_ID'],
      [{ ...VECTOR_FIELDS, sessionId: Number.NaN }, 'SCOMO_PKG0_BAD_SESSION_ID'],
      [{ ...VECTOR_FIELDS, serverId: '' }, 'SCOMO_PKG0_EMPTY_SERVER_ID'],
      [{ ...VECTOR_FIELDS, serverId: 'é'.repeat(128) }, 'SCOMO_PKG0_SERVER_ID_TOO_LONG'],
      // Casts model untyped callers.
      [{ ...VECTOR_FIELDS, uiMode: 'loud' as 'background' }, 'SCOMO_PKG0_BAD_FIELD'],
      [{ ...VECTOR_FIELDS, initiator: 'nobody' as 'server' }, 'SCOMO_PKG0_BAD_FIELD'],
    ];
    for (const [fields, code] of cases) {
      assert.throws(
        () => encodeTrigger(fields, VECTOR_SECRET),
        (err: unknown) => isScomoError(err) && err.code === code,
        JSON.stringify(fields),
      );
    }
  });
});
