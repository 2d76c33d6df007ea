import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { isScomoError } from '../../errors/index.ts';
import { agentOptionsFromConfig, AGENT_CONFIG_KEYS, checkAgentConfig } from './config.ts';
import { resolveAgentOptions } from './resolve.ts';

describe('checkAgentConfig', () => {
  test('keeps known keys, resolves relative paths against the base folder', () => {
    const config = checkAgentConfig(
      {
        server: 'http://x/dm',
        deviceId: 'IMEI:1',
        state: 'st',
        ca: '/abs/ca.pem',
        once: true,
        poll: 2.5,
        auth: 'hmac',
        device: { oem: 'O' },
      },
      'test',
      '/etc/scomo',
    );
    assert.equal(config.state, path.resolve('/etc/scomo', 'st'));
    assert.equal(config.ca, '/abs/ca.pem');
    assert.equal(config.once, true);
    assert.equal(config.poll, 2.5);
    assert.equal(config.auth, 'hmac');
    assert.deepEqual(config.device, { oem: 'O' });
  });

  test('refuses unknown keys and values of the wrong kind, naming where and what', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ colour: 'blue' }, /unknown key "colour"/],
      [{ listen: 1.5 }, /"listen" must be a whole number/],
      [{ poll: -1 }, /"poll" must be a number ≥ 0/],
      [{ once: 'yes' }, /"once" must be true or false/],
      [{ encoding: 'json' }, /"encoding" must be one of xml, wbxml/],
      [{ logLevel: 'loud' }, /"logLevel" must be one of fatal/],
      [{ server: '' }, /"server" must be a non-empty string/],
      [{ device: { colour: 'x' } }, /unknown device key "colour"/],
      [{ device: [] }, /"device" must be an object/],
      ['text', /expected a JSON object/],
    ];
    for (const [document, message] of cases) {
      assert.throws(
        () => checkAgentConfig(document, 'config file a.json', '/'),
        (err) =>
          isScomoError(err, 'SCOMO_AGENT_CONFIG') &&
          message.test(err.message) &&
          err.message.startsWith('config file a.json: '),
        String(message),
      );
    }
  });

  test('every documented key maps onto an agent option', () => {
    const full = {
      server: 'http://x/dm',
      deviceId: 'IMEI:1',
      state: '/s',
      username: 'u',
      password: 'p',
      serverId: 'sid',
      serverPassword: 'sp',
      auth: 'basic',
      encoding: 'wbxml',
      once: true,
      listen: 1,
      udpPort: 2,
      listenHost: '0.0.0.0',
      poll: 3,
      ca: '/ca.pem',
      timeout: 4,
      connectTimeout: 5,
      retries: 6,
      retryDelay: 7,
      maxMsgSize: 8192,
      maxObjSize: 9,
      manufacturer: 'M',
      model: 'Mo',
      language: 'de-DE',
      logLevel: 'debug',
      scomoRoot: './Vendor/SCOMO',
      installDir: '/opt/components',
      installer: 'command',
      installerCommand: '/usr/bin/scomo-install',
      trustedKey: ['/keys/a.pub', 'b.pub'],
      requireSignatures: true,
      envType: ['linux-x86_64', 'docker'],
      quota: 1_000_000,
      hookTimeout: 12,
      scomoWait: 30,
    };
    assert.deepEqual(Object.keys(full).sort(), Object.keys(AGENT_CONFIG_KEYS).sort());
    const checked = checkAgentConfig(full, 't', '/etc');
    assert.deepEqual(checked.trustedKey, ['/keys/a.pub', '/etc/b.pub'], 'key paths resolved like others');
    assert.equal(checked.scomoWait, 30);
    const resolved = resolveAgentOptions(
      agentOptionsFromConfig(checked, { ca: 'PEM', trustedKeys: [new Uint8Array(32).fill(7)] }),
    );
    assert.equal(resolved.stateDir, '/s');
    assert.equal(resolved.serverId, 'sid');
    assert.equal(resolved.auth, 'basic');
    assert.equal(resolved.encoding, 'wbxml');
    assert.equal(resolved.listenPort, 1);
    assert.equal(resolved.udpPort, 2);
    assert.equal(resolved.pollMs, 3000);
    assert.equal(resolved.ca, 'PEM');
    assert.equal(resolved.timeoutMs, 4000);
    assert.equal(resolved.connectTimeoutMs, 5000);
    assert.equal(resolved.retry.attempts, 7);
    assert.equal(resolved.retry.baseDelayMs, 7);
    assert.equal(resolved.maxMsgSize, 8192);
    assert.equal(resolved.maxObjSize, 9);
    assert.equal(resolved.device.manufacturer, 'M');
    assert.equal(resolved.device.language, 'de-DE');
    assert.equal(resolved.scomo?.root, './Vendor/SCOMO');
    assert.equal(resolved.scomo?.installDir, '/opt/components');
    assert.equal(resolved.scomo?.installer, 'command');
    assert.equal(resolved.scomo?.installerCommand, '/usr/bin/scomo-install');
    assert.equal(resolved.scomo?.trust.keys.length, 1);
    assert.equal(resolved.scomo?.trust.policy, 'required');
    assert.deepEqual(resolved.scomo?.envTypes, ['linux-x86_64', 'docker']);
    assert.equal(resolved.scomo?.quotaBytes, 1_000_000);
    assert.equal(resolved.scomo?.hookTimeoutMs, 12_000);
  });

  test('repeatable keys take one string or a list', () => {
    assert.deepEqual(checkAgentConfig({ envType: 'linux' }, 't', '/').envType, ['linux']);
    assert.throws(
      () => checkAgentConfig({ envType: ['linux', 3] }, 'config file a.json', '/'),
      /"envType" must be a string or a list of strings/,
    );
  });

  test('server and device id are required', () => {
    assert.throws(() => agentOptionsFromConfig({ deviceId: 'IMEI:1' }), /needs --server/);
    assert.throws(() => agentOptionsFromConfig({ server: 'http://x/dm' }), /needs --device-id/);
  });
});
