import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { isScomoError } from '../../errors/index.ts';
import { resolveAgentOptions } from './resolve.ts';
import type { AgentOptions, AgentScomoOptions } from './types.ts';

const base: AgentOptions = { server: 'https://dm.example.com/dm', deviceId: 'IMEI:1' };
const withState = (scomo?: AgentScomoOptions): AgentOptions => ({ ...base, stateDir: '/var/lib/a', scomo });

describe('resolveAgentOptions: the SCOMO client', () => {
  test('on by default with a state directory, with the documented defaults', () => {
    const scomo = resolveAgentOptions(withState()).scomo;
    assert.ok(scomo);
    assert.equal(scomo.root, './SCOMO');
    assert.equal(scomo.dir, '/var/lib/a/scomo');
    assert.equal(scomo.installDir, '/var/lib/a/components');
    assert.equal(scomo.installer, 'directory');
    assert.equal(scomo.installerCommand, undefined);
    assert.equal(scomo.trust.policy, 'optional');
    assert.equal(scomo.trust.keys.length, 0);
    assert.equal(scomo.envTypes, undefined);
    assert.equal(scomo.quotaBytes, undefined);
    assert.equal(scomo.hookTimeoutMs, undefined);
    assert.equal(scomo.resultDelayMs, 1000);
  });

  test('off without a state directory, or when turned off', () => {
    assert.equal(resolveAgentOptions(base).scomo, undefined);
    assert.equal(resolveAgentOptions(withState({ enabled: false })).scomo, undefined);
  });

  test('the command installer is chosen by its command; keys compile; seconds become ms', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const scomo = resolveAgentOptions(
      withState({
        installerCommand: '/usr/bin/pkg-wrap',
        trustedKeys: [pem],
        requireSignatures: true,
        root: 'Vendor/SCOMO',
        hookTimeoutSeconds: 2.5,
        resultDelaySeconds: 0,
        envTypes: ['linux'],
      }),
    ).scomo;
    assert.equal(scomo?.installer, 'command');
    assert.equal(scomo?.installerCommand, '/usr/bin/pkg-wrap');
    assert.equal(scomo?.trust.keys.length, 1);
    assert.equal(scomo?.trust.policy, 'required');
    assert.equal(scomo?.root, './Vendor/SCOMO', 'the root is canonical');
    assert.equal(scomo?.hookTimeoutMs, 2500);
    assert.equal(scomo?.resultDelayMs, 0);
    assert.deepEqual(scomo?.envTypes, ['linux']);
  });

  test('refuses what cannot work, naming the option', () => {
    const cases: Array<[AgentOptions, RegExp]> = [
      [{ ...base, scomo: { envTypes: ['linux'] } }, /needs a state directory/],
      [{ ...base, scomo: { enabled: true } }, /needs a state directory/],
      [withState({ installer: 'command' }), /scomo\.installerCommand/],
      [withState({ installer: 'directory', installerCommand: '/bin/x' }), /scomo\.installer:/],
      [withState({ installerCommand: 'relative/x' }), /scomo\.installerCommand: expected an absolute path/],
      [withState({ installDir: 'components' }), /scomo\.installDir: expected an absolute path/],
      [withState({ root: '.' }), /scomo\.root/],
      [withState({ root: '../up' }), /scomo\.root/],
      [withState({ trustedKeys: ['not a key'] }), /scomo\.trustedKeys: expected Ed25519 public keys/],
      [withState({ envTypes: [] }), /scomo\.envTypes/],
      [withState({ quotaBytes: 1.5 }), /scomo\.quotaBytes/],
      [withState({ hookTimeoutSeconds: 0 }), /scomo\.hookTimeoutSeconds/],
      [withState({ installer: 'docker' as 'command', installerCommand: '/bin/x' }), /scomo\.installer/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => resolveAgentOptions(options),
        (err) => isScomoError(err, 'SCOMO_AGENT_BAD_OPTION') && message.test(err.message),
        String(message),
      );
    }
  });
});
