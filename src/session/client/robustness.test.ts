import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { encodeMessage, xmlToWbxml } from '../../syncml/index.ts';
import type { Command } from '../../syncml/index.ts';
import { createClientSession } from './session.ts';
import { SERVER_ID, sessionOptions, testTree } from './test-support/fixtures.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange, serverReply } from './test-support/scenario.ts';
import { statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const replaceName = (cmdID: string, data: string): Command => ({
  kind: 'Replace',
  cmdID,
  items: [target('./App/Name', { data })],
});

for (const encoding of ENCODINGS) {
  describe(`session abort and bad input (${encoding})`, () => {
    test('Alert 1223 ends the session without a reply and without executing the message (D17)', () => {
      const scenario = begin(encoding);
      const step = scenario.driver.feed(
        serverReply(scenario, [
          replaceName('10', 'never'),
          { kind: 'Alert', cmdID: '11', data: '1223', items: [] },
        ]),
      );
      assert.equal(step.kind, 'done');
      if (step.kind === 'done') assert.equal(step.summary.ending, 'aborted-by-server');
      assert.equal(scenario.driver.session.state, 'aborted');
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
      const again = scenario.driver.feed(serverReply(scenario, []));
      assert.equal(again.kind, 'failed');
      if (again.kind === 'failed') assert.equal(again.error.code, 'SCOMO_SESSION_ILLEGAL_STATE');
      assert.equal(scenario.driver.session.state, 'aborted', 'a stray call does not change the state');
    });

    test('bytes that are not a DM message: failed, never thrown', () => {
      const scenario = begin(encoding);
      const step = scenario.driver.feedBytes(
        Uint8Array.from([0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x6c, 0x71]),
      );
      assert.equal(step.kind, 'failed');
      if (step.kind === 'failed') assert.equal(step.error.code, 'SCOMO_SESSION_BAD_MESSAGE');
    });

    test('another SessionID or protocol version: failed', () => {
      const a = begin(encoding);
      const wrongId = serverReply(a, []);
      wrongId.header.sessionID = '2B';
      const s1 = a.driver.feed(wrongId);
      assert.ok(s1.kind === 'failed' && s1.error.code === 'SCOMO_SESSION_ID_MISMATCH');
      const b = begin(encoding);
      const wrongProto = serverReply(b, []);
      wrongProto.header.verProto = 'DM/1.1';
      const s2 = b.driver.feed(wrongProto);
      assert.ok(s2.kind === 'failed' && s2.error.code === 'SCOMO_SESSION_PROTOCOL_VERSION');
    });

    test('truncated and corrupted server messages never throw; the tree is never half-changed', () => {
      const reference = begin(encoding);
      const server = serverReply(reference, [
        replaceName('10', 'changed'),
        { kind: 'Add', cmdID: '11', items: [target('./App/Added', { data: 'a' })] },
      ]);
      const bytes = encodeMessage(server, encoding);
      const cuts = [
        1,
        5,
        17,
        Math.floor(bytes.length / 3),
        Math.floor(bytes.length / 2),
        bytes.length - 9,
        bytes.length - 1,
      ];
      for (const cut of cuts) {
        const scenario = begin(encoding);
        const step = scenario.driver.feedBytes(bytes.slice(0, cut));
        assert.ok(step.kind === 'failed' || step.kind === 'send' || step.kind === 'done');
        if (step.kind === 'failed') {
          assert.equal(scenario.tree.local.read('./App/Name'), 'scomo', `cut at ${cut}`);
          assert.equal(scenario.tree.local.exists('./App/Added'), false, `cut at ${cut}`);
        }
      }
      for (let i = 0; i < 40; i++) {
        const scenario = begin(encoding);
        const mutated = Uint8Array.from(bytes);
        for (let k = 0; k < 4; k++) {
          const at = (i * 131 + k * 977) % mutated.length;
          mutated[at] = (mutated[at] ?? 0) ^ (0x5a + i);
        }
        const step = scenario.driver.feedBytes(mutated);
        assert.ok(['failed', 'send', 'done'].includes(step.kind));
        if (step.kind === 'failed') assert.equal(scenario.tree.local.exists('./App/Added'), false);
      }
    });

    test('header NoResp: executed, no Statuses for its commands', () => {
      const scenario = begin(encoding);
      const step = scenario.driver.feed(
        serverReply(scenario, [replaceName('10', 'quiet')], { noResp: true }),
      );
      assert.equal(step.kind, 'done');
      assert.equal(scenario.tree.local.read('./App/Name'), 'quiet');
    });

    test('a server that never ends is bounded', () => {
      const scenario = begin(encoding, { maxMessages: 3 });
      exchange(scenario, [], { final: false });
      exchange(scenario, [], { final: false });
      exchange(scenario, [], { final: false });
      const step = scenario.driver.feed(serverReply(scenario, [], { final: false }));
      assert.ok(step.kind === 'failed' && step.error.code === 'SCOMO_SESSION_TOO_MANY_MESSAGES');
    });

    test('an MO plugin that throws answers 500 and the session goes on', () => {
      const scenario = begin(encoding);
      scenario.tree.mount('./App/Boom', {
        exec: () => {
          throw new Error('plugin bug');
        },
      });
      const r = exchange(scenario, [
        { kind: 'Exec', cmdID: '10', items: [target('./App/Boom')] },
        replaceName('11', 'still'),
      ]);
      assert.deepEqual(statusLines(r).slice(1), ['Exec:10@./App/Boom=500', 'Replace:11@./App/Name=200']);
    });
  });
}

describe('session lifecycle and options', () => {
  test('receive() before start() and start() twice are refused without changing the state', () => {
    const session = createClientSession(sessionOptions(testTree()));
    const early = session.receive({
      body: new Uint8Array(0),
      contentType: 'application/vnd.syncml.dm+xml',
      headers: {},
    });
    assert.ok(early.kind === 'failed' && early.error.code === 'SCOMO_SESSION_ILLEGAL_STATE');
    assert.equal(session.state, 'idle');
    assert.equal(session.start().kind, 'send');
    assert.equal(session.state, 'authenticating');
    const twice = session.start();
    assert.ok(twice.kind === 'failed' && twice.error.code === 'SCOMO_SESSION_ILLEGAL_STATE');
    assert.equal(session.state, 'authenticating');
  });

  test('unusable options throw SCOMO_SESSION_BAD_OPTIONS at creation', () => {
    const tree = testTree();
    const bad = [
      { serverId: 'unknown-server' },
      { maxMsgSize: 0 },
      { maxObjSize: -1 },
      { sessionId: 'not hex' },
    ];
    for (const override of bad) {
      assert.throws(
        () => createClientSession(sessionOptions(tree, override)),
        (err: unknown) => isScomoError(err, 'SCOMO_SESSION_BAD_OPTIONS'),
        JSON.stringify(override),
      );
    }
    assert.equal(createClientSession(sessionOptions(tree, { serverId: SERVER_ID })).state, 'idle');
  });

  test('a value XML cannot carry: that Get answers 415, the rest of the message goes on', () => {
    const scenario = begin('xml');
    scenario.tree.local.add('./App/Control', { format: 'chr', data: 'bell\u0007' });
    const r = exchange(scenario, [
      { kind: 'Get', cmdID: '10', items: [target('./App/Control'), target('./App/Name')] },
    ]);
    assert.deepEqual(statusLines(r).slice(1), ['Get:10@./App/Control=415', 'Get:10@./App/Name=200']);
  });

  test('a failure while answering rolls back that message: the tree is never half-changed', () => {
    const scenario = begin('wbxml');
    const step = scenario.driver.feed(
      serverReply(
        scenario,
        [
          replaceName('10', 'lost'),
          { kind: 'Add', cmdID: '11', items: [target('./App/Lost', { data: 'x' })] },
        ],
        {
          maxMsgSize: 100,
        },
      ),
    );
    assert.ok(step.kind === 'failed' && step.error.code === 'SCOMO_SESSION_MSG_TOO_SMALL');
    assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
    assert.equal(scenario.tree.local.exists('./App/Lost'), false);
    if (step.kind === 'failed') assert.equal(step.summary.treeChanged, false);
  });
});

for (const encoding of ENCODINGS) {
  test(`a command OMA DM does not use (a DS Put) gets Status 406; the others still run (${encoding})`, () => {
    const scenario = begin(encoding);
    const xml = new TextDecoder().decode(
      encodeMessage(serverReply(scenario, [replaceName('10', 'renamed')]), 'xml'),
    );
    const withPut = xml.replace(
      '<Final/>',
      '<Put><CmdID>11</CmdID><Item><Target><LocURI>./App</LocURI></Target></Item></Put><Final/>',
    );
    assert.notEqual(withPut, xml, 'the Put went into the message');
    const body = encoding === 'xml' ? new TextEncoder().encode(withPut) : xmlToWbxml(withPut);
    const step = scenario.driver.feedBytes(body);
    assert.equal(step.kind, 'send');
    const reply = scenario.driver.sent[scenario.driver.sent.length - 1]?.message;
    assert.ok(reply !== undefined);
    assert.deepEqual(statusLines(reply).slice(1), ['Replace:10@./App/Name=200', 'Put:11=406']);
    assert.equal(scenario.tree.local.read('./App/Name'), 'renamed');
  });
}
