/**
 * The agent embedded in-process (createAgent) against the scripted DM server on 127.0.0.1: session
 * reports, one session at a time with one coalesced follow-up, polling, and stop() in mid-session.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAgent, resolveAgentOptions } from '../../src/agent/index.ts';
import type { AgentLogger, AgentOptions } from '../../src/agent/index.ts';
import { isScomoError } from '../../src/errors/index.ts';
import { encodeTrigger } from '../../src/notification/index.ts';
import { md5Digest } from '../../src/security/index.ts';
import { commandsOf, messageOf, reply, startScriptedDmServer } from '../support/scripted-dm-server.ts';
import type { ScriptStep, ScriptedAnswer, ScriptedDmServer } from '../support/scripted-dm-server.ts';

const SERVER_ID = 'embedded';
const SERVER_PASSWORD = 'srv';

function memoryLogger(): AgentLogger & { lines: Array<{ level: string; msg: string; fields: object }> } {
  const lines: Array<{ level: string; msg: string; fields: object }> = [];
  const at = (level: string) => (fields: object, msg: string) => {
    lines.push({ level, msg, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function options(server: ScriptedDmServer, extra: Partial<AgentOptions> = {}): AgentOptions {
  return {
    server: `${server.url}/dm`,
    deviceId: 'IMEI:99',
    stateDir: mkdtempSync(path.join(tmpdir(), 'scomo-agent-embed-')),
    serverId: SERVER_ID,
    serverPassword: SERVER_PASSWORD,
    timeoutSeconds: 5,
    retries: 0,
    ...extra,
  };
}

/** Ends the session at package #2, authenticating the server with its SRVCRED (empty nonce). */
const finish: ScriptStep = {
  name: 'package #1 → 212, done',
  respond: (request, ctx) => ({
    kind: 'message',
    message: reply(request, ctx, {
      headerStatus: '212',
      cred: {
        meta: { type: 'syncml:auth-md5', format: 'b64' },
        data: md5Digest(SERVER_ID, SERVER_PASSWORD, new Uint8Array(0)),
      },
    }),
  }),
};

/** Like finish, but only once `release` is called. */
function held(): { step: ScriptStep; release: () => void; reached: Promise<void> } {
  let release: () => void = () => {};
  let reached: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const arrived = new Promise<void>((resolve) => {
    reached = resolve;
  });
  return {
    release,
    reached: arrived,
    step: {
      name: 'held package #1',
      respond: (request, ctx) => {
        reached();
        const answer: Promise<ScriptedAnswer> = gate.then(() => finish.respond(request, ctx));
        return { kind: 'later', answer };
      },
    },
  };
}

function trigger(sessionId: number): Uint8Array {
  return encodeTrigger(
    { uiMode: 'background', initiator: 'server', sessionId, serverId: SERVER_ID },
    { serverPassword: SERVER_PASSWORD, nonce: new Uint8Array(0) },
  );
}

describe('createAgent', () => {
  test('runSession() reports the session and logs one summary line', async () => {
    const server = await startScriptedDmServer([finish]);
    const logger = memoryLogger();
    const agent = createAgent(options(server, { logger }));
    try {
      const report = await agent.runSession({ sessionId: 'ABC' });
      assert.equal(report.outcome, 'completed');
      assert.equal(report.sessionId, 'ABC');
      assert.equal(report.initiator, 'client');
      assert.equal(report.serverId, SERVER_ID);
      assert.equal(report.messagesSent, 1);
      assert.equal(report.messagesReceived, 1);
      assert.ok(report.durationMs >= 0);
      assert.equal(messageOf(server.requests[0] as never).header.sessionID, 'ABC');
      const summaries = logger.lines.filter((l) => l.msg.startsWith('session ABC completed'));
      assert.equal(summaries.length, 1);
      assert.deepEqual(Object.keys(summaries[0]?.fields ?? {}).sort(), [
        'alertsDelivered',
        'alertsPending',
        'commands',
        'durationMs',
        'initiator',
        'messages',
        'outcome',
        'reason',
        'serverId',
        'sessionId',
        'statuses',
      ]);
    } finally {
      await agent.stop();
      await server.close();
    }
  });

  test('never two sessions at once: triggers during a session give one follow-up, the latest', async () => {
    const first = held();
    const server = await startScriptedDmServer([first.step, finish]);
    const agent = createAgent(options(server));
    try {
      const running = agent.runSession({ sessionId: '1' });
      await first.reached;
      assert.equal((await agent.deliverTrigger(trigger(0xa1))).kind, 'accepted');
      assert.equal((await agent.deliverTrigger(trigger(0xa2))).kind, 'accepted');
      assert.equal(server.requests.length, 1, 'nothing else is sent while the first session runs');
      first.release();
      assert.equal((await running).outcome, 'completed');
      await server.finished;
      const followUp = messageOf(server.requests[1] as never);
      assert.equal(followUp.header.sessionID, 'A2', 'the latest trigger wins');
      assert.equal(commandsOf(followUp, 'Alert')[0]?.data, '1200');
    } finally {
      await agent.stop();
      await server.close();
    }
    assert.equal(server.requests.length, 2, 'exactly one follow-up session');
    assert.deepEqual(
      server.failures.map((f) => f.message),
      [],
    );
  });

  test('polling runs client-initiated sessions until stop()', async () => {
    const server = await startScriptedDmServer([finish, finish]);
    const agent = createAgent(options(server, { pollSeconds: 0.05, pollJitter: 0 }));
    try {
      await agent.start();
      await server.finished;
    } finally {
      await agent.stop();
      await server.close();
    }
    const ids = server.requests.slice(0, 2).map((r) => messageOf(r).header.sessionID);
    assert.notEqual(ids[0], ids[1], 'a new SessionID per session');
    for (const request of server.requests.slice(0, 2)) {
      assert.equal(commandsOf(messageOf(request), 'Alert')[0]?.data, '1201');
    }
  });

  test('stop() during a session that waits on the server ends it at once as failed', async () => {
    const first = held();
    const server = await startScriptedDmServer([first.step]);
    const agent = createAgent(options(server, { timeoutSeconds: 60 }));
    const running = agent.runSession();
    await first.reached;
    await agent.stop();
    const report = await running;
    assert.equal(report.outcome, 'failed');
    assert.equal(report.error?.code, 'SCOMO_AGENT_ABORTED');
    assert.equal(agent.state, 'stopped');
    await assert.rejects(agent.runSession(), (err) => isScomoError(err, 'SCOMO_AGENT_ILLEGAL_STATE'));
    first.release();
    await server.close();
  });

  test('start() twice is refused; a listener port in use is a clear error', async () => {
    const server = await startScriptedDmServer([]);
    const agent = createAgent(options(server, { listenPort: 0 }));
    try {
      const endpoints = await agent.start();
      assert.ok((endpoints.httpPort ?? 0) > 0);
      await assert.rejects(agent.start(), (err) => isScomoError(err, 'SCOMO_AGENT_ILLEGAL_STATE'));
      const clash = createAgent(options(server, { listenPort: endpoints.httpPort }));
      await assert.rejects(clash.start(), (err) => isScomoError(err, 'SCOMO_AGENT_LISTEN'));
      await clash.stop();
    } finally {
      await agent.stop();
      await server.close();
    }
  });

  test('createAgent accepts options resolved once, and refuses bad ones with the option named', () => {
    const resolved = resolveAgentOptions({ server: 'https://dm.example.com/dm', deviceId: 'IMEI:1' });
    assert.equal(createAgent(resolved).options, resolved);
    assert.throws(
      () => createAgent({ server: 'ftp://x', deviceId: 'IMEI:1' }),
      (err) => isScomoError(err, 'SCOMO_AGENT_BAD_OPTION') && /server/.test(err.message),
    );
  });
});
