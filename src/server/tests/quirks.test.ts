import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONTENT_TYPES } from '../../syncml/index.ts';
import { commandsOf, ScriptedClient } from '../testing/scripted-client.ts';
import { testServer } from '../testing/setup.ts';

const profile = (quirk: 'no-sequence' | 'interior-add-empty-data' | 'legacy-content-type') => ({
  name: `acme-rocket-${quirk}`,
  description: 'test profile',
  match: { man: 'ACME', mod: 'Rock*', dmV: '1.*' },
  quirks: [quirk],
});

describe('device quirks', () => {
  test('no-sequence: children go one per package in order; a failure makes the rest 215', async () => {
    const { server, store } = testServer({ quirkProfiles: [profile('no-sequence')] });
    await server.devices.provision({ devId: 'IMEI:q1' }, 0);
    const seq = await server.enqueue('IMEI:q1', {
      kind: 'Sequence',
      operations: [
        { kind: 'Replace', items: [{ target: './S/1', data: 'a' }] },
        { kind: 'Exec', items: [{ target: './S/Run' }] },
        { kind: 'Replace', items: [{ target: './S/3', data: 'c' }] },
      ],
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:q1', encoding: 'xml' });
    const exchanges = await client.run(await client.send(client.pkg1()), (c) => ({
      status: c.kind === 'Exec' ? 500 : 200,
    }));
    const sent = exchanges.map((e) => commandsOf(e.reply).map((c) => c.kind));
    assert.deepEqual(sent, [['Replace'], ['Exec'], []]);
    const outcome = (await store.getCommand(seq.id))?.outcome;
    assert.deepEqual(
      outcome?.kind === 'answered' ? outcome.children.map((c) => c.status) : null,
      [200, 500, 215],
    );
  });

  test('without the quirk the Sequence goes whole', async () => {
    const { server } = testServer({
      quirkProfiles: [{ ...profile('no-sequence'), match: { man: 'Other' } }],
    });
    await server.devices.provision({ devId: 'IMEI:q2' }, 0);
    await server.enqueue('IMEI:q2', {
      kind: 'Sequence',
      operations: [{ kind: 'Exec', items: [{ target: './X' }] }],
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:q2', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    assert.deepEqual(
      commandsOf(first.reply).map((c) => c.kind),
      ['Sequence'],
    );
  });

  test('interior-add-empty-data: an interior-node Add carries an empty Data element', async () => {
    const { server } = testServer({ quirkProfiles: [profile('interior-add-empty-data')] });
    await server.devices.provision({ devId: 'IMEI:q3' }, 0);
    await server.enqueue('IMEI:q3', {
      kind: 'Add',
      items: [{ target: './SCOMO/Download/P1', format: 'node' }],
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:q3', encoding: 'xml' });
    const { response } = await client.send(client.pkg1());
    const xml = new TextDecoder().decode(response.body);
    assert.match(
      xml,
      /<LocURI>\.\/SCOMO\/Download\/P1<\/LocURI><\/Target><Meta><Format xmlns="syncml:metinf">node<\/Format><\/Meta><Data><\/Data>/,
    );
  });

  test('the same Add without the quirk has no Data element', async () => {
    const { server } = testServer();
    await server.devices.provision({ devId: 'IMEI:q4' }, 0);
    await server.enqueue('IMEI:q4', {
      kind: 'Add',
      items: [{ target: './SCOMO/Download/P1', format: 'node' }],
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:q4', encoding: 'xml' });
    const { response } = await client.send(client.pkg1());
    assert.doesNotMatch(new TextDecoder().decode(response.body), /<Data><\/Data>/);
  });

  test('legacy-content-type: replies use application/vnd.syncml+xml / +wbxml', async () => {
    for (const encoding of ['xml', 'wbxml'] as const) {
      const { server } = testServer({ quirkProfiles: [profile('legacy-content-type')] });
      await server.devices.provision({ devId: 'IMEI:q5' }, 0);
      await server.enqueue('IMEI:q5', { kind: 'Get', items: [{ target: './A' }] });
      const client = new ScriptedClient(server, { devId: 'IMEI:q5', encoding });
      const { response } = await client.send(client.pkg1());
      assert.equal(
        response.contentType,
        encoding === 'xml' ? CONTENT_TYPES.LEGACY_XML : CONTENT_TYPES.LEGACY_WBXML,
      );
    }
  });

  test('an operator can force a quirk on one device', async () => {
    const { server } = testServer();
    await server.devices.provision({ devId: 'IMEI:q6', quirks: ['legacy-content-type', 'no-such-quirk'] }, 0);
    const client = new ScriptedClient(server, { devId: 'IMEI:q6', encoding: 'xml' });
    const { response } = await client.send(client.pkg1());
    assert.equal(response.contentType, CONTENT_TYPES.LEGACY_XML);
  });
});
