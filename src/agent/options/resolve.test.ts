import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { DEFAULT_DEVICE, DEFAULTS } from './defaults.ts';
import { isResolvedAgentOptions, resolveAgentOptions } from './resolve.ts';
import type { AgentOptions } from './types.ts';

const base: AgentOptions = { server: 'https://dm.example.com/dm', deviceId: 'IMEI:1' };

describe('resolveAgentOptions', () => {
  test('fills every default from two required options', () => {
    const o = resolveAgentOptions(base);
    assert.equal(o.serverId, 'dm.example.com', 'ServerID defaults to the host name');
    assert.equal(o.username, 'IMEI:1', 'user name defaults to the device id');
    assert.equal(o.auth, 'none', 'no password, no credentials');
    assert.equal(o.encoding, 'xml');
    assert.equal(o.stateDir, undefined);
    assert.equal(o.listenHost, '127.0.0.1');
    assert.equal(o.pollMs, undefined);
    assert.equal(o.timeoutMs, DEFAULTS.timeoutSeconds * 1000);
    assert.deepEqual(o.retry, {
      attempts: DEFAULTS.retries + 1,
      baseDelayMs: DEFAULTS.retryDelayMs,
      maxDelayMs: DEFAULTS.retryMaxDelayMs,
    });
    assert.deepEqual(o.device, DEFAULT_DEVICE);
    assert.ok(Object.isFrozen(o));
    assert.ok(isResolvedAgentOptions(o));
    assert.equal(isResolvedAgentOptions({ ...o }), false, 'a copy is not the compiled object');
  });

  test('a password makes md5 the default; seconds become milliseconds', () => {
    const o = resolveAgentOptions({
      ...base,
      password: 'p',
      pollSeconds: 1.5,
      timeoutSeconds: 2,
      retries: 0,
    });
    assert.equal(o.auth, 'md5');
    assert.equal(o.pollMs, 1500);
    assert.equal(o.timeoutMs, 2000);
    assert.equal(o.retry.attempts, 1);
    assert.equal(resolveAgentOptions({ ...base, pollSeconds: 0 }).pollMs, undefined, 'poll 0 = no polling');
  });

  test('device fields override the defaults one by one', () => {
    const o = resolveAgentOptions({ ...base, device: { manufacturer: 'ACME', language: 'fr-FR' } });
    assert.equal(o.device.manufacturer, 'ACME');
    assert.equal(o.device.language, 'fr-FR');
    assert.equal(o.device.model, DEFAULT_DEVICE.model);
  });

  test('refuses bad values with SCOMO_AGENT_BAD_OPTION naming the option', () => {
    const cases: Array<[Partial<AgentOptions> | Record<string, unknown>, string]> = [
      [{ server: 'dm.example.com' }, 'server'],
      [{ server: 'ftp://dm.example.com/' }, 'server'],
      [{ deviceId: '' }, 'deviceId'],
      [{ auth: 'kerberos' }, 'auth'],
      [{ auth: 'md5' }, 'password'],
      [{ encoding: 'json' }, 'encoding'],
      [{ listenPort: 70000 }, 'listenPort'],
      [{ udpPort: 1.5 }, 'udpPort'],
      [{ pollSeconds: -1 }, 'pollSeconds'],
      [{ pollJitter: 2 }, 'pollJitter'],
      [{ timeoutSeconds: 0 }, 'timeoutSeconds'],
      [{ retries: 99 }, 'retries'],
      [{ maxMsgSize: 10 }, 'maxMsgSize'],
      [{ clock: 5 }, 'clock'],
      [{ device: { colour: 'blue' } }, 'device.colour'],
      [{ device: { model: '' } }, 'device.model'],
    ];
    for (const [patch, name] of cases) {
      assert.throws(
        () => resolveAgentOptions({ ...base, ...patch } as AgentOptions),
        (err) => isScomoError(err, 'SCOMO_AGENT_BAD_OPTION') && err.message.includes(`Option ${name}:`),
        name,
      );
    }
    assert.throws(
      () => resolveAgentOptions(null as unknown as AgentOptions),
      (err) => isScomoError(err, 'SCOMO_AGENT_BAD_OPTION'),
    );
  });
});
