import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../syncml/index.ts';
import { commandsOf, headerStatusOf, ScriptedClient } from '../testing/scripted-client.ts';
import { testServer } from '../testing/setup.ts';

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`package #1 (${encoding})`, () => {
    test('an open-registration device is registered, its DevInfo kept, and a session with no work ends at once', async () => {
      const { server, store } = testServer();
      const client = new ScriptedClient(server, { devId: 'IMEI:1', encoding, maxMsgSize: 4096 });
      const { reply, response } = await client.send(client.pkg1());
      assert.equal(response.ended, true);
      assert.equal(reply.final, true);
      assert.deepEqual(commandsOf(reply), []);
      assert.deepEqual(
        reply.body.map((c) => (c.kind === 'Status' ? [c.cmdRef, c.cmd, c.data] : [])),
        [
          ['0', 'SyncHdr', '200'],
          ['1', 'Alert', '200'],
          ['2', 'Replace', '200'],
        ],
      );
      assert.equal(reply.header.target.locURI, 'IMEI:1');
      assert.equal(reply.header.source.locURI, 'https://dm.example.com/dm');
      assert.equal(reply.header.sessionID, '1A');
      const device = await store.getDevice('IMEI:1');
      assert.equal(device?.devInfo['./DevInfo/Man'], 'Acme');
      assert.equal(device?.lastSeenAt !== null, true);
      const history = await server.devices.history('IMEI:1');
      assert.equal(history.length, 1);
      assert.equal(history[0]?.ending, 'completed');
      assert.equal(await store.getDeviceLock('IMEI:1'), null);
    });
  });
}

describe('package #1 corpus', () => {
  test('corpus 04: the Generic Alert is stored and dispatched by type, once', async () => {
    const { readFile } = await import('node:fs/promises');
    const bytes = new Uint8Array(
      await readFile(new URL('./fixtures/04-pkg1-generic-alert.xml', import.meta.url)),
    );
    const { server } = testServer();
    const seen: string[] = [];
    server.alerts.on('urn:oma:at:scomo:1.0:OperationComplete', (alert) => {
      seen.push(`${alert.devId} ${alert.correlator} ${alert.data}`);
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:490154203237518', encoding: 'xml' });
    const { reply } = await client.sendBytes(bytes);
    const alertStatus = reply.body.find((c) => c.kind === 'Status' && c.cmdRef === '2');
    assert.equal(alertStatus?.kind === 'Status' ? alertStatus.data : null, '200');
    assert.deepEqual(seen, [
      'IMEI:490154203237518 job-000172-dev490154 <ResultCode>1200</ResultCode><Identifier>com.example.navigator</Identifier>',
    ]);
    const stored = await server.alerts.list({ devId: 'IMEI:490154203237518' });
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.mark, 'informational');
    assert.equal(stored[0]?.source, './SCOMO/Download/pkg-7f3a/Operations/DownloadInstall');
    assert.equal(stored[0]?.target, './SCOMO/Inventory/Deployed/c40');
  });

  test('a retransmitted message gets the same reply and is not processed twice', async () => {
    const { server } = testServer();
    await server.devices.provision({ devId: 'IMEI:7' }, 0);
    await server.enqueue('IMEI:7', { kind: 'Get', items: [{ target: './DevDetail/SwV' }] });
    let dispatched = 0;
    server.alerts.on('*', () => {
      dispatched += 1;
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:7', encoding: 'xml' });
    const alert = {
      kind: 'Alert' as const,
      cmdID: '',
      data: '1226',
      items: [{ meta: { type: 'org.example.ping', format: 'chr' }, data: 'hello' }],
    };
    const first = await client.send(client.pkg1([alert]));
    assert.equal(first.response.ended, false);
    const again = await client.sendBytes(first.request, { token: null });
    assert.deepEqual(again.response.body, first.response.body);
    assert.equal(dispatched, 1);
    assert.equal((await server.alerts.list()).length, 1);
    const decoded = decodeMessage(again.response.body, again.response.contentType).message;
    assert.deepEqual(encodeMessage(decoded, 'xml'), again.response.body);
  });

  test('headerStatusOf finds the SyncHdr status', async () => {
    const { server } = testServer();
    const client = new ScriptedClient(server, { devId: 'IMEI:8', encoding: 'xml' });
    const { reply } = await client.send(client.pkg1());
    assert.equal(headerStatusOf(reply)?.data, '200');
  });
});
