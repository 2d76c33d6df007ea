import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeHmacMac,
  computeHmacMacFromEquivalent,
  formatHmacHeader,
  parseHmacHeader,
  passwordEquivalent,
  verifyHmac,
} from './index.ts';

const NONCE = new Uint8Array(Buffer.from('LG3iZQhhdmKNHg==', 'base64'));
const BODY = new TextEncoder().encode('<SyncML>example</SyncML>');
const MAC = 'Z3N5JSyM0WRxUaie7OIsnw==';

describe('HMAC-MD5 integrity (syncml:auth-MAC)', () => {
  test('vector of reference §3.4', () => {
    assert.equal(computeHmacMac('Bruce2', 'OhBehave', NONCE, BODY), MAC);
    assert.equal(computeHmacMacFromEquivalent(passwordEquivalent('Bruce2', 'OhBehave'), NONCE, BODY), MAC);
    assert.equal(
      formatHmacHeader({ username: 'Bruce2', mac: MAC }),
      'algorithm=MD5, username="Bruce2", mac=Z3N5JSyM0WRxUaie7OIsnw==',
    );
  });

  test('verifies a received header against password or equivalent', () => {
    const header = parseHmacHeader(`algorithm=MD5, username="Bruce2", mac=${MAC}`);
    assert.equal(verifyHmac(header, { name: 'Bruce2', password: 'OhBehave' }, NONCE, BODY), true);
    assert.equal(
      verifyHmac(header, { name: 'Bruce2', passwordEquivalent: 'PtEdr8lBQ45IbT1bZIkrOQ==' }, NONCE, BODY),
      true,
    );
  });

  test('rejects wrong password, tampered body, wrong nonce, wrong user, tampered mac', () => {
    const header = { algorithm: 'MD5', username: 'Bruce2', mac: MAC } as const;
    const secret = { name: 'Bruce2', password: 'OhBehave' };
    assert.equal(verifyHmac(header, { name: 'Bruce2', password: 'OhBehavE' }, NONCE, BODY), false);
    const body = Uint8Array.from(BODY);
    body[3] = (body[3] ?? 0) ^ 1;
    assert.equal(verifyHmac(header, secret, NONCE, body), false);
    assert.equal(verifyHmac(header, secret, NONCE, BODY.subarray(0, BODY.length - 1)), false);
    assert.equal(verifyHmac(header, secret, new Uint8Array(NONCE.length), BODY), false);
    // Same password and mac, but the header names another user than the account.
    assert.equal(verifyHmac({ ...header, username: 'Mallory' }, secret, NONCE, BODY), false);
    assert.equal(verifyHmac({ ...header, mac: 'Z3N5JSyM0WRxUaie7OIsnA==' }, secret, NONCE, BODY), false);
  });

  test('binary (WBXML) bodies are hashed byte for byte', () => {
    const wbxml = Uint8Array.of(0x02, 0xa4, 0x01, 0x6a, 0x00, 0xff, 0x00);
    const mac = computeHmacMac('dev', 'pw', NONCE, wbxml);
    assert.equal(
      verifyHmac({ algorithm: 'MD5', username: 'dev', mac }, { name: 'dev', password: 'pw' }, NONCE, wbxml),
      true,
    );
    assert.notEqual(mac, computeHmacMac('dev', 'pw', NONCE, wbxml.subarray(0, 6)));
  });
});
