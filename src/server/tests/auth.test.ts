import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  computeHmacMacFromEquivalent,
  md5DigestFromEquivalent,
  nonceCandidates,
  parseHmacHeader,
  passwordEquivalent,
} from '../../security/index.ts';
import type { Command, Status } from '../../syncml/index.ts';
import { commandsOf, headerStatusOf, ScriptedClient, statusFor } from '../testing/scripted-client.ts';
import { testServer } from '../testing/setup.ts';
import { defined } from '../testing/fixtures.ts';

const DIGEST = { type: 'DIGEST', username: 'Bruce2', password: 'OhBehave' } as const;

async function digestDevice(devId = 'IMEI:100') {
  const t = testServer({ registration: { mode: 'pre-provisioned' } });
  await t.server.devices.provision(
    { devId, clientCredential: { authType: 'DIGEST', username: 'Bruce2', password: 'OhBehave' } },
    0,
  );
  return t;
}

function commandStatuses(statuses: readonly Command[]): string[] {
  return statuses.filter((c): c is Status => c.kind === 'Status' && c.cmdRef !== '0').map((s) => s.data);
}

describe('client authentication: md5 (syncml:auth-md5)', () => {
  test('missing Cred → 407 with a Chal carrying a stored NextNonce; the retry with it → 212', async () => {
    const { server, store } = await digestDevice();
    const client = new ScriptedClient(server, { devId: 'IMEI:100', encoding: 'xml', auth: DIGEST });
    client.sendCred = false;
    const first = await client.send(client.pkg1());
    const status = headerStatusOf(first.reply);
    assert.equal(status?.data, '407');
    assert.equal(status?.chal?.meta.type, 'syncml:auth-md5');
    assert.equal(status?.chal?.meta.format, 'b64');
    const nonce = status?.chal?.meta.nextNonce;
    assert.ok(nonce !== undefined && nonce.length > 0);
    assert.equal((await store.getDevice('IMEI:100'))?.clientNonce, nonce);
    // Reference §3.3: only statuses, the same code for each command; no Final-less continuation.
    assert.deepEqual(commandStatuses(first.reply.body), ['407', '407']);
    assert.deepEqual(commandsOf(first.reply), []);
    assert.equal(first.response.ended, false);

    const second = await client.send(client.pkg1());
    const ok = headerStatusOf(second.reply);
    assert.equal(ok?.data, '212');
    // The next session's nonce travels with the 212 and replaces the used one.
    const next = ok?.chal?.meta.nextNonce;
    assert.ok(next !== undefined && next !== nonce);
    assert.equal((await store.getDevice('IMEI:100'))?.clientNonce, next);
    assert.equal(second.response.ended, true);
  });

  test('a client that restarts MsgID at 1 for its retry is processed, not served the cached challenge', async () => {
    const { server } = await digestDevice();
    const client = new ScriptedClient(server, { devId: 'IMEI:100', encoding: 'xml', auth: DIGEST });
    client.sendCred = false;
    const first = await client.send(client.pkg1());
    assert.equal(headerStatusOf(first.reply)?.data, '407');
    client.msgId = 0;
    const retry = await client.send(client.pkg1());
    assert.equal(headerStatusOf(retry.reply)?.data, '212');
  });

  test('a wrong password → 401 with a fresh Chal', async () => {
    const { server } = await digestDevice();
    const client = new ScriptedClient(server, {
      devId: 'IMEI:100',
      encoding: 'wbxml',
      auth: { ...DIGEST, password: 'wrong' },
      nonce: 'Tm9uY2U=',
    });
    const { reply } = await client.send(client.pkg1());
    assert.equal(headerStatusOf(reply)?.data, '401');
    assert.ok(headerStatusOf(reply)?.chal?.meta.nextNonce);
  });

  test('a basic Cred for an md5 device → 401 with an md5 Chal', async () => {
    const { server } = await digestDevice();
    const client = new ScriptedClient(server, {
      devId: 'IMEI:100',
      encoding: 'xml',
      auth: { ...DIGEST, type: 'BASIC' },
    });
    const { reply } = await client.send(client.pkg1());
    assert.equal(headerStatusOf(reply)?.data, '401');
    assert.equal(headerStatusOf(reply)?.chal?.meta.type, 'syncml:auth-md5');
  });

  test('the stored nonce verifies (DM 1.2 test vector) and a replayed package #1 is rejected', async () => {
    const { server, store } = await digestDevice();
    await store.updateDevice('IMEI:100', { clientNonce: 'Tm9uY2U=' }); // b64("Nonce")
    const client = new ScriptedClient(server, {
      devId: 'IMEI:100',
      encoding: 'xml',
      auth: DIGEST,
      nonce: 'Tm9uY2U=',
    });
    const first = await client.send(client.pkg1());
    assert.equal(headerStatusOf(first.reply)?.data, '212');
    assert.equal(first.response.ended, true);
    const replay = await client.sendBytes(first.request, { token: null });
    assert.equal(headerStatusOf(replay.reply)?.data, '401');
    assert.deepEqual(commandStatuses(replay.reply.body), ['401', '401']);
  });

  test('too many failures close the session: 401 without Chal, history says auth-failed', async () => {
    const { server } = await digestDevice();
    const client = new ScriptedClient(server, {
      devId: 'IMEI:100',
      encoding: 'xml',
      auth: { ...DIGEST, password: 'bad' },
    });
    const replies = [];
    for (let i = 0; i < 3; i += 1) replies.push(await client.send(client.pkg1()));
    assert.deepEqual(
      replies.map((r) => headerStatusOf(r.reply)?.data),
      ['401', '401', '401'],
    );
    assert.equal(headerStatusOf(defined(replies[2]).reply)?.chal, undefined);
    assert.equal(replies[2]?.response.ended, true);
    assert.equal(replies[1]?.response.ended, false);
    const history = await server.devices.history('IMEI:100');
    assert.equal(history[0]?.ending, 'auth-failed');
  });
});

describe('client authentication: basic', () => {
  test('right password → 212 without nonce; wrong → 401', async () => {
    const { server } = testServer({ registration: { mode: 'pre-provisioned' } });
    await server.devices.provision(
      { devId: 'IMEI:200', clientCredential: { authType: 'BASIC', username: 'u', password: 'p' } },
      0,
    );
    const good = new ScriptedClient(server, {
      devId: 'IMEI:200',
      encoding: 'xml',
      auth: { type: 'BASIC', username: 'u', password: 'p' },
    });
    const ok = await good.send(good.pkg1());
    assert.equal(headerStatusOf(ok.reply)?.data, '212');
    assert.equal(headerStatusOf(ok.reply)?.chal, undefined);
    const bad = new ScriptedClient(server, {
      devId: 'IMEI:200',
      encoding: 'xml',
      sessionId: '2B',
      auth: { type: 'BASIC', username: 'u', password: 'x' },
    });
    const refused = await bad.send(bad.pkg1());
    assert.equal(headerStatusOf(refused.reply)?.data, '401');
    assert.equal(headerStatusOf(refused.reply)?.chal?.meta.type, 'syncml:auth-basic');
  });
});

describe('client authentication: HMAC (x-syncml-hmac)', () => {
  async function hmacDevice() {
    const t = testServer({ registration: { mode: 'pre-provisioned' } });
    await t.server.devices.provision(
      { devId: 'IMEI:300', clientCredential: { authType: 'HMAC', username: 'hm', password: 'secret' } },
      0,
    );
    await t.server.enqueue('IMEI:300', { kind: 'Replace', items: [{ target: './X', data: '1' }] });
    return t;
  }

  test('no header → 407 with an auth-MAC Chal; every authenticated message gets 200 and a new nonce', async () => {
    const { server, store } = await hmacDevice();
    const client = new ScriptedClient(server, {
      devId: 'IMEI:300',
      encoding: 'xml',
      auth: { type: 'HMAC', username: 'hm', password: 'secret' },
    });
    const first = await client.send(client.pkg1(), true, { hmac: null });
    assert.equal(headerStatusOf(first.reply)?.data, '407');
    assert.equal(headerStatusOf(first.reply)?.chal?.meta.type, 'syncml:auth-MAC');
    const n1 = client.nonce;
    const second = await client.send(client.pkg1());
    assert.equal(headerStatusOf(second.reply)?.data, '200');
    const n2 = headerStatusOf(second.reply)?.chal?.meta.nextNonce;
    assert.ok(n2 !== undefined && n2 !== n1);
    assert.equal(commandsOf(second.reply).length, 1);
    assert.equal((await store.getDevice('IMEI:300'))?.clientNonce, n2);
    // Package #3 signed with the previous nonce fails (its statuses are not taken)...
    client.nonce = n1;
    const replayed = await client.answer(second.reply);
    assert.equal(headerStatusOf(replayed.reply)?.data, '401');
    assert.equal((await server.queue.list({ devId: 'IMEI:300' }))[0]?.state, 'claimed');
    // ...and signed with the nonce of that 401's Chal, it passes.
    assert.equal(client.nonce, headerStatusOf(replayed.reply)?.chal?.meta.nextNonce);
    const third = await client.answer(second.reply);
    assert.equal(headerStatusOf(third.reply)?.data, '200');
    assert.equal(third.response.ended, true);
    const command = (await server.queue.list({ devId: 'IMEI:300' }))[0];
    assert.equal(command?.outcome?.kind, 'answered');
  });

  test('a failed HMAC mid-session is answered with statuses only and keeps the session', async () => {
    const { server } = testServer({ registration: { mode: 'pre-provisioned' }, claimBatch: 10 });
    await server.devices.provision(
      { devId: 'IMEI:301', clientCredential: { authType: 'HMAC', username: 'hm', password: 'pw' } },
      0,
    );
    for (let i = 0; i < 8; i += 1) {
      await server.enqueue('IMEI:301', {
        kind: 'Replace',
        items: [{ target: `./K/${i}`, data: 'v'.repeat(100) }],
      });
    }
    const client = new ScriptedClient(server, {
      devId: 'IMEI:301',
      encoding: 'xml',
      maxMsgSize: 1200,
      auth: { type: 'HMAC', username: 'hm', password: 'pw' },
    });
    await client.send(client.pkg1(), true, { hmac: null });
    const second = await client.send(client.pkg1());
    assert.equal(second.reply.final, false, 'more commands wait in the outbox');
    const good = client.nonce;
    client.nonce = 'AAAA';
    const failed = await client.answer(second.reply);
    assert.equal(headerStatusOf(failed.reply)?.data, '401');
    assert.deepEqual(commandsOf(failed.reply), []);
    assert.equal(failed.response.ended, false);
    assert.notEqual(client.nonce, good);
    const exchanges = await client.run(await client.answer(second.reply));
    assert.equal(exchanges.at(-1)?.response.ended, true);
    const states = (await server.queue.list({ devId: 'IMEI:301' })).map((c) => c.outcome?.kind);
    assert.deepEqual(states, Array(8).fill('answered'));
  });

  test('a malformed header is a failed authentication, not a crash', async () => {
    const { server } = await hmacDevice();
    const client = new ScriptedClient(server, {
      devId: 'IMEI:300',
      encoding: 'wbxml',
      auth: { type: 'HMAC', username: 'hm', password: 'secret' },
    });
    const { reply } = await client.send(client.pkg1(), true, { hmac: 'algorithm=MD5, username=' });
    assert.equal(headerStatusOf(reply)?.data, '401');
  });
});

describe('server credentials (SRVCRED)', () => {
  test('md5: Cred in our header until the client answers 212; its Chal nonce is stored', async () => {
    const { server, store } = testServer();
    await server.devices.provision(
      { devId: 'IMEI:400', serverCredential: { authType: 'DIGEST', username: 'dms', password: 'srv' } },
      0,
    );
    await store.updateDevice('IMEI:400', { serverNonce: 'c2VydmVyTm9uY2U=' });
    await server.enqueue('IMEI:400', { kind: 'Get', items: [{ target: './A' }] });
    await server.enqueue('IMEI:400', { kind: 'Get', items: [{ target: './B' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:400', encoding: 'xml', maxMsgSize: 2000 });
    const first = await client.send(client.pkg1());
    const cred = first.reply.header.cred;
    assert.equal(cred?.meta?.type, 'syncml:auth-md5');
    const expected = md5DigestFromEquivalent(
      passwordEquivalent('dms', 'srv'),
      defined(nonceCandidates('c2VydmVyTm9uY2U=')[0]),
    );
    assert.equal(cred?.data, expected);
    assert.equal(first.reply.header.source.locName, 'dms');
    // The client accepts with 212 and issues a new nonce for our next use.
    const body = [
      {
        ...statusFor('1', first.reply.header.msgID, '0', 'SyncHdr', 212),
        chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: 'bmV3' } },
      },
      ...commandsOf(first.reply).map((c, i) =>
        statusFor(String(i + 2), first.reply.header.msgID, c.cmdID, c.kind, 404),
      ),
    ];
    const second = await client.send(body);
    assert.equal(second.reply.header.cred, undefined);
    assert.equal((await store.getDevice('IMEI:400'))?.serverNonce, 'bmV3');
    assert.equal(second.response.ended, true);
  });

  test('md5: a 401 for our header re-sends the commands the client did not execute', async () => {
    const { server } = testServer();
    await server.devices.provision(
      { devId: 'IMEI:401', serverCredential: { authType: 'DIGEST', username: 'dms', password: 'srv' } },
      0,
    );
    const queued = await server.enqueue('IMEI:401', { kind: 'Exec', items: [{ target: './Op' }] });
    const client = new ScriptedClient(server, { devId: 'IMEI:401', encoding: 'xml' });
    const first = await client.send(client.pkg1());
    const exec = defined(commandsOf(first.reply)[0]);
    const refused = await client.send([
      {
        ...statusFor('1', first.reply.header.msgID, '0', 'SyncHdr', 401),
        chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: 'Zm9v' } },
      },
      statusFor('2', first.reply.header.msgID, exec.cmdID, 'Exec', 401),
    ]);
    assert.equal(
      refused.reply.header.cred?.data,
      md5DigestFromEquivalent(passwordEquivalent('dms', 'srv'), defined(nonceCandidates('Zm9v')[0])),
    );
    assert.deepEqual(
      commandsOf(refused.reply).map((c) => c.kind),
      ['Exec'],
    );
    assert.equal((await server.queue.get(queued.id))?.state, 'claimed');
    const done = await client.answer(refused.reply);
    assert.equal(done.response.ended, true);
    assert.equal((await server.queue.get(queued.id))?.outcome?.kind, 'answered');
  });

  test('HMAC: every reply carries x-syncml-hmac over its exact bytes', async () => {
    const { server, store } = testServer();
    await server.devices.provision(
      { devId: 'IMEI:402', serverCredential: { authType: 'HMAC', username: 'dms', password: 'srv' } },
      0,
    );
    await store.updateDevice('IMEI:402', { serverNonce: 'AAECAw==' });
    const client = new ScriptedClient(server, { devId: 'IMEI:402', encoding: 'wbxml' });
    const { response } = await client.send(client.pkg1());
    const value = response.headers['x-syncml-hmac'];
    assert.ok(value !== undefined);
    const parsed = parseHmacHeader(value);
    assert.equal(parsed.username, 'dms');
    assert.equal(
      parsed.mac,
      computeHmacMacFromEquivalent(
        passwordEquivalent('dms', 'srv'),
        Uint8Array.of(0, 1, 2, 3),
        response.body,
      ),
    );
  });
});
