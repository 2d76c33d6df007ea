/**
 * MaxMsgSize and large objects over real HTTP: with a 2 KiB message limit on both sides every message
 * either way stays within it, a queue of many commands is split over several packages, a Replace/Add
 * larger than a message goes to the device in MoreData chunks (the device answers 213), and a Get of a
 * big leaf comes back from the device in chunks — text and binary, XML and WBXML.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AnsweredOutcome, QueuedCommand } from '../../src/server/index.ts';
import { decodeMessage } from '../../src/syncml/index.ts';
import type { Command, SyncMLMessage } from '../../src/syncml/index.ts';
import { agentOnce, provision, startNode, startProxy, tempDir } from './server-harness.ts';
import type { TestNode, TestProxy } from './server-harness.ts';

const LIMIT = 2048;

let node: TestNode;
let proxy: TestProxy;
before(async () => {
  // The proxy is the public URL (RespURI included), so it sees every message of every session.
  const targets: TestNode[] = [];
  proxy = await startProxy(targets);
  node = await startNode({ publicUrl: proxy.url, options: { maxMsgSize: LIMIT } });
  targets.push(node);
});
after(async () => {
  await proxy.close();
  await node.close();
});

function items(message: SyncMLMessage): { kind: string; moreData: boolean }[] {
  const out: { kind: string; moreData: boolean }[] = [];
  const visit = (command: Command): void => {
    if ('commands' in command) command.commands.forEach(visit);
    if ('items' in command)
      for (const item of command.items) out.push({ kind: command.kind, moreData: item.moreData === true });
  };
  message.body.forEach(visit);
  return out;
}

function answered(command: QueuedCommand | null): AnsweredOutcome {
  assert.equal(command?.outcome?.kind, 'answered', JSON.stringify(command?.outcome));
  return command?.outcome as AnsweredOutcome;
}

interface Session {
  readonly code: number | null;
  readonly statuses: Record<string, number>;
  readonly hits: TestProxy['hits'];
  readonly chunksOut: number;
  readonly chunksIn: number;
}

/**
 * One `agent --once` through the proxy, with its tree kept in `state` between sessions; checks every
 * message against the limit and counts the large-object chunks each way.
 */
async function session(device: Parameters<typeof agentOnce>[1], state: string): Promise<Session> {
  const first = proxy.hits.length;
  const run = await agentOnce(proxy.url, device, ['--max-msg-size', String(LIMIT), '--state', state]);
  const hits = proxy.hits.slice(first);
  for (const hit of hits) {
    assert.ok(hit.requestBody.length <= LIMIT, `device message of ${hit.requestBody.length} bytes`);
    assert.ok(hit.responseBody.length <= LIMIT, `server message of ${hit.responseBody.length} bytes`);
  }
  const decode = (body: Buffer, type: string | string[] | undefined) =>
    items(decodeMessage(new Uint8Array(body), String(type)).message);
  const fromServer = hits.flatMap((h) => decode(h.responseBody, h.responseHeaders['content-type']));
  const fromDevice = hits.flatMap((h) => decode(h.requestBody, h.requestHeaders['content-type']));
  return {
    code: run.code,
    statuses: (run.session?.['statuses'] ?? {}) as Record<string, number>,
    hits,
    chunksOut: fromServer.filter((i) => i.moreData).length,
    chunksIn: fromDevice.filter((i) => i.kind === 'Results' && i.moreData).length,
  };
}

const TEXT = 'größer als eine Nachricht — '.repeat(800);

describe('MaxMsgSize splitting and large objects', () => {
  for (const encoding of ['xml', 'wbxml'] as const) {
    test(`${encoding}: server → device: every message within ${LIMIT} bytes, big values in chunks`, async () => {
      const devId = `IMEI:out-${encoding}`;
      const device = { devId, auth: 'md5' as const, encoding, password: 'big', serverAuth: true };
      await provision(node, device);
      const state = tempDir();
      const bytes = new Uint8Array(randomBytes(9000));
      const enqueue = (op: Parameters<typeof node.server.enqueue>[1]) => node.server.enqueue(devId, op);
      const get = async (c: QueuedCommand) => answered(await node.store.getCommand(c.id));

      await enqueue({ kind: 'Add', items: [{ target: './Vendor', format: 'node' }] });
      // Multi-byte text: sizes are counted in UTF-8 bytes, not characters.
      const addText = await enqueue({ kind: 'Add', items: [{ target: './Vendor/Text', data: TEXT }] });
      const addBin = await enqueue({
        kind: 'Add',
        items: [
          {
            target: './Vendor/Bin',
            format: 'bin',
            data: Buffer.from(bytes).toString('base64'),
            binary: true,
          },
        ],
      });
      // A queue too long for one message: the package is split over several.
      const many: QueuedCommand[] = [];
      for (let i = 0; i < 40; i += 1) {
        many.push(await enqueue({ kind: 'Add', items: [{ target: `./Vendor/N${i}`, data: `value ${i}` }] }));
      }
      const replaceText = await enqueue({
        kind: 'Replace',
        items: [{ target: './Vendor/Text', data: TEXT.toUpperCase() }],
      });
      const out = await session(device, state);
      assert.equal(out.code, 0);
      // ~24 KiB of text twice and 9000 bytes in 2 KiB messages: many chunks, each answered 213 by the
      // device but the last of each object (DM 1.2 Protocol §6.1.9).
      assert.ok(out.chunksOut >= 20, `server sent ${out.chunksOut} MoreData chunks`);
      assert.equal(out.statuses['213'], out.chunksOut);
      assert.equal((await get(addText)).status, 200);
      assert.equal((await get(addBin)).status, 200);
      assert.equal((await get(replaceText)).status, 200);
      for (const c of many) assert.equal((await get(c)).status, 200);
      const [first] = await node.store.listSessionHistory(devId);
      assert.equal(first?.ending, 'completed');
      assert.equal(first?.commandsResolved, 44);
      assert.equal(first?.messagesIn, out.hits.length);
      assert.ok(out.hits.length > 20, `${out.hits.length} messages`);
    });

    test(`${encoding}: device → server: a Get of big leaves comes back in chunks and reassembles`, async () => {
      const devId = `IMEI:in-${encoding}`;
      const device = { devId, auth: 'md5' as const, encoding, password: 'big', serverAuth: true };
      await provision(node, device);
      const state = tempDir();
      const bytes = new Uint8Array(randomBytes(9000));
      const enqueue = (op: Parameters<typeof node.server.enqueue>[1]) => node.server.enqueue(devId, op);
      const get = async (c: QueuedCommand) => answered(await node.store.getCommand(c.id));
      await enqueue({ kind: 'Add', items: [{ target: './Vendor', format: 'node' }] });
      await enqueue({ kind: 'Add', items: [{ target: './Vendor/Text', data: TEXT }] });
      await enqueue({
        kind: 'Add',
        items: [
          {
            target: './Vendor/Bin',
            format: 'bin',
            data: Buffer.from(bytes).toString('base64'),
            binary: true,
          },
        ],
      });
      assert.equal((await session(device, state)).code, 0);

      const getText = await enqueue({ kind: 'Get', items: [{ target: './Vendor/Text' }] });
      const getBin = await enqueue({ kind: 'Get', items: [{ target: './Vendor/Bin' }] });
      const back = await session(device, state);
      assert.equal(back.code, 0, JSON.stringify(back.statuses));
      assert.ok(back.chunksIn >= 10, `device sent ${back.chunksIn} MoreData result chunks`);
      const textResult = (await get(getText)).results[0];
      assert.equal(textResult?.encoding, 'text');
      assert.equal(textResult?.data, TEXT);
      const binResult = (await get(getBin)).results[0];
      assert.equal(binResult?.encoding, 'b64');
      assert.deepEqual(new Uint8Array(Buffer.from(binResult?.data ?? '', 'base64')), bytes);
      const history = await node.store.listSessionHistory(devId);
      assert.deepEqual(
        history.map((h) => h.ending),
        ['completed', 'completed'],
      );
    });
  }

  test('a big Get and a big Replace in the same session', async () => {
    const devId = 'IMEI:large-both';
    const device = { devId, auth: 'md5' as const, password: 'both', serverAuth: true };
    await provision(node, device);
    const state = tempDir();
    const text = 'x'.repeat(12_000);
    await node.server.enqueue(devId, { kind: 'Add', items: [{ target: './Vendor', format: 'node' }] });
    await node.server.enqueue(devId, { kind: 'Add', items: [{ target: './Vendor/T', data: text }] });
    assert.equal((await session(device, state)).code, 0);
    const getT = await node.server.enqueue(devId, { kind: 'Get', items: [{ target: './Vendor/T' }] });
    const replaceT = await node.server.enqueue(devId, {
      kind: 'Replace',
      items: [{ target: './Vendor/T', data: text.toUpperCase() }],
    });
    assert.equal((await session(device, state)).code, 0);
    assert.equal(answered(await node.store.getCommand(getT.id)).results[0]?.data, text);
    assert.equal(answered(await node.store.getCommand(replaceT.id)).status, 200);
  });
});
