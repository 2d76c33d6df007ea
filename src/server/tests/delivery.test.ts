import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command } from '../../syncml/index.ts';
import { commandsOf, ScriptedClient } from '../testing/scripted-client.ts';
import type { DeviceAnswer } from '../testing/scripted-client.ts';
import { testServer } from '../testing/setup.ts';
import { defined } from '../testing/fixtures.ts';

const target = (command: Command): string | undefined =>
  'items' in command ? command.items[0]?.target?.locURI : undefined;

/** A device that reads ./DevDetail/SwV, fails ./Missing with 404 and accepts everything else. */
const device: DeviceAnswer = (command) => {
  if (target(command) === './Missing') return { status: 404 };
  if (command.kind === 'Get')
    return { status: 200, results: [{ source: { locURI: target(command) ?? '' }, data: '2.1.0' }] };
  if (command.kind === 'Exec') return { status: 202 };
  return { status: 200 };
};

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`queued command delivery (${encoding})`, () => {
    test('every command kind is sent in package #2 and resolves with its Status and Results', async () => {
      const { server, store } = testServer();
      await server.devices.provision({ devId: 'IMEI:1' }, 0);
      const ops = await Promise.all([
        server.enqueue('IMEI:1', { kind: 'Get', items: [{ target: './DevDetail/SwV' }] }, { tag: 'job' }),
        server.enqueue('IMEI:1', { kind: 'Replace', items: [{ target: './A', data: 'x', format: 'chr' }] }),
        server.enqueue('IMEI:1', { kind: 'Add', items: [{ target: './N', format: 'node' }] }),
        server.enqueue('IMEI:1', { kind: 'Delete', items: [{ target: './Missing' }] }),
        server.enqueue('IMEI:1', {
          kind: 'Exec',
          items: [{ target: './Op', data: 'go' }],
          correlator: 'c-1',
        }),
        server.enqueue('IMEI:1', {
          kind: 'Atomic',
          operations: [
            { kind: 'Add', items: [{ target: './T/1', data: 'a' }] },
            { kind: 'Replace', items: [{ target: './T/2', data: 'b' }] },
          ],
        }),
        server.enqueue('IMEI:1', {
          kind: 'Sequence',
          operations: [
            { kind: 'Get', items: [{ target: './DevDetail/FwV' }] },
            { kind: 'Exec', items: [{ target: './Op2' }] },
          ],
        }),
      ]);
      const resolved: string[] = [];
      server.queue.onResolved((c) => {
        resolved.push(c.id);
      });
      const client = new ScriptedClient(server, { devId: 'IMEI:1', encoding });
      const first = await client.send(client.pkg1());
      const sent = commandsOf(first.reply);
      assert.deepEqual(
        sent.map((c) => c.kind),
        ['Get', 'Replace', 'Add', 'Delete', 'Exec', 'Atomic', 'Sequence'],
      );
      const exec = sent[4];
      assert.equal(exec?.kind === 'Exec' ? exec.correlator : null, 'c-1');
      assert.equal(first.reply.final, true);
      assert.deepEqual(new Set(sent.map((c) => c.cmdID)).size, sent.length);

      const exchanges = await client.run(first, device);
      assert.equal(exchanges.length, 2);
      const last = defined(exchanges[1]);
      assert.equal(last.response.ended, true);
      assert.deepEqual(commandsOf(last.reply), []);

      const outcome = async (i: number) => (await store.getCommand(defined(ops[i]).id))?.outcome;
      assert.deepEqual(await outcome(0), {
        kind: 'answered',
        status: 200,
        itemStatuses: [{ targetRef: null, status: 200 }],
        results: [{ source: './DevDetail/SwV', format: null, type: null, data: '2.1.0', encoding: 'text' }],
        children: [],
      });
      assert.equal(
        (await outcome(3))?.kind === 'answered' ? ((await outcome(3)) as { status: number }).status : 0,
        404,
      );
      const exec4 = await outcome(4);
      assert.equal(exec4?.kind === 'answered' ? exec4.status : 0, 202);
      const atomic = await outcome(5);
      assert.deepEqual(
        atomic?.kind === 'answered' ? [atomic.status, atomic.children.map((c) => c.status)] : null,
        [200, [200, 200]],
      );
      const sequence = await outcome(6);
      assert.deepEqual(
        sequence?.kind === 'answered'
          ? [sequence.status, sequence.children[0]?.results[0]?.data, sequence.children[1]?.status]
          : null,
        [200, '2.1.0', 202],
      );
      assert.equal(resolved.length, 7);
      // Get results under ./DevDetail are kept on the device.
      const stored = await store.getDevice('IMEI:1');
      assert.deepEqual(stored?.devDetail, { './DevDetail/SwV': '2.1.0', './DevDetail/FwV': '2.1.0' });
      const history = await server.devices.history('IMEI:1');
      assert.deepEqual(
        [history[0]?.messagesIn, history[0]?.messagesOut, history[0]?.commandsResolved],
        [2, 2, 7],
      );
    });
  });
}

describe('queued command delivery', () => {
  test('work queued during a session goes out in the same session', async () => {
    const { server } = testServer();
    await server.devices.provision({ devId: 'IMEI:2' }, 0);
    await server.enqueue('IMEI:2', { kind: 'Get', items: [{ target: './A' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:2', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    const late = await server.enqueue('IMEI:2', { kind: 'Delete', items: [{ target: './B' }] });
    const second = await client.answer(first.reply, () => ({ status: 200, results: [] }));
    assert.deepEqual(
      commandsOf(second.reply).map((c) => c.kind),
      ['Delete'],
    );
    const third = await client.answer(second.reply);
    assert.equal(third.response.ended, true);
    assert.equal((await server.queue.get(late.id))?.state, 'resolved');
  });

  test('TNDS results (embedded markup) are kept as XML text', async () => {
    const { server, store } = testServer();
    await server.devices.provision({ devId: 'IMEI:tnds' }, 0);
    const get = await server.enqueue('IMEI:tnds', {
      kind: 'Get',
      items: [{ target: './SCOMO?list=Struct' }],
    });
    const tree = {
      type: 'element' as const,
      name: 'MgmtTree',
      page: 2,
      attributes: [],
      children: [
        {
          type: 'element' as const,
          name: 'VerDTD',
          page: 2,
          attributes: [],
          children: [{ type: 'text' as const, value: '1.2' }],
        },
      ],
    };
    const client = new ScriptedClient(server, { devId: 'IMEI:tnds', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    await client.run(first, () => ({
      status: 200,
      results: [
        {
          source: { locURI: './SCOMO' },
          meta: { type: 'application/vnd.syncml.dmtnds+xml', format: 'xml' },
          data: { kind: 'markup', element: tree },
        },
      ],
    }));
    const outcome = (await store.getCommand(get.id))?.outcome;
    const result = outcome?.kind === 'answered' ? outcome.results[0] : undefined;
    assert.equal(result?.encoding, 'text');
    assert.match(result?.data ?? '', /^<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2<\/VerDTD><\/MgmtTree>$/);
    assert.equal(result?.type, 'application/vnd.syncml.dmtnds+xml');
  });

  test('a failed Atomic reports 507 and its children 216', async () => {
    const { server, store } = testServer();
    await server.devices.provision({ devId: 'IMEI:3' }, 0);
    const atomic = await server.enqueue('IMEI:3', {
      kind: 'Atomic',
      operations: [
        { kind: 'Add', items: [{ target: './T/1', data: 'a' }] },
        { kind: 'Delete', items: [{ target: './T/2' }] },
      ],
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:3', encoding: 'wbxml' });
    const first = await client.send(client.pkg1());
    const sent = commandsOf(first.reply)[0];
    assert.equal(sent?.kind, 'Atomic');
    const children = sent?.kind === 'Atomic' ? sent.commands : [];
    const msgRef = first.reply.header.msgID;
    const { statusFor } = await import('../testing/scripted-client.ts');
    const done = await client.send([
      statusFor('1', msgRef, '0', 'SyncHdr', 200),
      statusFor('2', msgRef, sent.cmdID, 'Atomic', 507),
      ...children.map((c, i) => statusFor(String(i + 3), msgRef, c.cmdID, c.kind, 216)),
    ]);
    assert.equal(done.response.ended, true);
    const outcome = (await store.getCommand(atomic.id))?.outcome;
    assert.deepEqual(
      outcome?.kind === 'answered' ? [outcome.status, outcome.children.map((c) => c.status)] : null,
      [507, [216, 216]],
    );
  });

  test('a command without a Status when the client closes its package fails as a protocol failure', async () => {
    const { server, store } = testServer();
    await server.devices.provision({ devId: 'IMEI:4' }, 0);
    const get = await server.enqueue('IMEI:4', { kind: 'Get', items: [{ target: './A' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:4', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    const { statusFor } = await import('../testing/scripted-client.ts');
    const done = await client.send([statusFor('1', first.reply.header.msgID, '0', 'SyncHdr', 200)]);
    assert.equal(done.response.ended, true);
    const outcome = (await store.getCommand(get.id))?.outcome;
    assert.equal(outcome?.kind === 'failed' ? outcome.code : null, 'SCOMO_SESSION_STATUS_MISSING');
  });

  test('a bad stored operation resolves as failed and the session goes on', async () => {
    const { server, store } = testServer();
    await server.devices.provision({ devId: 'IMEI:5' }, 0);
    await store.enqueueCommand({
      id: 'bad',
      devId: 'IMEI:5',
      payload: { kind: 'Frobnicate' },
      enqueuedAt: 0,
      expiresAt: null,
      tag: null,
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:5', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    assert.equal(first.response.ended, true);
    const outcome = (await store.getCommand('bad'))?.outcome;
    assert.equal(outcome?.kind === 'failed' ? outcome.code : null, 'SCOMO_SESSION_BAD_OPERATION');
  });

  test('cancelling an in-flight command: the later answer does not resolve it again', async () => {
    const { server, store } = testServer();
    await server.devices.provision({ devId: 'IMEI:6' }, 0);
    const exec = await server.enqueue('IMEI:6', { kind: 'Exec', items: [{ target: './Op' }] });
    let heard = 0;
    server.queue.onResolved(() => {
      heard += 1;
    });
    const client = new ScriptedClient(server, { devId: 'IMEI:6', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    const cancel = await server.queue.cancel(exec.id, 'operator');
    assert.equal(cancel.resolved, true);
    const done = await client.answer(first.reply);
    assert.equal(done.response.ended, true);
    assert.equal(heard, 1);
    assert.deepEqual((await store.getCommand(exec.id))?.outcome, { kind: 'cancelled', reason: 'operator' });
  });

  test('client Alert 1223 aborts: statuses only, in-flight work fails as aborted, unsent work stays queued', async () => {
    const { server, store } = testServer({ claimBatch: 1 });
    await server.devices.provision({ devId: 'IMEI:7' }, 0);
    const a = await server.enqueue('IMEI:7', { kind: 'Exec', items: [{ target: './Op' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:7', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    const b = await server.enqueue('IMEI:7', { kind: 'Exec', items: [{ target: './Op2' }] });
    const { statusFor } = await import('../testing/scripted-client.ts');
    const abort = await client.send([
      statusFor('1', first.reply.header.msgID, '0', 'SyncHdr', 200),
      { kind: 'Alert', cmdID: '2', data: '1223', items: [] },
    ]);
    assert.equal(abort.response.ended, true);
    assert.deepEqual(commandsOf(abort.reply), []);
    assert.equal(abort.reply.final, true);
    const outcome = (await store.getCommand(a.id))?.outcome;
    assert.equal(outcome?.kind === 'failed' ? outcome.code : null, 'SCOMO_SESSION_ABORTED');
    assert.equal((await store.getCommand(b.id))?.state, 'pending');
    assert.equal((await server.devices.history('IMEI:7'))[0]?.ending, 'aborted');
  });

  test('the client may send only Alert, Replace of DevInfo, Results and Status: anything else gets 405', async () => {
    const { server } = testServer();
    const client = new ScriptedClient(server, { devId: 'IMEI:8', encoding: 'xml' });
    const { reply } = await client.send(
      client.pkg1([
        { kind: 'Get', cmdID: '', items: [{ target: { locURI: './X' } }] },
        { kind: 'Replace', cmdID: '', items: [{ source: { locURI: './Other' }, data: 'x' }] },
        { kind: 'Alert', cmdID: '', data: '1101', items: [] },
      ]),
    );
    const codes = reply.body.map((c) => (c.kind === 'Status' ? `${c.cmd}:${c.data}` : c.kind));
    assert.deepEqual(codes, [
      'SyncHdr:200',
      'Alert:200',
      'Replace:200',
      'Get:405',
      'Replace:405',
      'Alert:405',
    ]);
  });
});
