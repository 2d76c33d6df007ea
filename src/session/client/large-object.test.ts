import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, Results, Status, SyncMLMessage } from '../../syncml/index.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange, serverReply } from './test-support/scenario.ts';
import type { Scenario } from './test-support/scenario.ts';
import { alerts, results, statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const chunk = (
  cmdID: string,
  uri: string,
  data: string,
  more: boolean,
  size?: number,
  kind: 'Replace' | 'Add' = 'Replace',
): Command => ({
  kind,
  cmdID,
  items: [
    target(uri, {
      data,
      ...(more ? { moreData: true } : {}),
      ...(size === undefined ? {} : { meta: { size } }),
    }),
  ],
});
const nextMessage = (cmdID: string): Command => ({ kind: 'Alert', cmdID, data: '1222', items: [] });

/** The server's Status for each Results of the client's last message (213 for a chunk, else 200). */
function resultsStatuses(client: SyncMLMessage, code?: string): Status[] {
  return results(client).map((r, i) => ({
    kind: 'Status',
    cmdID: String(30 + i),
    msgRef: client.header.msgID,
    cmdRef: r.cmdID,
    cmd: 'Results',
    targetRefs: [],
    sourceRefs: [],
    data: code ?? (r.items.some((item) => item.moreData === true) ? '213' : '200'),
    items: [],
  }));
}

function drain(
  scenario: Scenario,
  first: SyncMLMessage,
  limit: number,
  refuseAt?: number,
): { data: string; messages: SyncMLMessage[] } {
  const messages = [first];
  let data = '';
  let current = first;
  for (let round = 0; round < 200; round++) {
    assert.ok(
      scenario.driver.lastSent.step.body.length <= limit,
      `message ${current.header.msgID} fits MaxMsgSize`,
    );
    for (const r of results(current)) for (const item of r.items) data += String(item.data ?? '');
    if (current.final) return { data, messages };
    const refuse = refuseAt !== undefined && messages.length === refuseAt;
    current = exchange(
      scenario,
      [...resultsStatuses(current, refuse ? '500' : undefined), nextMessage('40')],
      {
        final: false,
        ackCommands: false,
        maxMsgSize: limit,
      },
    );
    messages.push(current);
  }
  assert.fail('the client never finished its package');
}

for (const encoding of ENCODINGS) {
  describe(`large objects from the server (${encoding})`, () => {
    test('chunks answered 213 + Alert 1222 without Final; written only after the last chunk (D12)', () => {
      const scenario = begin(encoding);
      const parts = ['first part/', 'second part/', 'last'];
      const total = parts.join('').length;
      const r1 = exchange(scenario, [chunk('10', './App/Big', parts[0] as string, true, total)], {
        final: false,
      });
      assert.deepEqual(statusLines(r1).slice(1), ['Replace:10@./App/Big=213']);
      assert.equal(alerts(r1, '1222').length, 1);
      assert.equal(r1.final, false);
      assert.equal(scenario.tree.local.read('./App/Big'), '', 'nothing written yet');
      const r2 = exchange(scenario, [chunk('11', './App/Big', parts[1] as string, true)], { final: false });
      assert.deepEqual(statusLines(r2).slice(1), ['Replace:11@./App/Big=213']);
      assert.equal(alerts(r2, '1222').length, 1);
      assert.equal(scenario.tree.local.read('./App/Big'), '');
      const r3 = exchange(scenario, [chunk('12', './App/Big', parts[2] as string, false)]);
      assert.deepEqual(statusLines(r3).slice(1), ['Replace:12@./App/Big=200']);
      assert.equal(r3.final, true);
      assert.equal(alerts(r3, '1222').length, 0);
      assert.equal(scenario.tree.local.read('./App/Big'), parts.join(''));
    });

    test('an Add in chunks creates the node only at the end', () => {
      const scenario = begin(encoding);
      exchange(scenario, [chunk('10', './App/Blob', 'abc', true, 6, 'Add')], { final: false });
      assert.equal(scenario.tree.local.exists('./App/Blob'), false);
      const r = exchange(scenario, [chunk('11', './App/Blob', 'def', false, undefined, 'Add')]);
      assert.deepEqual(statusLines(r).slice(1), ['Add:11@./App/Blob=200']);
      assert.equal(scenario.tree.local.read('./App/Blob'), 'abcdef');
    });

    test('a size different from Meta Size → 424, nothing written', () => {
      const scenario = begin(encoding);
      exchange(scenario, [chunk('10', './App/Big', '0123456789', true, 100)], { final: false });
      const r = exchange(scenario, [chunk('11', './App/Big', 'short', false)]);
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Big=424']);
      assert.equal(scenario.tree.local.read('./App/Big'), '');
    });

    test('another command before the last chunk → Alert 1225 naming the item; the object is dropped', () => {
      const scenario = begin(encoding);
      exchange(scenario, [chunk('10', './App/Big', 'part', true, 8)], { final: false });
      const r = exchange(scenario, [chunk('11', './App/Name', 'other', false)]);
      const broken = alerts(r, '1225');
      assert.equal(broken.length, 1);
      assert.equal(broken[0]?.items[0]?.target?.locURI, './App/Big');
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Name=200']);
      assert.equal(scenario.tree.local.read('./App/Name'), 'other');
      assert.equal(scenario.tree.local.read('./App/Big'), '');
      // A late "last chunk" is now an ordinary Replace of 4 bytes, not the end of the object.
      const late = exchange(scenario, [chunk('12', './App/Big', 'tail', false)]);
      assert.deepEqual(statusLines(late).slice(1), ['Replace:12@./App/Big=200']);
      assert.equal(scenario.tree.local.read('./App/Big'), 'tail');
    });

    test('a message that ends without the next chunk interrupts the object (1225)', () => {
      const scenario = begin(encoding);
      exchange(scenario, [chunk('10', './App/Big', 'part', true, 8)], { final: false });
      const r = exchange(scenario, []);
      assert.equal(alerts(r, '1225').length, 1);
      assert.equal(scenario.tree.local.read('./App/Big'), '');
    });

    test('an object over our MaxObjSize → 413 for every chunk, never written', () => {
      const scenario = begin(encoding, { maxObjSize: 64 });
      const r1 = exchange(scenario, [chunk('10', './App/Big', 'x'.repeat(40), true, 100)], { final: false });
      assert.deepEqual(statusLines(r1).slice(1), ['Replace:10@./App/Big=413']);
      const r2 = exchange(scenario, [chunk('11', './App/Big', 'y'.repeat(60), false)]);
      assert.deepEqual(statusLines(r2).slice(1), ['Replace:11@./App/Big=413']);
      assert.equal(scenario.tree.local.read('./App/Big'), '');
      const plain = exchange(scenario, [chunk('12', './App/Name', 'z'.repeat(65), false)]);
      assert.deepEqual(statusLines(plain).slice(1), ['Replace:12@./App/Name=413']);
    });

    test('a chunk inside an Atomic is refused (406) and the Atomic fails', () => {
      const scenario = begin(encoding);
      const r = exchange(scenario, [
        { kind: 'Atomic', cmdID: '10', commands: [chunk('11', './App/Big', 'p', true, 2)] },
      ]);
      assert.deepEqual(statusLines(r).slice(1), ['Atomic:10=507', 'Replace:11@./App/Big=406']);
    });
  });

  describe(`large objects to the server (${encoding})`, () => {
    const value = 'chunk&<>ü€😀 '.repeat(400);
    const limit = 1400;

    test('a Results too large for one message goes out in chunks: Meta Size first, MoreData, no Final until the last (D12, D13)', () => {
      const scenario = begin(encoding);
      scenario.tree.local.set('./App/Big', { data: value });
      const first = exchange(scenario, [{ kind: 'Get', cmdID: '10', items: [target('./App/Big')] }], {
        maxMsgSize: limit,
      });
      const { data, messages } = drain(scenario, first, limit);
      assert.ok(messages.length >= 4, `split over ${messages.length} messages`);
      assert.equal(data, value);
      const chunks = messages.flatMap((m) => results(m).flatMap((r) => r.items));
      assert.equal(chunks[0]?.meta?.size, Buffer.byteLength(value, 'utf8'));
      assert.ok(
        chunks.slice(1).every((item) => item.meta?.size === undefined),
        'Size only on the first chunk',
      );
      assert.ok(chunks.slice(0, -1).every((item) => item.moreData === true));
      assert.equal(chunks[chunks.length - 1]?.moreData, undefined);
      assert.ok(messages.slice(0, -1).every((m) => !m.final));
      assert.equal(messages[0]?.body[1]?.kind, 'Status', 'the Get Status precedes its Results');
    });

    test('a chunk the server refuses stops the rest of the object', () => {
      const scenario = begin(encoding);
      scenario.tree.local.set('./App/Big', { data: value });
      const first = exchange(scenario, [{ kind: 'Get', cmdID: '10', items: [target('./App/Big')] }], {
        maxMsgSize: limit,
      });
      const { data, messages } = drain(scenario, first, limit, 2);
      assert.ok(data.length < value.length);
      assert.equal(results(messages[messages.length - 1] as SyncMLMessage).length, 0);
      assert.equal(messages.length, 3);
    });

    test('a value over the server MaxObjSize → 413 and no Results', () => {
      const scenario = begin(encoding);
      scenario.tree.local.set('./App/Big', { data: value });
      const r = exchange(
        scenario,
        [{ kind: 'Get', cmdID: '10', items: [target('./App/Big'), target('./App/Name')] }],
        { maxObjSize: 1000 },
      );
      assert.deepEqual(statusLines(r).slice(1), ['Get:10@./App/Big=413', 'Get:10@./App/Name=200']);
      assert.deepEqual(
        (results(r)[0] as Results).items.map((i) => i.source?.locURI),
        ['./App/Name'],
      );
    });

    test('the server Alert 1225 drops the rest of our object', () => {
      const scenario = begin(encoding);
      scenario.tree.local.set('./App/Big', { data: value });
      const first = exchange(scenario, [{ kind: 'Get', cmdID: '10', items: [target('./App/Big')] }], {
        maxMsgSize: limit,
      });
      assert.equal(first.final, false);
      const next = exchange(scenario, [{ kind: 'Alert', cmdID: '41', data: '1225', items: [] }], {
        maxMsgSize: limit,
        final: false,
        ackCommands: false,
      });
      assert.equal(results(next).length, 0);
      assert.equal(next.final, true);
      assert.deepEqual(statusLines(next).slice(1), ['Alert:41=200']);
      const step = scenario.driver.feed(serverReply(scenario, []));
      assert.equal(step.kind, 'done');
    });
  });
}
