import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodedSize } from '../../syncml/index.ts';
import type { SyncMLMessage } from '../../syncml/index.ts';
import { receiveMessage, supplyCommands } from './engine.ts';
import { newSessionState } from './state.ts';
import type { DeviceView, EngineEnv, IncomingMessage } from './types.ts';
import type { EngineIO } from './engine.ts';

const env: EngineEnv & EngineIO = {
  random: (n) => new Uint8Array(n).fill(7),
  sizeOf: (message) => encodedSize(message, 'wbxml'),
  markupToText: () => '',
  options: {
    maxAuthAttempts: 3,
    defaultClientMaxMsgSize: null,
    maxMsgSize: 16384,
    maxObjSize: null,
    claimBatch: 4,
    minChunkSize: 64,
    quirkProfiles: [],
  },
};

const device: DeviceView = {
  devId: 'IMEI:1',
  clientCredential: null,
  serverCredential: null,
  clientNonce: null,
  serverNonce: null,
  devInfo: {},
  quirks: [],
};

function incoming(message: SyncMLMessage): IncomingMessage {
  return { message, body: new Uint8Array(0), hmacHeader: null, encoding: 'wbxml', now: 5, device };
}

const header = (msgID: string) => ({
  verDTD: '1.2',
  verProto: 'DM/1.2',
  sessionID: '1A',
  msgID,
  target: { locURI: 'https://dm/' },
  source: { locURI: 'IMEI:1' },
});

describe('server session engine (pure)', () => {
  test('package #1 → need-commands → package #2 → statuses resolve the command → the session ends', () => {
    const state = newSessionState({
      token: 't',
      devId: 'IMEI:1',
      sessionId: '1A',
      serverUri: 'https://dm/',
      respUri: 'https://dm/?s=t',
      now: 0,
    });
    const pkg1: SyncMLMessage = {
      header: header('1'),
      body: [{ kind: 'Alert', cmdID: '1', data: '1201', items: [] }],
      final: true,
    };
    const step1 = receiveMessage(state, incoming(pkg1), env);
    assert.deepEqual(step1.next, { kind: 'need-commands', limit: 4 });
    assert.deepEqual(step1.effects, [{ type: 'client-authenticated', authType: 'none' }]);
    assert.equal(state.phase, 'authenticating', 'the input state is not mutated');

    const step2 = supplyCommands(
      step1.state,
      incoming(pkg1),
      [{ queueId: 'q1', payload: { kind: 'Get', items: [{ target: './A' }] } }],
      env,
    );
    assert.equal(step2.next.kind, 'reply');
    const reply = step2.next.kind === 'reply' ? step2.next.reply : null;
    assert.equal(reply?.message.header.respURI, 'https://dm/?s=t');
    assert.deepEqual(reply?.message.header.meta, { maxMsgSize: 16384 });
    assert.deepEqual(
      reply?.message.body.map((c) => `${c.kind}${c.cmdID}`),
      ['Status1', 'Status2', 'Get3'],
    );
    assert.equal(reply?.ended, false);

    const pkg3: SyncMLMessage = {
      header: header('2'),
      body: [
        {
          kind: 'Status',
          cmdID: '1',
          msgRef: '1',
          cmdRef: '0',
          cmd: 'SyncHdr',
          targetRefs: [],
          sourceRefs: [],
          data: '200',
          items: [],
        },
        {
          kind: 'Status',
          cmdID: '2',
          msgRef: '1',
          cmdRef: '3',
          cmd: 'Get',
          targetRefs: ['./A'],
          sourceRefs: [],
          data: '200',
          items: [],
        },
        {
          kind: 'Results',
          cmdID: '3',
          msgRef: '1',
          cmdRef: '3',
          targetRefs: [],
          sourceRefs: [],
          items: [{ source: { locURI: './A' }, data: 'v' }],
        },
      ],
      final: true,
    };
    const step3 = receiveMessage(step2.state, incoming(pkg3), env);
    assert.equal(step3.next.kind, 'need-commands');
    const step4 = supplyCommands(step3.state, incoming(pkg3), [], env);
    assert.equal(step4.state.phase, 'ended');
    assert.deepEqual(step3.effects[0], {
      type: 'resolve',
      queueId: 'q1',
      outcome: {
        kind: 'answered',
        status: 200,
        itemStatuses: [{ targetRef: './A', status: 200 }],
        results: [{ source: './A', format: null, type: null, data: 'v', encoding: 'text' }],
        children: [],
      },
    });
    assert.deepEqual(
      step4.effects.map((e) => e.type),
      ['session-ended'],
    );
    const last = step4.next.kind === 'reply' ? step4.next.reply : null;
    assert.deepEqual([last?.ended, last?.message.final, last?.message.body.length], [true, true, 1]);
  });

  test('an ended session refuses further transitions with a typed error', () => {
    const state = {
      ...newSessionState({ token: 't', devId: 'd', sessionId: '1', serverUri: 'u', respUri: null, now: 0 }),
      phase: 'ended' as const,
    };
    const pkg: SyncMLMessage = { header: header('9'), body: [], final: true };
    assert.throws(() => receiveMessage(state, incoming(pkg), env), /current state: ended/);
  });
});
