import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { passwordEquivalent } from '../../security/index.ts';
import { commandsOf, headerStatusOf, ScriptedClient } from '../testing/scripted-client.ts';
import { testServer } from '../testing/setup.ts';
import { defined } from '../testing/fixtures.ts';

describe('registration policies', () => {
  test('pre-provisioned: an unknown device is refused with 403 and not stored', async () => {
    const { server, store } = testServer({ registration: { mode: 'pre-provisioned' } });
    const client = new ScriptedClient(server, { devId: 'IMEI:unknown', encoding: 'xml' });
    const { reply, response } = await client.send(client.pkg1());
    assert.equal(headerStatusOf(reply)?.data, '403');
    assert.deepEqual(
      reply.body.map((c) => (c.kind === 'Status' ? c.data : c.kind)),
      ['403', '403', '403'],
    );
    assert.equal(reply.final, true);
    assert.equal(response.ended, true);
    assert.equal(response.sessionToken, null);
    assert.equal(await store.getDevice('IMEI:unknown'), null);
    assert.equal(await store.getDeviceLock('IMEI:unknown'), null);
  });

  test('pre-provisioned: a disabled device is refused with 403', async () => {
    const { server } = testServer({ registration: { mode: 'pre-provisioned' } });
    await server.devices.provision({ devId: 'IMEI:off', enabled: false }, 0);
    const client = new ScriptedClient(server, { devId: 'IMEI:off', encoding: 'wbxml' });
    const { reply } = await client.send(client.pkg1());
    assert.equal(headerStatusOf(reply)?.data, '403');
  });

  test('open: an unknown device is registered with no client credential', async () => {
    const { server, store } = testServer({ registration: { mode: 'open' } });
    const client = new ScriptedClient(server, { devId: 'IMEI:new', encoding: 'xml' });
    const { reply } = await client.send(client.pkg1());
    assert.equal(headerStatusOf(reply)?.data, '200');
    const device = await store.getDevice('IMEI:new');
    assert.equal(device?.clientCredential, null);
    assert.equal(device?.enabled, true);
  });

  test('shared secret: the right secret registers the device with that credential; a wrong one does not', async () => {
    const { server, store } = testServer({
      registration: { mode: 'shared-secret', secret: 'fleet-key', authType: 'DIGEST' },
    });
    const bad = new ScriptedClient(server, {
      devId: 'IMEI:s1',
      encoding: 'xml',
      auth: { type: 'DIGEST', username: 'dev-s1', password: 'guess' },
    });
    const refused = await bad.send(bad.pkg1());
    assert.equal(headerStatusOf(refused.reply)?.data, '401');
    const retry = await bad.send(bad.pkg1());
    assert.equal(headerStatusOf(retry.reply)?.data, '401');
    assert.equal(await store.getDevice('IMEI:s1'), null);

    const good = new ScriptedClient(server, {
      devId: 'IMEI:s2',
      encoding: 'wbxml',
      auth: { type: 'DIGEST', username: 'dev-s2', password: 'fleet-key' },
    });
    const challenged = await good.send(good.pkg1());
    assert.equal(headerStatusOf(challenged.reply)?.data, '401'); // no nonce agreed yet
    const accepted = await good.send(good.pkg1());
    assert.equal(headerStatusOf(accepted.reply)?.data, '212');
    const device = await store.getDevice('IMEI:s2');
    assert.deepEqual(device?.clientCredential, {
      authType: 'DIGEST',
      username: 'dev-s2',
      passwordEquivalent: passwordEquivalent('dev-s2', 'fleet-key'),
    });
    assert.equal(device?.clientNonce, headerStatusOf(accepted.reply)?.chal?.meta.nextNonce);
    assert.equal(device?.devInfo['./DevInfo/Man'], 'Acme');
  });

  test('provisioning stores password equivalents, never the password', async () => {
    const { server, store } = testServer();
    await server.devices.provision(
      {
        devId: 'IMEI:p',
        clientCredential: { authType: 'BASIC', username: 'u', password: 'clear-text' },
        serverCredential: { authType: 'DIGEST', username: 'srv', password: 'server-clear' },
        notifyAddress: 'http://10.0.0.2:2948/',
      },
      5,
    );
    const stored = JSON.stringify(await store.getDevice('IMEI:p'));
    assert.equal(stored.includes('clear-text'), false);
    assert.equal(stored.includes('server-clear'), false);
    assert.equal((await store.getDevice('IMEI:p'))?.registeredAt, 5);
    // A later provision changes only what it names.
    await server.devices.provision({ devId: 'IMEI:p', enabled: false }, 9);
    const after = await store.getDevice('IMEI:p');
    assert.deepEqual(
      [after?.enabled, after?.notifyAddress, after?.registeredAt],
      [false, 'http://10.0.0.2:2948/', 5],
    );
  });

  test('session history counts sessions with their endings and durations', async () => {
    const { server, clock } = testServer();
    await server.devices.provision({ devId: 'IMEI:h' }, 0);
    await server.enqueue('IMEI:h', { kind: 'Get', items: [{ target: './A' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:h', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    clock.advance(1500);
    await client.answer(first.reply, () => ({ status: 404 }));
    const again = new ScriptedClient(server, { devId: 'IMEI:h', encoding: 'xml', sessionId: '2' });
    const second = await again.send(again.pkg1());
    assert.deepEqual(commandsOf(second.reply), []);
    assert.equal(await server.devices.sessionCount('IMEI:h'), 2);
    const [latest, earlier] = await server.devices.history('IMEI:h');
    assert.equal(defined(earlier).endedAt - defined(earlier).startedAt, 1500);
    assert.deepEqual(earlier?.finalStatuses, [
      { cmd: 'SyncHdr', status: 200 },
      { cmd: 'SyncHdr', status: 200 },
      { cmd: 'Get', status: 404 },
    ]);
    assert.equal(latest?.sessionId, '2');
  });
});
