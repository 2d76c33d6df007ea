import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isScomoError } from '../errors/index.ts';
import { resolveServerOptions } from './options.ts';
import type { ServerOptionsInput } from './options.ts';

const base: ServerOptionsInput = { publicUrl: 'https://dm.example.com/dm' };

describe('resolveServerOptions', () => {
  test('fills every default', () => {
    const options = resolveServerOptions(base);
    assert.equal(options.publicUrl, 'https://dm.example.com/dm');
    assert.equal(options.sessionParam, 's');
    assert.deepEqual(options.registration, { mode: 'pre-provisioned' });
    assert.equal(options.maxAuthAttempts, 3);
    assert.equal(options.commandTtlMs, null);
    assert.deepEqual(options.wake, { onEnqueue: true, minIntervalMs: 60_000, uiMode: 'background' });
    assert.ok(Object.isFrozen(options));
  });

  test('keeps what is given, merging partial wake settings', () => {
    const options = resolveServerOptions({
      ...base,
      maxObjSize: null,
      wake: { onEnqueue: false },
      registration: { mode: 'shared-secret', secret: 's3cret', authType: 'HMAC' },
      quirkProfiles: [{ name: 'p', description: 'd', match: { man: 'X' }, quirks: ['no-sequence'] }],
    });
    assert.equal(options.maxObjSize, null);
    assert.deepEqual(options.wake, { onEnqueue: false, minIntervalMs: 60_000, uiMode: 'background' });
    assert.equal(options.registration.mode, 'shared-secret');
    assert.equal(options.quirkProfiles.at(-1)?.name, 'p');
  });

  const invalid: [string, Partial<ServerOptionsInput>][] = [
    ['a relative publicUrl', { publicUrl: '/dm' }],
    ['a non-HTTP publicUrl', { publicUrl: 'ftp://dm.example.com/' }],
    ['a zero TTL', { sessionTtlMs: 0 }],
    ['a fractional MaxMsgSize', { maxMsgSize: 1000.5 }],
    ['a MaxMsgSize too small for any message', { maxMsgSize: 100 }],
    ['an empty shared secret', { registration: { mode: 'shared-secret', secret: '', authType: 'DIGEST' } }],
    [
      'a BASIC server credential',
      { serverCredential: { authType: 'BASIC' as 'DIGEST', username: 'a', password: 'b' } },
    ],
    ['a session parameter with a slash', { sessionParam: 'a/b' }],
    [
      'a quirk profile naming an unknown quirk',
      {
        quirkProfiles: [
          { name: 'p', description: '', match: { man: 'X' }, quirks: ['nope' as 'no-sequence'] },
        ],
      },
    ],
    [
      'a quirk profile that matches every device',
      { quirkProfiles: [{ name: 'p', description: '', match: {}, quirks: ['no-sequence'] }] },
    ],
    ['an unknown UI mode', { wake: { uiMode: 'loud' as 'background' } }],
    ['a 256-byte server id', { serverId: 'x'.repeat(256) }],
  ];
  for (const [what, input] of invalid) {
    test(`rejects ${what} with SCOMO_SERVER_BAD_OPTION`, () => {
      assert.throws(
        () => resolveServerOptions({ ...base, ...input }),
        (error: unknown) => isScomoError(error, 'SCOMO_SERVER_BAD_OPTION'),
      );
    });
  }
});
