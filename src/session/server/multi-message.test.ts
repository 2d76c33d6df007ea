/**
 * Packages over several messages (reference §2.5) and large objects both ways (reference §2.8),
 * driven message by message the way the real client (src/session/client) behaves: its chunked
 * Results go out first and the Statuses it owes for our Alert 1222s follow once its object is
 * through (client DECISIONS.md "Reply order while our object goes out").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command, Item } from '../../syncml/index.ts';
import {
  LockstepDevice,
  ack1222,
  alert1222,
  commandsOf,
  headerOk,
  resultChunks,
  shape,
  status,
} from './test-support/lockstep.ts';
import type { ServerTurn } from './test-support/lockstep.ts';

const LOG = 'Größe zählt — '.repeat(120);
const BIG = Array.from({ length: 200 }, (_, i) => `line ${i} <é>`).join('\n');
const ASK_MORE = ['Status:SyncHdr:200', 'Status:Results:213', 'Alert:1222'];

function only<T>(values: readonly T[]): T {
  assert.equal(values.length, 1, `expected one, got ${values.length}`);
  return values[0] as T;
}

function answeredWith(device: LockstepDevice, queueId: string) {
  const outcome = device.outcomes.get(queueId);
  assert.equal(outcome?.kind, 'answered', JSON.stringify(outcome));
  return outcome?.kind === 'answered' ? outcome : assert.fail('not answered');
}

/** The server sends Package #2 with one Get; returns the device, the reply and the Get. */
function getLog(encoding: 'xml' | 'wbxml', maxMsgSize: number, more: readonly unknown[] = []) {
  const device = new LockstepDevice({
    encoding,
    maxMsgSize,
    queue: [{ kind: 'Get', items: [{ target: './Log' }] }, ...more],
  });
  const first = device.start();
  const get = commandsOf(first.reply)[0];
  assert.equal(get?.kind, 'Get');
  return { device, first, get: get as Command };
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`multi-message packages (${encoding})`, () => {
    for (const count of [2, 3, 4]) {
      test(`${count} Results chunks, Statuses for our 1222s deferred: the session stays open until the device's Final`, () => {
        const { device, first, get } = getLog(encoding, 4000);
        assert.equal(first.reply.final, true);
        const msgRef = first.reply.header.msgID;
        const chunks = resultChunks(msgRef, get.cmdID, './Log', LOG, count);
        const owed = [];
        let turn = device.send(
          [headerOk(first.reply), status(msgRef, get.cmdID, 'Get', 200), chunks[0] as Command],
          false,
        );
        for (const chunk of chunks.slice(1)) {
          // Reference §2.5: an intermediate client message gets Status + Alert 1222, nothing else.
          assert.deepEqual(shape(turn.reply), ASK_MORE);
          assert.deepEqual([turn.reply.final, turn.ended], [false, false]);
          owed.push(...ack1222(turn.reply));
          turn = device.send([headerOk(turn.reply), chunk], false);
        }
        // Its object is through, but the device's package is still open: it owes Statuses.
        assert.deepEqual(shape(turn.reply), ['Status:SyncHdr:200', 'Alert:1222']);
        assert.deepEqual([turn.reply.final, turn.ended], [false, false]);
        assert.equal(answeredWith(device, 'q0').results[0]?.data, LOG);
        owed.push(...ack1222(turn.reply));
        assert.equal(owed.length, count);
        assert.equal(device.state.awaiting1222.length, count);
        const done = device.send([headerOk(turn.reply), ...owed], true);
        assert.deepEqual([done.reply.final, done.ended, device.ending], [true, true, 'completed']);
        // Statuses are not answered: only the Status for the SyncHdr.
        assert.deepEqual(shape(done.reply), ['Status:SyncHdr:200']);
      });

      test(`${count} Results chunks, Statuses sent at once, the last message asks for more: the session ends`, () => {
        const { device, first, get } = getLog(encoding, 4000);
        const msgRef = first.reply.header.msgID;
        const chunks = resultChunks(msgRef, get.cmdID, './Log', LOG, count);
        let turn = device.send(
          [headerOk(first.reply), status(msgRef, get.cmdID, 'Get', 200), chunks[0] as Command],
          false,
        );
        for (const [i, chunk] of chunks.slice(1).entries()) {
          assert.deepEqual(shape(turn.reply), ASK_MORE);
          assert.deepEqual([turn.reply.final, turn.ended], [false, false]);
          // Each Status for our previous 1222 arrived: only the newest one is awaited.
          assert.equal(device.state.awaiting1222.length, 1);
          const last = i === count - 2;
          // After our 1222-only replies the device takes our package for open: it ends with 1222.
          turn = device.send(
            [headerOk(turn.reply), ...ack1222(turn.reply), chunk, ...(last ? [alert1222()] : [])],
            false,
          );
        }
        // Statuses for the SyncHdr and the device's 1222; Final with nothing to answer ends the session.
        assert.deepEqual(shape(turn.reply), ['Status:SyncHdr:200', 'Status:Alert:200']);
        assert.deepEqual([turn.reply.final, turn.ended, device.ending], [true, true, 'completed']);
        assert.equal(answeredWith(device, 'q0').results[0]?.data, LOG);
      });

      test(`${count} Results chunks in, then our own large object out: never at the same time`, () => {
        const replace = { kind: 'Replace', items: [{ target: './Big', data: BIG }] };
        const { device, first, get } = getLog(encoding, 1500, [replace]);
        // The Replace does not fit beside the Get: our package continues.
        assert.equal(first.reply.final, false);
        const msgRef = first.reply.header.msgID;
        const chunks = resultChunks(msgRef, get.cmdID, './Log', LOG.slice(0, 600), count);
        const owed = [];
        let turn = device.send(
          [headerOk(first.reply), status(msgRef, get.cmdID, 'Get', 200), chunks[0] as Command],
          false,
        );
        for (const chunk of chunks.slice(1)) {
          // Reference §2.8: while the device's object comes in, we send nothing but Status + 1222.
          assert.deepEqual(shape(turn.reply), ASK_MORE);
          assert.equal(turn.reply.final, false);
          owed.push(...ack1222(turn.reply));
          turn = device.send([headerOk(turn.reply), chunk], false);
        }
        assert.deepEqual(shape(turn.reply), ['Status:SyncHdr:200', 'Alert:1222']);
        owed.push(...ack1222(turn.reply));
        assert.equal(device.outcomes.has('q1'), false, 'the Replace has not started');
        // Caught up; our package is open for the device, so it asks for the rest with 1222.
        turn = device.send([headerOk(turn.reply), ...owed, alert1222()], false);
        assert.equal(answeredWith(device, 'q0').results[0]?.data, LOG.slice(0, 600));
        const pieces = receiveChunks(device, turn);
        assert.ok(pieces.length >= 3, `${pieces.length} chunks`);
        assert.equal(pieces.join(''), BIG);
        assert.equal(answeredWith(device, 'q1').status, 200);
        assert.equal(device.ending, 'completed');
      });
    }

    test('a reply split without 1222 while our package is open: a large object waits for the device', () => {
      const device = new LockstepDevice({
        encoding,
        maxMsgSize: 1500,
        queue: [
          { kind: 'Get', items: [{ target: './A' }] },
          { kind: 'Get', items: [{ target: './B' }] },
          { kind: 'Replace', items: [{ target: './Big', data: BIG }] },
        ],
      });
      const first = device.start();
      const [getA, getB] = commandsOf(first.reply);
      assert.deepEqual([getA?.kind, getB?.kind, first.reply.final], ['Get', 'Get', false]);
      const msgRef = first.reply.header.msgID;
      const results = (get: Command | undefined, data: string): Command => ({
        kind: 'Results',
        cmdID: '',
        msgRef,
        cmdRef: get?.cmdID ?? '',
        targetRefs: [],
        sourceRefs: [],
        items: [{ source: { locURI: './X' }, data }],
      });
      // The device's answer goes in two messages; the first neither closes nor asks for more.
      const part1 = device.send(
        [headerOk(first.reply), status(msgRef, getA?.cmdID ?? '', 'Get', 200), results(getA, 'a')],
        false,
      );
      assert.deepEqual(commandsOf(part1.reply), [], 'no chunk while the device still has answers queued');
      assert.deepEqual([part1.reply.final, part1.ended], [false, false]);
      const part2 = device.send(
        [
          headerOk(part1.reply),
          status(msgRef, getB?.cmdID ?? '', 'Get', 200),
          results(getB, 'b'),
          alert1222(),
        ],
        false,
      );
      assert.equal(answeredWith(device, 'q1').results[0]?.data, 'b');
      assert.equal(receiveChunks(device, part2).join(''), BIG);
    });

    test('a Generic Alert between our chunks gets its Status and nothing else comes between them', () => {
      const device = new LockstepDevice({
        encoding,
        maxMsgSize: 1500,
        queue: [
          { kind: 'Replace', items: [{ target: './Big', data: BIG }] },
          { kind: 'Get', items: [{ target: './After' }] },
        ],
      });
      const first = device.start();
      const chunk = only(commandsOf(first.reply));
      const generic: Command = {
        kind: 'Alert',
        cmdID: '',
        data: '1226',
        items: [{ source: { locURI: './X' }, meta: { type: 'org.example' }, data: 'hi' }],
      };
      const msgId = first.reply.header.msgID;
      const next = device.send(
        [headerOk(first.reply), status(msgId, chunk.cmdID, 'Replace', 213), generic, alert1222()],
        false,
      );
      assert.deepEqual(shape(next.reply), [
        'Status:SyncHdr:200',
        'Status:Alert:200',
        'Status:Alert:200',
        'Replace+MoreData',
      ]);
    });
  });
}

/**
 * Answers our large object chunk by chunk (213 + Alert 1222, as the device does while our package is
 * open), checks that nothing comes between the chunks, answers the last 200 with Final; returns
 * the chunks' data.
 */
function receiveChunks(device: LockstepDevice, from: ServerTurn): string[] {
  const pieces: string[] = [];
  let turn = from;
  for (;;) {
    const command = only(commandsOf(turn.reply));
    assert.equal(command.kind, 'Replace');
    const item: Item | undefined = command.kind === 'Replace' ? command.items[0] : undefined;
    pieces.push(typeof item?.data === 'string' ? item.data : '');
    const msgId = turn.reply.header.msgID;
    if (item?.moreData !== true) {
      assert.equal(turn.reply.final, true);
      const done = device.send([headerOk(turn.reply), status(msgId, command.cmdID, 'Replace', 200)], true);
      assert.equal(done.ended, true);
      return pieces;
    }
    assert.equal(turn.reply.final, false);
    turn = device.send(
      [headerOk(turn.reply), status(msgId, command.cmdID, 'Replace', 213), alert1222()],
      false,
    );
  }
}
