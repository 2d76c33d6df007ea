/**
 * Results from the device: binary values over XML travel as base64 text with Format b64 (reference
 * §6.6), whole or as large-object chunks cut anywhere in the text (reference §2.8).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command, Item, Results } from '../../syncml/index.ts';
import { bytesToB64 } from './base64.ts';
import { newSessionState, parseSessionState } from './state.ts';
import { LockstepDevice, commandsOf, headerOk, shape, status } from './test-support/lockstep.ts';

const BYTES = Uint8Array.from({ length: 700 }, (_, i) => (i * 31 + 7) & 0xff);
const B64 = bytesToB64(BYTES);

/** Package #2 with one Get of ./Bin; returns the device and what its answer needs. */
function getBin() {
  const device = new LockstepDevice({
    encoding: 'xml',
    maxMsgSize: 8000,
    queue: [{ kind: 'Get', items: [{ target: './Bin' }] }],
  });
  const first = device.start();
  const get = commandsOf(first.reply)[0] as Command;
  const msgRef = first.reply.header.msgID;
  const results = (item: Item): Results => ({
    kind: 'Results',
    cmdID: '',
    msgRef,
    cmdRef: get.cmdID,
    targetRefs: [],
    sourceRefs: [],
    items: [{ source: { locURI: './Bin' }, ...item }],
  });
  const getOk = [headerOk(first.reply), status(msgRef, get.cmdID, 'Get', 200)];
  return { device, results, getOk };
}

function firstResult(device: LockstepDevice) {
  const outcome = device.outcomes.get('q0');
  assert.equal(outcome?.kind, 'answered', JSON.stringify(outcome));
  return outcome?.kind === 'answered' ? outcome : assert.fail('not answered');
}

describe('binary Results over XML (Format b64)', () => {
  test('a whole value is stored as the bytes it encodes; text that is not base64 stays text', () => {
    const { device, results, getOk } = getBin();
    device.send([...getOk, results({ meta: { format: 'b64' }, data: B64 })], true);
    assert.deepEqual(firstResult(device).results[0], {
      source: './Bin',
      format: 'b64',
      type: null,
      data: B64,
      encoding: 'b64',
    });

    const other = getBin();
    other.device.send(
      [...other.getOk, other.results({ meta: { format: 'b64' }, data: 'not base64!' })],
      true,
    );
    assert.deepEqual(
      [firstResult(other.device).results[0]?.data, firstResult(other.device).results[0]?.encoding],
      ['not base64!', 'text'],
    );
  });

  for (const [name, size] of [
    ['the text as transmitted', B64.length],
    ['the decoded bytes', BYTES.length],
  ] as const) {
    test(`chunks cut anywhere in the text reassemble; Meta Size may count ${name}`, () => {
      const { device, results, getOk } = getBin();
      // Cuts that are not on 4-character groups: a piece is not base64 on its own.
      const [a, b, c] = [B64.slice(0, 101), B64.slice(101, 522), B64.slice(522)];
      let turn = device.send(
        [...getOk, results({ meta: { format: 'b64', size }, data: a, moreData: true })],
        false,
      );
      turn = device.send(
        [headerOk(turn.reply), results({ meta: { format: 'b64' }, data: b, moreData: true })],
        false,
      );
      assert.deepEqual(shape(turn.reply), ['Status:SyncHdr:200', 'Status:Results:213', 'Alert:1222']);
      device.send([headerOk(turn.reply), results({ meta: { format: 'b64' }, data: c })], true);
      const result = firstResult(device).results[0];
      assert.deepEqual([result?.data, result?.encoding, result?.format], [B64, 'b64', 'b64']);
    });
  }

  test('a Meta Size that matches neither the text nor the bytes is 424 and nothing is kept', () => {
    const { device, results, getOk } = getBin();
    const half = B64.length / 2;
    const turn = device.send(
      [...getOk, results({ meta: { format: 'b64', size: 999 }, data: B64.slice(0, half), moreData: true })],
      false,
    );
    const last = device.send(
      [headerOk(turn.reply), results({ data: B64.slice(half), meta: { format: 'b64' } })],
      true,
    );
    assert.deepEqual(shape(last.reply), ['Status:SyncHdr:200', 'Status:Results:424']);
    const outcome = firstResult(device);
    assert.deepEqual(outcome.results, []);
    assert.deepEqual(
      outcome.itemStatuses.map((s) => s.status),
      [200, 424],
    );
  });
});

describe('stored session state', () => {
  test('a state written before the package fields existed reads with nothing awaited', () => {
    const current = newSessionState({
      token: 't',
      devId: 'd',
      sessionId: '1',
      serverUri: 'u',
      respUri: null,
      now: 0,
    });
    const { clientPackage: _p, awaiting1222: _a, ...older } = current;
    const incoming = {
      msgRef: '1',
      cmdRef: '2',
      source: null,
      format: null,
      type: null,
      size: null,
      binary: true,
      parts: ['AA=='],
    };
    const parsed = parseSessionState(JSON.parse(JSON.stringify({ ...older, incoming })));
    assert.equal(parsed.clientPackage, 'closed');
    assert.deepEqual(parsed.awaiting1222, []);
    assert.equal(parsed.incoming?.unit, 'bytes');
  });
});
