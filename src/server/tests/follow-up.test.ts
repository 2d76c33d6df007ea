import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command } from '../../syncml/index.ts';
import { commandsOf, ScriptedClient } from '../testing/scripted-client.ts';
import type { DeviceAnswer } from '../testing/scripted-client.ts';
import { testServer } from '../testing/setup.ts';
import { defined } from '../testing/fixtures.ts';

const target = (command: Command): string | undefined =>
  'items' in command ? command.items[0]?.target?.locURI : undefined;

/** Reads ./DevDetail/SwV as 2.1.0 and accepts everything else. */
const device: DeviceAnswer = (command) =>
  command.kind === 'Get'
    ? { status: 200, results: [{ source: { locURI: target(command) ?? '' }, data: '2.1.0' }] }
    : { status: 200 };

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`follow-up work queued by a resolution listener (${encoding})`, () => {
    test('a command queued when a Get resolves is delivered in the same session', async () => {
      const { server, store } = testServer();
      await server.devices.provision({ devId: 'IMEI:1' }, 0);
      const get = await server.enqueue('IMEI:1', { kind: 'Get', items: [{ target: './DevDetail/SwV' }] });
      const followUps: string[] = [];
      server.queue.onResolved(async (command) => {
        if (command.id !== get.id || command.outcome?.kind !== 'answered') return;
        const version = command.outcome.results[0]?.data ?? '';
        const queued = await server.enqueue('IMEI:1', {
          kind: 'Replace',
          items: [{ target: './Config/SeenSwV', data: version, format: 'chr' }],
        });
        followUps.push(queued.id);
      });

      const client = new ScriptedClient(server, { devId: 'IMEI:1', encoding });
      const first = await client.send(client.pkg1());
      assert.deepEqual(
        commandsOf(first.reply).map((c) => c.kind),
        ['Get'],
      );
      const exchanges = await client.run(first, device);
      // Package #3 answers the Get; the reply to it already carries the Replace the listener queued.
      const second = defined(exchanges[1]);
      const replaces = commandsOf(second.reply).filter((c) => c.kind === 'Replace');
      assert.deepEqual(replaces.map(target), ['./Config/SeenSwV']);
      const last = defined(exchanges.at(-1));
      assert.equal(last.response.ended, true);

      assert.equal(followUps.length, 1);
      const followUp = defined(await store.getCommand(defined(followUps[0])));
      assert.equal(followUp.state, 'resolved');
      assert.equal(followUp.outcome?.kind, 'answered');
      assert.equal(followUp.outcome.kind === 'answered' ? followUp.outcome.status : null, 200);
      const history = await store.listSessionHistory('IMEI:1');
      assert.equal(history.length, 1, 'one session did both');
      assert.equal(defined(history[0]).commandsResolved, 2);
    });
  });
}
