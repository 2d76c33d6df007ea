import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isScomoError } from '../../errors/index.ts';
import { decodeTrigger, verifyTrigger } from '../../notification/index.ts';
import { encodeMessage } from '../../syncml/index.ts';
import type { NotificationRequest, Notifier } from '../ports/notifier.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { commandsOf, headerStatusOf, ScriptedClient } from '../testing/scripted-client.ts';
import { TestClock } from '../testing/fixtures.ts';
import { testServer } from '../testing/setup.ts';
import { defined } from '../testing/fixtures.ts';

describe('core: sessions across nodes', () => {
  test('two server instances sharing one store take alternate messages of one session', async () => {
    const store = new MemoryStore();
    const clock = new TestClock();
    const nodeA = testServer({}, { store, clock, seed: 1 }).server;
    const nodeB = testServer({}, { store, clock, seed: 2 }).server;
    await nodeA.devices.provision({ devId: 'IMEI:hop' }, 0);
    for (let i = 0; i < 12; i += 1) {
      await nodeA.enqueue('IMEI:hop', {
        kind: 'Replace',
        items: [{ target: `./K/${i}`, data: 'v'.repeat(40) }],
      });
    }
    const onA = new ScriptedClient(nodeA, { devId: 'IMEI:hop', encoding: 'wbxml', maxMsgSize: 700 });
    const onB = new ScriptedClient(nodeB, { devId: 'IMEI:hop', encoding: 'wbxml', maxMsgSize: 700 });
    // One logical client: the two drivers share its counters by copying them between hops.
    let current = await onA.send(onA.pkg1());
    const token = current.response.sessionToken;
    assert.ok(token !== null);
    assert.equal(new URL(current.reply.header.respURI ?? '').searchParams.get('s'), token);
    let hops = 0;
    const clients = [onB, onA];
    while (!current.response.ended) {
      const from = defined(clients[(hops + 1) % 2]);
      const to = defined(clients[hops % 2]);
      to.msgId = from.msgId;
      to.token = from.token;
      current = await to.answer(current.reply);
      assert.equal(headerStatusOf(current.reply)?.data, '200');
      hops += 1;
      assert.ok(hops < 30);
    }
    assert.ok(hops >= 3, `expected several hops, got ${hops}`);
    const commands = await store.listCommands({ devId: 'IMEI:hop' });
    assert.ok(commands.every((c) => c.state === 'resolved' && c.outcome?.kind === 'answered'));
    assert.equal(await store.getSession(token), null);
  });

  test('a client that ignores RespURI is found by its DevId and SessionID', async () => {
    const { server } = testServer();
    await server.devices.provision({ devId: 'IMEI:norespuri' }, 0);
    await server.enqueue('IMEI:norespuri', { kind: 'Get', items: [{ target: './A' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:norespuri', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    client.token = null;
    const second = await client.answer(first.reply, () => ({ status: 200, results: [] }), []);
    assert.equal(second.response.ended, true);
    assert.equal(headerStatusOf(second.reply)?.data, '200');
  });

  test('a message for no live session that does not open one gets 408', async () => {
    const { server } = testServer();
    const client = new ScriptedClient(server, { devId: 'IMEI:lost', encoding: 'xml' });
    client.msgId = 3;
    const { reply, response } = await client.send(
      [{ kind: 'Alert', cmdID: '1', data: '1222', items: [] }],
      true,
      { token: 'f'.repeat(32) },
    );
    assert.equal(headerStatusOf(reply)?.data, '408');
    assert.equal(response.ended, true);
  });

  test('a device opening a new session takes over its abandoned one; unanswered work is sent again', async () => {
    const { server, store } = testServer();
    await server.devices.provision({ devId: 'IMEI:re' }, 0);
    const exec = await server.enqueue('IMEI:re', { kind: 'Exec', items: [{ target: './Op' }] });
    const first = new ScriptedClient(server, { devId: 'IMEI:re', encoding: 'xml', sessionId: '10' });
    const lost = await first.send(first.pkg1());
    assert.deepEqual(
      commandsOf(lost.reply).map((c) => c.kind),
      ['Exec'],
    );
    const again = new ScriptedClient(server, { devId: 'IMEI:re', encoding: 'xml', sessionId: '11' });
    const fresh = await again.send(again.pkg1());
    assert.notEqual(fresh.response.sessionToken, lost.response.sessionToken);
    assert.deepEqual(
      commandsOf(fresh.reply).map((c) => c.kind),
      ['Exec'],
    );
    assert.equal((await store.getCommand(exec.id))?.attempts, 2);
    const history = await server.devices.history('IMEI:re');
    assert.equal(history[0]?.ending, 'taken-over');
    // The old token is dead.
    const stale = await first.answer(lost.reply);
    assert.equal(headerStatusOf(stale.reply)?.data, '408');
    await again.run(fresh);
    assert.equal((await store.getCommand(exec.id))?.outcome?.kind, 'answered');
  });

  test('state survives a restart: a new server instance on the same store continues the session', async () => {
    const store = new MemoryStore();
    const clock = new TestClock();
    const before = testServer({}, { store, clock }).server;
    await before.devices.provision({ devId: 'IMEI:restart' }, 0);
    await before.enqueue('IMEI:restart', { kind: 'Get', items: [{ target: './A' }] });
    await before.enqueue('IMEI:restart', { kind: 'Get', items: [{ target: './B' }] });
    const client = new ScriptedClient(before, { devId: 'IMEI:restart', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    const after = testServer({}, { store, clock, seed: 99 }).server;
    const resumed = new ScriptedClient(after, { devId: 'IMEI:restart', encoding: 'xml' });
    resumed.msgId = client.msgId;
    resumed.token = client.token;
    const done = await resumed.answer(first.reply, () => ({ status: 200, results: [{ data: 'x' }] }));
    assert.equal(done.response.ended, true);
    assert.equal((await store.listCommands({ states: ['resolved'] })).length, 2);
  });
});

describe('core: sweep, expiry and the week-long absence', () => {
  test('an expired session is swept: its in-flight work returns to the queue and is delivered later', async () => {
    const { server, store, clock } = testServer({ sessionTtlMs: 60_000 });
    await server.devices.provision({ devId: 'IMEI:gone' }, 0);
    const get = await server.enqueue('IMEI:gone', { kind: 'Get', items: [{ target: './A' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:gone', encoding: 'xml' });
    await client.send(client.pkg1());
    clock.advance(60_001);
    assert.deepEqual(await server.sweep(), { sessionsExpired: 1, commandsExpired: 0 });
    assert.equal((await store.getCommand(get.id))?.state, 'pending');
    assert.equal(await store.getDeviceLock('IMEI:gone'), null);
    assert.equal((await server.devices.history('IMEI:gone'))[0]?.ending, 'expired');
    clock.advance(7 * 24 * 3600_000);
    const back = new ScriptedClient(server, { devId: 'IMEI:gone', encoding: 'xml', sessionId: '2' });
    const pkg2 = await back.send(back.pkg1());
    assert.deepEqual(
      commandsOf(pkg2.reply).map((c) => c.kind),
      ['Get'],
    );
    await back.run(pkg2, () => ({ status: 200, results: [{ data: 'v' }] }));
    assert.equal((await store.getCommand(get.id))?.outcome?.kind, 'answered');
  });

  test('commands past their expiry resolve as expired and are never sent', async () => {
    const { server, store, clock } = testServer({ commandTtlMs: 1000 });
    await server.devices.provision({ devId: 'IMEI:ttl' }, 0);
    const short = await server.enqueue('IMEI:ttl', { kind: 'Exec', items: [{ target: './Op' }] });
    const forever = await server.enqueue(
      'IMEI:ttl',
      { kind: 'Exec', items: [{ target: './Op2' }] },
      { expiresAt: null },
    );
    const expired: string[] = [];
    server.queue.onResolved((c) => {
      expired.push(`${c.id}:${c.outcome?.kind}`);
    });
    clock.advance(1000);
    const client = new ScriptedClient(server, { devId: 'IMEI:ttl', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    assert.deepEqual(
      commandsOf(first.reply).map((c) => (c.kind === 'Exec' ? c.items[0]?.target?.locURI : c.kind)),
      ['./Op2'],
    );
    assert.equal((await server.sweep()).commandsExpired, 1);
    assert.deepEqual(expired, [`${short.id}:expired`]);
    assert.equal((await store.getCommand(forever.id))?.state, 'claimed');
  });

  test('a command claimed by too many dead sessions fails as undelivered', async () => {
    const { server, store, clock } = testServer({ maxDeliveryAttempts: 2, sessionTtlMs: 1000 });
    await server.devices.provision({ devId: 'IMEI:flaky' }, 0);
    const exec = await server.enqueue('IMEI:flaky', { kind: 'Exec', items: [{ target: './Op' }] });
    for (let i = 0; i < 3; i += 1) {
      const client = new ScriptedClient(server, {
        devId: 'IMEI:flaky',
        encoding: 'xml',
        sessionId: String(i + 1),
      });
      await client.send(client.pkg1());
      clock.advance(1001);
      await server.sweep();
    }
    const outcome = (await store.getCommand(exec.id))?.outcome;
    assert.equal(outcome?.kind === 'failed' ? outcome.code : null, 'SCOMO_SERVER_UNDELIVERED');
  });
});

describe('core: input that is not SyncML', () => {
  test('garbage bytes are a typed SCOMO_SERVER_NOT_SYNCML error', async () => {
    const { server } = testServer();
    for (const body of [
      new Uint8Array([0x03, 0x01, 0xff, 0xff]),
      new TextEncoder().encode('<html>no</html>'),
      new Uint8Array(0),
    ]) {
      for (const contentType of ['application/vnd.syncml.dm+wbxml', 'application/vnd.syncml.dm+xml']) {
        await assert.rejects(server.handleMessage({ body, contentType }), (error: unknown) =>
          isScomoError(error, 'SCOMO_SERVER_NOT_SYNCML'),
        );
      }
    }
  });

  test('a content type that is not SyncML DM is SCOMO_SERVER_UNSUPPORTED_MEDIA_TYPE', async () => {
    const { server } = testServer();
    await assert.rejects(
      server.handleMessage({ body: new Uint8Array([1]), contentType: 'text/plain' }),
      (error: unknown) => isScomoError(error, 'SCOMO_SERVER_UNSUPPORTED_MEDIA_TYPE'),
    );
  });

  test('random bytes never crash the core: every failure is a typed error', async () => {
    const { server } = testServer();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 200; i += 1) {
      const body = Uint8Array.from({ length: next() % 64 }, () => next() & 0xff);
      if (i % 2 === 0 && body.length > 4) body.set([0x02, 0xa4, 0x01, 0x6a]);
      try {
        await server.handleMessage({
          body,
          contentType: i % 2 === 0 ? 'application/vnd.syncml.dm+wbxml' : 'application/vnd.syncml.dm+xml',
        });
      } catch (error) {
        assert.ok(isScomoError(error, 'SCOMO_SERVER_'), `untyped failure: ${String(error)}`);
      }
    }
  });

  test('a SyncML message of another protocol version is refused in SyncML (513)', async () => {
    const { server } = testServer();
    const body = encodeMessage(
      {
        header: {
          verDTD: '1.2',
          verProto: 'DS/1.2',
          sessionID: '1',
          msgID: '1',
          target: { locURI: 'x' },
          source: { locURI: 'IMEI:9' },
        },
        body: [{ kind: 'Alert', cmdID: '1', data: '1201', items: [] }],
        final: true,
      },
      'xml',
    );
    const response = await server.handleMessage({ body, contentType: 'application/vnd.syncml.dm+xml' });
    assert.match(new TextDecoder().decode(response.body), /<Data>513<\/Data>/);
  });
});

describe('core: wake-up policy', () => {
  class RecordingNotifier implements Notifier {
    readonly requests: NotificationRequest[] = [];
    async notify(request: NotificationRequest) {
      this.requests.push(request);
      return { delivered: true as const };
    }
  }

  test('queued work for an idle device sends a signed package #0, at most once per interval', async () => {
    const notifier = new RecordingNotifier();
    const { server, store, clock } = testServer(
      { serverId: 'com.example.dms', wake: { minIntervalMs: 60_000 } },
      { notifier },
    );
    await server.devices.provision(
      {
        devId: 'IMEI:w',
        serverCredential: { authType: 'DIGEST', username: 'com.example.dms', password: 'srvsecret' },
        notifyAddress: 'udp://10.0.0.9:2948',
      },
      0,
    );
    await store.updateDevice('IMEI:w', { serverNonce: 'AAAAAA==' });
    await server.enqueue('IMEI:w', { kind: 'Get', items: [{ target: './A' }] });
    await server.enqueue('IMEI:w', { kind: 'Get', items: [{ target: './B' }] });
    assert.equal(notifier.requests.length, 1);
    const request = defined(notifier.requests[0]);
    assert.equal(request.device.notifyAddress, 'udp://10.0.0.9:2948');
    const decoded = decodeTrigger(request.package0);
    assert.equal(decoded.serverId, 'com.example.dms');
    assert.equal(decoded.sessionId, request.sessionId);
    assert.equal(decoded.initiator, 'server');
    assert.equal(verifyTrigger(decoded, { serverPassword: 'srvsecret', nonce: new Uint8Array(4) }), 'ok');
    clock.advance(60_000);
    await server.enqueue('IMEI:w', { kind: 'Get', items: [{ target: './C' }] });
    assert.equal(notifier.requests.length, 2);
  });

  test('a device in a session is not notified; wake-on-enqueue can be turned off', async () => {
    const notifier = new RecordingNotifier();
    const { server } = testServer(
      { serverCredential: { authType: 'DIGEST', username: 'dms', password: 'pw' } },
      { notifier },
    );
    await server.devices.provision({ devId: 'IMEI:busy' }, 0);
    const client = new ScriptedClient(server, { devId: 'IMEI:busy', encoding: 'xml' });
    await server.enqueue('IMEI:busy', { kind: 'Get', items: [{ target: './A' }] });
    assert.equal(notifier.requests.length, 1);
    await client.send(client.pkg1());
    assert.deepEqual(await server.wake('IMEI:busy'), { notified: false, reason: 'busy' });
    const off = testServer(
      {
        wake: { onEnqueue: false },
        serverCredential: { authType: 'DIGEST', username: 'dms', password: 'pw' },
      },
      { notifier: new RecordingNotifier() },
    );
    await off.server.devices.provision({ devId: 'IMEI:quiet' }, 0);
    await off.server.enqueue('IMEI:quiet', { kind: 'Get', items: [{ target: './A' }] });
    const wake = await off.server.wake('IMEI:quiet');
    assert.equal(wake.notified, true);
  });

  test('without any server credential there is nothing to sign package #0 with', async () => {
    const { server } = testServer({}, { notifier: new RecordingNotifier() });
    await server.devices.provision({ devId: 'IMEI:nocred' }, 0);
    assert.deepEqual(await server.wake('IMEI:nocred'), { notified: false, reason: 'no-credential' });
  });
});
