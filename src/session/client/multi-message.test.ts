import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, Results, SyncMLMessage } from '../../syncml/index.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange, serverReply } from './test-support/scenario.ts';
import type { Scenario } from './test-support/scenario.ts';
import { alerts, results, statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const nextMessage = (cmdID: string): Command => ({ kind: 'Alert', cmdID, data: '1222', items: [] });

/** Plays a server that answers every non-final client message with Status + Alert 1222 (reference §2.5). */
function collect(scenario: Scenario, first: SyncMLMessage, limit: number): SyncMLMessage[] {
  const messages = [first];
  let current = first;
  while (!current.final) {
    assert.equal(alerts(current, '1222').length, 0, 'a client sending its package does not ask for more');
    current = exchange(scenario, [nextMessage('50')], {
      final: false,
      ackCommands: false,
      maxMsgSize: limit,
    });
    messages.push(current);
    assert.ok(messages.length < 100);
  }
  for (const sent of scenario.driver.sent.slice(1))
    assert.ok(sent.step.body.length <= limit, `${sent.step.body.length} ≤ ${limit}`);
  return messages;
}

for (const encoding of ENCODINGS) {
  describe(`multi-message packages (${encoding})`, () => {
    test('a server package over two messages: the client asks with Alert 1222 and closes only after Final', () => {
      const scenario = begin(encoding);
      const r1 = exchange(
        scenario,
        [{ kind: 'Replace', cmdID: '10', items: [target('./App/Name', { data: 'm1' })] }],
        { final: false },
      );
      assert.deepEqual(statusLines(r1).slice(1), ['Replace:10@./App/Name=200']);
      assert.equal(alerts(r1, '1222').length, 1);
      assert.equal(r1.final, false);
      assert.equal(scenario.tree.local.read('./App/Name'), 'm1', 'each message is executed as it comes');
      const r2 = exchange(scenario, [{ kind: 'Get', cmdID: '11', items: [target('./App/Name')] }], {
        ackCommands: false,
      });
      assert.deepEqual(statusLines(r2).slice(1), ['Get:11@./App/Name=200']);
      assert.equal(alerts(r2, '1222').length, 0);
      assert.equal(r2.final, true);
      assert.equal(scenario.driver.session.state, 'managing');
      assert.equal(scenario.driver.feed(serverReply(scenario, [])).kind, 'done');
    });

    test('our reply over several messages within the server MaxMsgSize, Final on the last only (D13)', () => {
      const scenario = begin(encoding);
      const limit = 1200;
      const gets: Command[] = Array.from({ length: 30 }, (_, i) => ({
        kind: 'Get',
        cmdID: String(10 + i),
        items: [target('./App/Name')],
      }));
      const first = exchange(scenario, gets, { maxMsgSize: limit });
      assert.equal(first.final, false);
      assert.equal(scenario.driver.session.state, 'continuing');
      const messages = collect(scenario, first, limit);
      assert.ok(messages.length >= 3, `split over ${messages.length} messages`);
      const lines = messages.flatMap((m) => statusLines(m).filter((l) => l.startsWith('Get')));
      assert.deepEqual(
        lines,
        gets.map((g) => `Get:${g.cmdID}@./App/Name=200`),
      );
      const resultRefs = messages.flatMap((m) => results(m).map((r) => r.cmdRef));
      assert.deepEqual(
        resultRefs,
        gets.map((g) => g.cmdID),
        'one Results per Get, in order',
      );
      for (const m of messages)
        assert.equal(m.body[0]?.kind === 'Status' && m.body[0].cmdRef, '0', 'SyncHdr Status first');
      const flat = messages.flatMap((m) =>
        m.body.map((c) =>
          c.kind === 'Results' ? `R${c.cmdRef}` : c.kind === 'Status' ? `S${c.cmdRef}` : c.kind,
        ),
      );
      for (const get of gets) {
        assert.ok(
          flat.indexOf(`S${get.cmdID}`) < flat.indexOf(`R${get.cmdID}`),
          `Status of Get ${get.cmdID} before its Results`,
        );
      }
      assert.equal(scenario.driver.feed(serverReply(scenario, [], { ackCommands: false })).kind, 'done');
    });

    test('a ?list=StructData result larger than a message is split into several Results by Items', () => {
      const scenario = begin(encoding);
      scenario.tree.local.add('./App/Many', { format: 'node' });
      for (let i = 0; i < 60; i++)
        scenario.tree.local.add(`./App/Many/Leaf${i}`, { format: 'chr', data: `value number ${i}` });
      const limit = 1500;
      const first = exchange(
        scenario,
        [{ kind: 'Get', cmdID: '10', items: [target('./App/Many?list=StructData')] }],
        { maxMsgSize: limit },
      );
      const messages = collect(scenario, first, limit);
      const all = messages.flatMap((m) => results(m));
      assert.ok(all.length >= 2, `${all.length} Results`);
      assert.ok(all.every((r: Results) => r.cmdRef === '10'));
      const items = all.flatMap((r) => r.items);
      assert.equal(items.length, 61, 'the interior node and its 60 leaves');
      assert.ok(
        items.every((item) => item.moreData === undefined),
        'whole Items, no chunks',
      );
      assert.equal(
        items.find((item) => item.source?.locURI === './App/Many/Leaf59')?.data,
        'value number 59',
      );
    });

    test('a MaxMsgSize too small for any reply fails the session cleanly', () => {
      const scenario = begin(encoding);
      const step = scenario.driver.feed(
        serverReply(scenario, [{ kind: 'Get', cmdID: '10', items: [target('./App/Name')] }], {
          maxMsgSize: 120,
        }),
      );
      assert.equal(step.kind, 'failed');
      if (step.kind === 'failed') assert.equal(step.error.code, 'SCOMO_SESSION_MSG_TOO_SMALL');
    });
  });
}

describe('MaxMsgSize over a range of limits (D13)', () => {
  for (const encoding of ENCODINGS) {
    test(`every client message fits and every value arrives whole (${encoding})`, () => {
      const big = 'línea & <dato> '.repeat(150);
      // An XML header and the Status for the SyncHdr alone take about 650 bytes.
      const limits =
        encoding === 'xml' ? [1000, 1100, 1337, 1600, 2500, 4000] : [500, 700, 900, 1100, 1600, 4000];
      for (const limit of limits) {
        const scenario = begin(encoding);
        scenario.tree.local.set('./App/Big', { data: big });
        scenario.tree.local.add('./App/Many', { format: 'node' });
        for (let i = 0; i < 25; i++)
          scenario.tree.local.add(`./App/Many/L${i}`, { format: 'chr', data: `v${i}` });
        const commands: Command[] = [
          { kind: 'Get', cmdID: '10', items: [target('./App/Big')] },
          { kind: 'Get', cmdID: '11', items: [target('./App/Many?list=StructData')] },
          ...Array.from({ length: 12 }, (_, i): Command => ({
            kind: 'Replace',
            cmdID: String(20 + i),
            items: [target('./App/Name', { data: `n${i}` })],
          })),
          { kind: 'Get', cmdID: '40', items: [target('./App/Name')] },
        ];
        const first = exchange(scenario, commands, { maxMsgSize: limit });
        const messages = [first];
        let current = first;
        while (!current.final) {
          const statuses = results(current).map((r, i) => ({
            kind: 'Status' as const,
            cmdID: String(60 + i),
            msgRef: current.header.msgID,
            cmdRef: r.cmdID,
            cmd: 'Results',
            targetRefs: [],
            sourceRefs: [],
            data: r.items.some((item) => item.moreData === true) ? '213' : '200',
            items: [],
          }));
          current = exchange(scenario, [...statuses, nextMessage('50')], {
            final: false,
            ackCommands: false,
            maxMsgSize: limit,
          });
          messages.push(current);
          assert.ok(messages.length < 200, `limit ${limit}: the package ends`);
        }
        for (const sent of scenario.driver.sent.slice(1))
          assert.ok(sent.step.body.length <= limit, `limit ${limit}: ${sent.step.body.length} bytes`);
        const all = messages.flatMap((m) => results(m));
        const bigData = all
          .filter((r) => r.cmdRef === '10')
          .flatMap((r) => r.items.map((i) => String(i.data)));
        assert.equal(bigData.join(''), big, `limit ${limit}: the large value reassembles`);
        assert.equal(all.filter((r) => r.cmdRef === '11').flatMap((r) => r.items).length, 26);
        assert.deepEqual(
          all.filter((r) => r.cmdRef === '40').flatMap((r) => r.items.map((i) => i.data)),
          ['n11'],
        );
        const replaced = messages.flatMap((m) => statusLines(m)).filter((line) => line.startsWith('Replace'));
        assert.equal(replaced.length, 12);
      }
    });
  }
});

describe('small MaxMsgSize values never stall the session', () => {
  for (const encoding of ENCODINGS) {
    test(`each limit either completes within it or fails with SCOMO_SESSION_MSG_TOO_SMALL (${encoding})`, () => {
      const big = 'línea & <dato> 😀'.repeat(100);
      let completed = 0;
      for (let limit = 300; limit < 3000; limit += 97) {
        const scenario = begin(encoding);
        scenario.tree.local.set('./App/Big', { data: big });
        const gets: Command[] = [
          { kind: 'Get', cmdID: '10', items: [target('./App/Big')] },
          { kind: 'Get', cmdID: '11', items: [target('./App/Name')] },
        ];
        let step = scenario.driver.feed(serverReply(scenario, gets, { maxMsgSize: limit }));
        let data = '';
        for (let round = 0; step.kind === 'send'; round++) {
          assert.ok(round < 400, `limit ${limit}: the package ends`);
          assert.ok(step.body.length <= limit, `limit ${limit}: ${step.body.length} bytes`);
          const current = scenario.driver.lastSent.message;
          for (const r of results(current))
            if (r.cmdRef === '10') for (const item of r.items) data += String(item.data);
          if (current.final) break;
          step = scenario.driver.feed(
            serverReply(scenario, [nextMessage('50')], {
              final: false,
              ackCommands: false,
              maxMsgSize: limit,
            }),
          );
        }
        if (step.kind === 'failed') {
          assert.equal(step.error.code, 'SCOMO_SESSION_MSG_TOO_SMALL', `limit ${limit}`);
          continue;
        }
        assert.equal(data, big, `limit ${limit}: the value arrives whole`);
        completed++;
      }
      assert.ok(completed >= 20, `${completed} limits completed`);
    });
  }
});
