import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_TYPES, aAuthTypeOf, buildChallenge, carrierOf, isAAuthType, metaTypeOf } from './index.ts';
import type { SyncmlAAuthType } from './index.ts';
import { isScomoError } from '../errors/index.ts';

describe('AAuthType vocabulary (reference §3.1)', () => {
  test('maps AAuthType to Meta Type and back', () => {
    assert.equal(metaTypeOf('BASIC'), 'syncml:auth-basic');
    assert.equal(metaTypeOf('DIGEST'), 'syncml:auth-md5');
    assert.equal(metaTypeOf('HMAC'), 'syncml:auth-MAC');
    assert.equal(metaTypeOf('X509'), 'syncml:auth-X509');
    assert.equal(metaTypeOf('HTTP-DIGEST'), undefined);
    assert.equal(aAuthTypeOf('syncml:auth-md5'), 'DIGEST');
    assert.equal(aAuthTypeOf('syncml:auth-mac'), 'HMAC');
    assert.equal(aAuthTypeOf(' SYNCML:AUTH-BASIC '), 'BASIC');
    assert.equal(aAuthTypeOf('syncml:auth-unknown'), undefined);
    for (const row of AUTH_TYPES) {
      if (row.metaType !== undefined) assert.equal(aAuthTypeOf(row.metaType), row.aAuthType);
    }
  });

  test('knows where each type travels', () => {
    assert.equal(carrierOf('HMAC'), 'header');
    assert.equal(carrierOf('DIGEST'), 'cred');
    assert.equal(carrierOf('TRANSPORT'), 'transport');
    assert.equal(isAAuthType('DIGEST'), true);
    assert.equal(isAAuthType('digest'), false);
  });

  test('builds Chal descriptors', () => {
    assert.deepEqual(buildChallenge('DIGEST', new TextEncoder().encode('Nonce')), {
      type: 'syncml:auth-md5',
      format: 'b64',
      nextNonce: 'Tm9uY2U=',
    });
    assert.deepEqual(buildChallenge('HMAC', new Uint8Array(4)), {
      type: 'syncml:auth-MAC',
      format: 'b64',
      nextNonce: 'AAAAAA==',
    });
    const basic = buildChallenge('BASIC');
    assert.deepEqual(basic, { type: 'syncml:auth-basic', format: 'b64' });
    assert.equal('nextNonce' in basic, false);
  });

  test('refuses a Chal for transport-level or unknown types', () => {
    for (const [type, code] of [
      ['HTTP-BASIC', 'SCOMO_AUTH_NOT_SYNCML'],
      ['TRANSPORT', 'SCOMO_AUTH_NOT_SYNCML'],
      ['MD5', 'SCOMO_AUTH_UNKNOWN_TYPE'],
    ] as const) {
      // The casts model untyped callers (config files, JS users).
      assert.throws(
        () => buildChallenge(type as SyncmlAAuthType),
        (err: unknown) => isScomoError(err) && err.code === code,
        type,
      );
    }
  });
});
