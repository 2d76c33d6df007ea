import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command, Item, Results } from '../../syncml/index.ts';
import { commandsOf, headerStatusOf, ScriptedClient, statusFor } from '../testing/scripted-client.ts';
import { testServer } from '../testing/setup.ts';
import { defined } from '../testing/fixtures.ts';

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`MaxMsgSize and large objects (${encoding})`, () => {
    test('a package larger than MaxMsgSize is split: every message fits, Final only on the last', async () => {
      // All 40 commands are claimed at once, so they form one package.
      const { server, store } = testServer({ claimBatch: 100 });
      await server.devices.provision({ devId: 'IMEI:1' }, 0);
      const ids: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        ids.push(
          (
            await server.enqueue('IMEI:1', {
              kind: 'Replace',
              items: [{ target: `./Settings/Key${i}`, data: `value-${'v'.repeat(i)}` }],
            })
          ).id,
        );
      }
      const client = new ScriptedClient(server, { devId: 'IMEI:1', encoding, maxMsgSize: 1200 });
      const first = await client.send(client.pkg1());
      const exchanges = await client.run(first);
      const sizes = exchanges.map((e) => e.response.body.length);
      for (const size of sizes) assert.ok(size <= 1200, `message of ${size} bytes exceeds MaxMsgSize 1200`);
      const withCommands = exchanges.filter((e) => commandsOf(e.reply).length > 0);
      assert.ok(withCommands.length >= 3, `expected the package split, got ${withCommands.length} messages`);
      // Non-final while the package continues; the client asks for more with Alert 1222.
      assert.deepEqual(
        exchanges.map((e) => e.reply.final),
        exchanges.map((_, i) => i >= withCommands.length - 1),
      );
      const sent = withCommands.flatMap((e) => commandsOf(e.reply)).filter((c) => c.kind === 'Replace');
      assert.equal(sent.length, 40);
      for (const id of ids) assert.equal((await store.getCommand(id))?.outcome?.kind, 'answered');
    });

    test('an object larger than a message goes in chunks: Size first, MoreData, 213 per chunk', async () => {
      const { server, store } = testServer({ minChunkSize: 64 });
      await server.devices.provision({ devId: 'IMEI:2' }, 0);
      const text = Array.from({ length: 900 }, (_, i) => `line ${i} <é>\n`).join('');
      const lo = await server.enqueue('IMEI:2', {
        kind: 'Replace',
        items: [{ target: './Big', data: text, format: 'chr', type: 'text/plain' }],
      });
      const after = await server.enqueue('IMEI:2', { kind: 'Get', items: [{ target: './After' }] });
      const client = new ScriptedClient(server, { devId: 'IMEI:2', encoding, maxMsgSize: 2048 });
      const first = await client.send(client.pkg1());
      const exchanges = await client.run(first, () => ({ status: 200, results: [] }));
      for (const e of exchanges) assert.ok(e.response.body.length <= 2048);
      const chunks = exchanges
        .flatMap((e) => commandsOf(e.reply))
        .filter((c): c is Extract<Command, { kind: 'Replace' }> => c.kind === 'Replace');
      assert.ok(chunks.length > 5);
      const items = chunks.map((c) => defined(c.items[0]));
      assert.equal(items[0]?.meta?.size, new TextEncoder().encode(text).length);
      assert.ok(items.slice(1).every((i) => i.meta?.size === undefined));
      assert.ok(items.slice(0, -1).every((i) => i.moreData === true));
      assert.equal(items.at(-1)?.moreData, undefined);
      assert.ok(items.every((i) => i.target?.locURI === './Big' && i.meta?.type === 'text/plain'));
      assert.equal(items.map((i) => i.data).join(''), text);
      // Nothing between chunks: each message carries one chunk and no other command.
      for (const e of exchanges.slice(0, chunks.length - 1)) assert.equal(commandsOf(e.reply).length, 1);
      const outcome = (await store.getCommand(lo.id))?.outcome;
      assert.equal(outcome?.kind === 'answered' ? outcome.status : 0, 200);
      assert.equal((await store.getCommand(after.id))?.state, 'resolved');
    });

    test('binary large objects: bytes reassemble exactly', async () => {
      const { server } = testServer({ minChunkSize: 64 });
      await server.devices.provision({ devId: 'IMEI:3' }, 0);
      const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
      await server.enqueue('IMEI:3', {
        kind: 'Add',
        items: [
          { target: './Pkg', data: Buffer.from(bytes).toString('base64'), binary: true, format: 'bin' },
        ],
      });
      const client = new ScriptedClient(server, { devId: 'IMEI:3', encoding, maxMsgSize: 1500 });
      const exchanges = await client.run(await client.send(client.pkg1()));
      const parts = exchanges
        .flatMap((e) => commandsOf(e.reply))
        .map((c) => (c.kind === 'Add' ? c.items[0]?.data : undefined));
      const first = exchanges.flatMap((e) => commandsOf(e.reply))[0];
      const joined =
        encoding === 'xml'
          ? Buffer.from(parts.map((p) => (typeof p === 'string' ? p : '')).join(''), 'base64')
          : Buffer.concat(parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(0))));
      assert.deepEqual(new Uint8Array(joined), bytes);
      const size = first?.kind === 'Add' ? first.items[0]?.meta?.size : undefined;
      // Reference §2.8: Size counts the data as transmitted (b64 text in XML, bytes in WBXML).
      assert.equal(size, encoding === 'xml' ? Buffer.from(bytes).toString('base64').length : bytes.length);
    });

    test('the client aborting a chunk (status other than 213) resolves the command with it', async () => {
      const { server, store } = testServer({ minChunkSize: 64 });
      await server.devices.provision({ devId: 'IMEI:4' }, 0);
      const lo = await server.enqueue('IMEI:4', {
        kind: 'Replace',
        items: [{ target: './Big', data: 'x'.repeat(6000) }],
      });
      const client = new ScriptedClient(server, { devId: 'IMEI:4', encoding, maxMsgSize: 1500 });
      const first = await client.send(client.pkg1());
      const chunk = defined(commandsOf(first.reply)[0]);
      const msgRef = first.reply.header.msgID;
      const done = await client.send([
        statusFor('1', msgRef, '0', 'SyncHdr', 200),
        statusFor('2', msgRef, chunk.cmdID, 'Replace', 420),
      ]);
      assert.equal(done.response.ended, true);
      const outcome = (await store.getCommand(lo.id))?.outcome;
      assert.equal(outcome?.kind === 'answered' ? outcome.status : 0, 420);
    });

    test('an object over the client MaxObjSize is refused without sending it', async () => {
      const { server, store } = testServer();
      await server.devices.provision({ devId: 'IMEI:5' }, 0);
      const big = await server.enqueue('IMEI:5', {
        kind: 'Replace',
        items: [{ target: './Big', data: 'x'.repeat(3000) }],
      });
      const client = new ScriptedClient(server, {
        devId: 'IMEI:5',
        encoding,
        maxMsgSize: 8000,
        maxObjSize: 1000,
      });
      const first = await client.send(client.pkg1());
      assert.deepEqual(commandsOf(first.reply), []);
      const outcome = (await store.getCommand(big.id))?.outcome;
      assert.equal(outcome?.kind === 'failed' ? outcome.code : null, 'SCOMO_SESSION_OBJECT_TOO_LARGE');
    });

    test('Alert 1222 from the server: a client package in several messages is answered with 1222 until Final', async () => {
      const { server, store } = testServer();
      await server.devices.provision({ devId: 'IMEI:6' }, 0);
      await server.enqueue('IMEI:6', { kind: 'Get', items: [{ target: './A' }] });
      const client = new ScriptedClient(server, { devId: 'IMEI:6', encoding });
      const pkg1 = client.pkg1();
      const part1 = await client.send([defined(pkg1[0])], false);
      assert.equal(part1.reply.final, false);
      assert.deepEqual(
        commandsOf(part1.reply).map((c) => (c.kind === 'Alert' ? c.data : c.kind)),
        ['1222'],
      );
      const part2 = await client.send([defined(pkg1[1])], true);
      assert.equal(part2.reply.final, true);
      assert.deepEqual(
        commandsOf(part2.reply).map((c) => c.kind),
        ['Get'],
      );
      assert.equal((await store.getDevice('IMEI:6'))?.devInfo['./DevInfo/Mod'], 'Rocket');
    });

    test('a large object from the client (chunked Results) is acknowledged with 213 and reassembled', async () => {
      const { server, store } = testServer();
      await server.devices.provision({ devId: 'IMEI:7' }, 0);
      const get = await server.enqueue('IMEI:7', { kind: 'Get', items: [{ target: './Log' }] });
      const client = new ScriptedClient(server, { devId: 'IMEI:7', encoding });
      const first = await client.send(client.pkg1());
      const getCmd = defined(commandsOf(first.reply)[0]);
      const msgRef = first.reply.header.msgID;
      const whole = 'log-data-'.repeat(50);
      const pieces = [whole.slice(0, 100), whole.slice(100, 300), whole.slice(300)];
      const results = (data: string, index: number, more: boolean): Results => {
        const item: Item = { source: { locURI: './Log' }, data };
        if (index === 0) item.meta = { size: whole.length, format: 'chr' };
        if (more) item.moreData = true;
        return {
          kind: 'Results',
          cmdID: '3',
          msgRef,
          cmdRef: getCmd.cmdID,
          targetRefs: [],
          sourceRefs: [],
          items: [item],
        };
      };
      const m1 = await client.send(
        [
          statusFor('1', msgRef, '0', 'SyncHdr', 200),
          statusFor('2', msgRef, getCmd.cmdID, 'Get', 200),
          results(defined(pieces[0]), 0, true),
        ],
        false,
      );
      const ack = (e: typeof m1) =>
        e.reply.body.map((c) =>
          c.kind === 'Status' ? `${c.cmd}:${c.data}` : `${c.kind}:${c.kind === 'Alert' ? c.data : ''}`,
        );
      assert.deepEqual(ack(m1), ['SyncHdr:200', 'Results:213', 'Alert:1222']);
      assert.equal(m1.reply.final, false);
      const m2 = await client.send(
        [statusFor('1', m1.reply.header.msgID, '0', 'SyncHdr', 200), results(defined(pieces[1]), 1, true)],
        false,
      );
      assert.deepEqual(ack(m2).slice(0, 2), ['SyncHdr:200', 'Results:213']);
      const m3 = await client.send(
        [statusFor('1', m2.reply.header.msgID, '0', 'SyncHdr', 200), results(defined(pieces[2]), 2, false)],
        true,
      );
      assert.equal(m3.response.ended, true);
      assert.equal(headerStatusOf(m3.reply)?.data, '200');
      const outcome = (await store.getCommand(get.id))?.outcome;
      assert.equal(outcome?.kind === 'answered' ? outcome.results[0]?.data : null, whole);
    });
  });
}
