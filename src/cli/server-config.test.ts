import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { isScomoError } from '../errors/index.ts';
import { checkServerConfig } from './server-config.ts';
import { resolveServeSettings } from './server-settings.ts';

describe('serve settings', () => {
  test('config documents: known keys of the right kind; paths relative to the file', () => {
    const config = checkServerConfig(
      { port: 9000, data: 'state', tlsCert: '/etc/c.pem', registration: 'open', wake: false },
      'config file x',
      '/srv/scomo',
    );
    assert.deepEqual(config, {
      port: 9000,
      data: path.resolve('/srv/scomo/state'),
      tlsCert: '/etc/c.pem',
      registration: 'open',
      wake: false,
    });
    for (const [document, why] of [
      [[], /expected a JSON object/],
      [{ prot: 1 }, /unknown setting "prot"; known settings: port, host/],
      [{ port: '80' }, /"port" must be a number ≥ 0/],
      [{ port: 1.5 }, /"port" must be a whole number/],
      [{ registration: 'all' }, /"registration" must be one of open, preprovisioned/],
      [{ wake: 'yes' }, /"wake" must be true or false/],
      [{ db: '' }, /"db" must be a non-empty string/],
    ] as const) {
      assert.throws(
        () => checkServerConfig(document, 'config file x', '/'),
        (e) =>
          isScomoError(e, 'SCOMO_CLI_CONFIG') &&
          why.test(e.message) &&
          e.message.startsWith('config file x: '),
        JSON.stringify(document),
      );
    }
  });

  test('defaults: port 8080 on 127.0.0.1, ./data with scomo.db, pre-provisioned, 4 MiB bodies', () => {
    const settings = resolveServeSettings({});
    assert.equal(settings.port, 8080);
    assert.equal(settings.host, '127.0.0.1');
    assert.equal(settings.dataDir, path.resolve('data'));
    assert.equal(settings.dbUrl, `sqlite:${path.resolve('data', 'scomo.db')}`);
    assert.equal(settings.serverOptions.publicUrl, 'http://127.0.0.1:8080/dm');
    assert.deepEqual(settings.serverOptions.registration, { mode: 'pre-provisioned' });
    assert.equal(settings.serverOptions.serverCredential, null);
    assert.equal(settings.bodyLimit, 4 * 1024 * 1024);
    assert.equal(settings.tls, null);
  });

  test('settings map onto server options', () => {
    const settings = resolveServeSettings({
      port: 8443,
      host: '::1',
      tlsCert: '/c',
      tlsKey: '/k',
      serverId: 'dms.example',
      serverPassword: 's3cret',
      serverAuth: 'hmac',
      registration: 'shared-secret',
      sharedSecret: 'fleet',
      sharedSecretAuth: 'basic',
      sessionTimeout: 30,
      commandTtl: 86_400,
      wakeInterval: 5,
      wake: false,
      db: 'postgres://u:p@db/scomo',
    });
    assert.equal(settings.serverOptions.publicUrl, 'https://[::1]:8443/dm');
    assert.deepEqual(settings.serverOptions.serverCredential, {
      authType: 'HMAC',
      username: 'dms.example',
      password: 's3cret',
    });
    assert.deepEqual(settings.serverOptions.registration, {
      mode: 'shared-secret',
      secret: 'fleet',
      authType: 'BASIC',
    });
    assert.equal(settings.serverOptions.sessionTtlMs, 30_000);
    assert.equal(settings.serverOptions.commandTtlMs, 86_400_000);
    assert.deepEqual(settings.serverOptions.wake, { onEnqueue: false, minIntervalMs: 5000 });
    assert.equal(settings.dbUrl, 'postgres://u:p@db/scomo');
  });

  test('contradictions are usage errors', () => {
    for (const [config, why] of [
      [{ tlsKey: '/k' }, /--tls-cert and --tls-key go together/],
      [{ registration: 'shared-secret' as const }, /needs --shared-secret/],
      [{ port: 65_536 }, /--port must be 0–65535/],
      [{ quirkProfiles: [{ name: 'x' }] }, /"quirkProfiles" must be an array/],
    ] as const) {
      assert.throws(
        () => resolveServeSettings(config),
        (e) => isScomoError(e, 'SCOMO_CLI_USAGE') && why.test(e.message),
      );
    }
  });
});
