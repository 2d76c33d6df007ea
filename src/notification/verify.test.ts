import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTrigger, encodeTrigger, resyncNonce, verifyTrigger } from './index.ts';
import type { TriggerFields } from './index.ts';

const FIELDS: TriggerFields = {
  uiMode: 'informative',
  initiator: 'server',
  sessionId: 0x001a,
  serverId: 'com.example.dms',
  vendorData: Uint8Array.of(1, 2, 3),
};
const STORED = Uint8Array.of(0x51, 0x7e, 0x02, 0xc4, 0x9a, 0x10, 0x33, 0x08);
const SECRET = { serverPassword: 'srvsecret', nonce: STORED };

describe('package #0 digest verification (reference §4.2)', () => {
  test('ok with the stored nonce', () => {
    const decoded = decodeTrigger(encodeTrigger(FIELDS, SECRET));
    assert.equal(verifyTrigger(decoded, SECRET), 'ok');
  });

  test('ok-resync when the server signed with the all-zero nonce', () => {
    const decoded = decodeTrigger(
      encodeTrigger(FIELDS, { serverPassword: 'srvsecret', nonce: resyncNonce() }),
    );
    assert.equal(verifyTrigger(decoded, SECRET), 'ok-resync');
    // A device whose stored nonce already is the zero nonce sees a plain match.
    assert.equal(verifyTrigger(decoded, { serverPassword: 'srvsecret', nonce: new Uint8Array(4) }), 'ok');
  });

  test('bad-digest on wrong password, other nonce, tampered digest or tampered trigger', () => {
    const bytes = encodeTrigger(FIELDS, SECRET);
    assert.equal(
      verifyTrigger(decodeTrigger(bytes), { ...SECRET, serverPassword: 'srvsecreT' }),
      'bad-digest',
    );
    const otherNonce = encodeTrigger(FIELDS, {
      serverPassword: 'srvsecret',
      nonce: Uint8Array.of(1, 2, 3, 4),
    });
    assert.equal(verifyTrigger(decodeTrigger(otherNonce), SECRET), 'bad-digest');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Uint8Array.from(bytes);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      let verdict: string;
      try {
        verdict = verifyTrigger(decodeTrigger(tampered), SECRET);
      } catch {
        continue; // flipping a bit of the version or length may make it undecodable: also rejected
      }
      assert.equal(verdict, 'bad-digest', `byte ${i}`);
    }
  });

  test('a truncated vendor section still decodes but fails the digest', () => {
    const bytes = encodeTrigger(FIELDS, SECRET);
    const decoded = decodeTrigger(bytes.subarray(0, bytes.length - 1));
    assert.deepEqual(decoded.vendorData, Uint8Array.of(1, 2));
    assert.equal(verifyTrigger(decoded, SECRET), 'bad-digest');
  });

  test('serverIdentifier overrides the hashed identifier (libdmclient uses SRVCRED AAuthName)', () => {
    const secret = { ...SECRET, serverIdentifier: 'dm-server-name' };
    const decoded = decodeTrigger(encodeTrigger(FIELDS, secret));
    assert.equal(decoded.serverId, 'com.example.dms');
    assert.equal(verifyTrigger(decoded, secret), 'ok');
    assert.equal(verifyTrigger(decoded, SECRET), 'bad-digest');
  });

  test('a hand-built decoded value with a short digest is bad, not a crash', () => {
    const decoded = decodeTrigger(encodeTrigger(FIELDS, SECRET));
    assert.equal(verifyTrigger({ ...decoded, digest: decoded.digest.subarray(0, 8) }, SECRET), 'bad-digest');
  });

  test('resyncNonce returns a fresh zero array each time', () => {
    const a = resyncNonce();
    a[0] = 1;
    assert.deepEqual(resyncNonce(), new Uint8Array(4));
  });
});

test('the libdmclient resynchronisation variant (ASCII "0x00000000" as nonce) is accepted as a resync', () => {
  const fields = {
    version: 11,
    uiMode: 'background',
    initiator: 'server',
    sessionId: 0x1a2b,
    serverId: 'com.example.dms',
  } as const;
  const pkg0 = encodeTrigger(fields, {
    serverPassword: 'srvsecret',
    nonce: new TextEncoder().encode('0x00000000'),
  });
  const decoded = decodeTrigger(pkg0);
  assert.equal(
    verifyTrigger(decoded, { serverPassword: 'srvsecret', nonce: Uint8Array.of(1, 2, 3) }),
    'ok-resync',
  );
  assert.equal(
    verifyTrigger(decoded, { serverPassword: 'other', nonce: Uint8Array.of(1, 2, 3) }),
    'bad-digest',
  );
});
