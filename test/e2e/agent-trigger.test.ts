/**
 * Package #0 end to end: `scomo agent --listen 0 --udp-port 0` takes a trigger over HTTP or UDP,
 * verifies its digest with the DMAcc SRVCRED, and starts a server-initiated session (Alert 1200) with
 * the trigger's session id, once per session id. A bad digest starts nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeTrigger, NOTIFICATION_MIME_TYPE, resyncNonce } from '../../src/notification/index.ts';
import type { TriggerFields } from '../../src/notification/index.ts';
import { md5Digest } from '../../src/security/index.ts';
import type { Cred } from '../../src/syncml/index.ts';
import {
  commandsOf,
  messageOf,
  reply,
  sessionLines,
  spawnAgent,
  startScriptedDmServer,
} from '../support/scripted-dm-server.ts';
import type {
  AgentProcess,
  RecordedRequest,
  ScriptStep,
  ScriptedDmServer,
} from '../support/scripted-dm-server.ts';

const SERVER_ID = 'com.example.dms';
const SERVER_PASSWORD = 'srvsecret';
const USER = 'dev1';
const PASSWORD = 'devsecret';

/** The server's MD5 Cred (SRVCRED, reference §3.2) for the nonce the agent holds. */
function serverCred(nonce: Uint8Array): Cred {
  return {
    meta: { type: 'syncml:auth-md5', format: 'b64' },
    data: md5Digest(SERVER_ID, SERVER_PASSWORD, nonce),
  };
}

function trigger(
  sessionId: number,
  nonce: Uint8Array = new Uint8Array(0),
  password = SERVER_PASSWORD,
): Uint8Array {
  const fields: TriggerFields = { uiMode: 'background', initiator: 'server', sessionId, serverId: SERVER_ID };
  return encodeTrigger(fields, { serverPassword: password, nonce });
}

/** A server-initiated session: package #1 must carry the trigger's session id and Alert 1200. */
function serverInitiated(
  expectedSessionId: string,
  nonce: Uint8Array = new Uint8Array(0),
  check?: (request: RecordedRequest) => void,
): ScriptStep {
  return {
    name: `server-initiated session ${expectedSessionId}`,
    respond: (request, ctx) => {
      const message = messageOf(request);
      assert.equal(message.header.sessionID, expectedSessionId);
      assert.equal(commandsOf(message, 'Alert')[0]?.data, '1200');
      check?.(request);
      return {
        kind: 'message',
        message: reply(request, ctx, { headerStatus: '212', cred: serverCred(nonce) }),
      };
    },
  };
}

async function startAgent(
  server: ScriptedDmServer,
  extra: string[] = [],
): Promise<{ agent: AgentProcess; httpPort: number; udpPort: number }> {
  const state = mkdtempSync(path.join(tmpdir(), 'scomo-agent-trigger-'));
  const agent = spawnAgent([
    '--server',
    `${server.url}/dm`,
    '--device-id',
    'IMEI:42',
    '--state',
    state,
    '--server-id',
    SERVER_ID,
    '--server-password',
    SERVER_PASSWORD,
    '--username',
    USER,
    '--password',
    PASSWORD,
    '--auth',
    'md5',
    '--listen',
    '0',
    '--udp-port',
    '0',
    '--listen-host',
    '127.0.0.1',
    '--timeout',
    '5',
    '--retries',
    '0',
    ...extra,
  ]);
  const started = await agent.waitForLog((line) => line.msg === 'agent started');
  return { agent, httpPort: Number(started['httpPort']), udpPort: Number(started['udpPort']) };
}

async function postTrigger(port: number, body: Uint8Array): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { 'content-type': NOTIFICATION_MIME_TYPE },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function sendUdp(port: number, body: Uint8Array): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    socket.send(body, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
  socket.close();
}

const completed = (sessionId: string) => (line: Record<string, unknown>) =>
  line['sessionId'] === sessionId && line['outcome'] !== undefined;

describe('package #0 listeners', () => {
  test('a valid trigger over HTTP starts one session with its id; the same id again starts nothing', async () => {
    const server = await startScriptedDmServer([serverInitiated('1A2B')]);
    const { agent, httpPort } = await startAgent(server);
    try {
      assert.equal(await postTrigger(httpPort, trigger(0x1a2b)), 202);
      const line = await agent.waitForLog(completed('1A2B'));
      assert.equal(line['outcome'], 'completed');
      assert.equal(line['initiator'], 'server');
      assert.equal(await postTrigger(httpPort, trigger(0x1a2b)), 200, 'duplicate: no new session');
      await agent.waitForLog((l) => l.msg === 'package #0 ignored: duplicate');
    } finally {
      const exit = await agent.stop();
      await server.close();
      assert.equal(exit.code, 0, 'SIGTERM stops the agent cleanly');
    }
    assert.deepEqual(
      server.failures.map((f) => f.message),
      [],
    );
    assert.equal(server.requests.length, 1, 'exactly one session');
    assert.equal(sessionLines(agent.logs).length, 1);
  });

  test('a valid trigger over UDP starts a session with its id', async () => {
    const server = await startScriptedDmServer([serverInitiated('FF')]);
    const { agent, udpPort } = await startAgent(server);
    try {
      await sendUdp(udpPort, trigger(0x00ff));
      const line = await agent.waitForLog(completed('FF'));
      assert.equal(line['outcome'], 'completed');
    } finally {
      await agent.stop();
      await server.close();
    }
    assert.deepEqual(
      server.failures.map((f) => f.message),
      [],
    );
    assert.equal(server.requests.length, 1);
  });

  test('a bad digest over HTTP or UDP starts nothing', async () => {
    const server = await startScriptedDmServer([]);
    const { agent, httpPort, udpPort } = await startAgent(server);
    try {
      assert.equal(await postTrigger(httpPort, trigger(0x10, new Uint8Array(0), 'wrong')), 403);
      await sendUdp(udpPort, trigger(0x11, new Uint8Array(0), 'wrong'));
      await agent.waitForLog((l) => l.msg === 'package #0 ignored: bad-digest' && l['bearer'] === 'udp');
      assert.equal(await postTrigger(httpPort, new Uint8Array([1, 2, 3])), 400, 'not a package #0');
      const wrongType = await fetch(`http://127.0.0.1:${httpPort}/`, { method: 'POST', body: trigger(0x12) });
      await wrongType.arrayBuffer();
      assert.equal(wrongType.status, 415, 'the content type must be application/vnd.syncml.notification');
    } finally {
      await agent.stop();
      await server.close();
    }
    assert.equal(server.requests.length, 0, 'the server saw no session');
    assert.equal(sessionLines(agent.logs).length, 0);
  });

  test('a trigger signed with the zero nonce resynchronises: package #1 Cred uses that nonce', async () => {
    const zero = resyncNonce();
    const server = await startScriptedDmServer([
      serverInitiated('2C', zero, (request) => {
        const message = messageOf(request);
        assert.equal(
          message.header.cred?.data,
          md5Digest(USER, PASSWORD, zero),
          'client Cred with the zero nonce',
        );
      }),
    ]);
    const { agent, httpPort } = await startAgent(server);
    try {
      assert.equal(await postTrigger(httpPort, trigger(0x2c, zero)), 202);
      const line = await agent.waitForLog(completed('2C'));
      assert.equal(line['outcome'], 'completed');
    } finally {
      await agent.stop();
      await server.close();
    }
    assert.deepEqual(
      server.failures.map((f) => f.message),
      [],
    );
  });
});
