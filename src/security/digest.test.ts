import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { md5Digest, md5DigestFromEquivalent, passwordEquivalent, verifyMd5 } from './index.ts';

const NONCE = new TextEncoder().encode('Nonce');

describe('syncml:auth-md5', () => {
  test('vector of reference §3.2 (DM 1.2 Security example)', () => {
    assert.equal(passwordEquivalent('Bruce2', 'OhBehave'), 'PtEdr8lBQ45IbT1bZIkrOQ==');
    assert.equal(md5Digest('Bruce2', 'OhBehave', NONCE), 'Zz6EivR3yeaaENcRN6lpAQ==');
    assert.equal(md5DigestFromEquivalent('PtEdr8lBQ45IbT1bZIkrOQ==', NONCE), 'Zz6EivR3yeaaENcRN6lpAQ==');
  });

  test('verifies with the clear password or only the stored equivalent', () => {
    const data = 'Zz6EivR3yeaaENcRN6lpAQ==';
    assert.equal(verifyMd5(data, { name: 'Bruce2', password: 'OhBehave' }, NONCE), true);
    assert.equal(
      verifyMd5(data, { name: 'Bruce2', passwordEquivalent: 'PtEdr8lBQ45IbT1bZIkrOQ==' }, NONCE),
      true,
    );
    // Peers may send the digest without padding or wrapped.
    assert.equal(verifyMd5('Zz6EivR3yeaaENcRN6lpAQ', { name: 'Bruce2', password: 'OhBehave' }, NONCE), true);
  });

  test('rejects wrong password, name, nonce and tampered data', () => {
    const data = md5Digest('Bruce2', 'OhBehave', NONCE);
    assert.equal(verifyMd5(data, { name: 'Bruce2', password: 'OhBehavf' }, NONCE), false);
    assert.equal(verifyMd5(data, { name: 'bruce2', password: 'OhBehave' }, NONCE), false);
    assert.equal(
      verifyMd5(data, { name: 'Bruce2', password: 'OhBehave' }, new TextEncoder().encode('nonce')),
      false,
    );
    assert.equal(verifyMd5(data, { name: 'Bruce2', password: 'OhBehave' }, new Uint8Array(0)), false);
    const tampered = (data[0] === 'A' ? 'B' : 'A') + data.slice(1);
    assert.equal(verifyMd5(tampered, { name: 'Bruce2', password: 'OhBehave' }, NONCE), false);
  });

  test('malformed Cred Data is simply not a match', () => {
    const secret = { name: 'Bruce2', password: 'OhBehave' };
    for (const data of [
      '',
      '!!!',
      'Zz6EivR3yeaaENcRN6lp',
      'Zz6EivR3yeaaENcRN6lpAQ==AAAA',
      'QnJ1Y2UyOk9oQmVoYXZl',
    ]) {
      assert.equal(verifyMd5(data, secret, NONCE), false, data);
    }
  });

  test('the nonce is hashed as raw bytes, including non-UTF-8 bytes', () => {
    const a = md5Digest('u', 'p', Uint8Array.of(0xff, 0x00, 0x80));
    const b = md5Digest('u', 'p', Uint8Array.of(0xff, 0x00, 0x81));
    assert.notEqual(a, b);
    assert.equal(verifyMd5(a, { name: 'u', password: 'p' }, Uint8Array.of(0xff, 0x00, 0x80)), true);
  });
});
