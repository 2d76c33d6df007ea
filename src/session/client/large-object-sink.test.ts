import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, Meta } from '../../syncml/index.ts';
import { StreamTally } from './large-object/sink.ts';
import type { InboundObjectHook, InboundObjectSink, InboundObjectTarget } from './large-object/sink.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange } from './test-support/scenario.ts';
import { alerts, statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const chunk = (
  cmdID: string,
  uri: string,
  data: string | Uint8Array,
  more: boolean,
  meta?: Meta,
  kind: 'Replace' | 'Add' = 'Replace',
): Command => ({
  kind,
  cmdID,
  items: [
    target(uri, {
      data,
      ...(more ? { moreData: true } : {}),
      ...(meta === undefined ? {} : { meta }),
    }),
  ],
});

/** A sink that records what it is told; `refuseAt` makes its n-th write (1-based) refuse with 420. */
function recordingSink(options: { refuseAt?: number; endStatus?: number; throwOnEnd?: boolean } = {}) {
  const chunks: (string | Uint8Array)[] = [];
  const targets: InboundObjectTarget[] = [];
  const calls: string[] = [];
  const sink: InboundObjectSink = {
    write(data) {
      calls.push('write');
      chunks.push(data);
      return options.refuseAt === chunks.length ? 420 : undefined;
    },
    end() {
      calls.push('end');
      if (options.throwOnEnd === true) throw new Error('disk on fire');
      return options.endStatus ?? 200;
    },
    abort() {
      calls.push('abort');
    },
  };
  const hook: InboundObjectHook = (t) => {
    targets.push(t);
    return t.uri === './App/Big' ? sink : undefined;
  };
  const text = (): string =>
    chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'))).join('');
  return { hook, chunks, targets, calls, text };
}

for (const encoding of ENCODINGS) {
  describe(`large objects streamed to an InboundObjectHook sink (${encoding})`, () => {
    test('each chunk reaches the sink as it arrives, 213 each; end() answers the last; the tree is untouched', () => {
      const rec = recordingSink({ endStatus: 200 });
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      const parts = ['first part/', 'second part/', 'last'];
      const total = parts.join('').length;
      const r1 = exchange(
        scenario,
        [chunk('10', './App/Big', parts[0] as string, true, { size: total, format: 'chr' })],
        { final: false },
      );
      assert.deepEqual(statusLines(r1).slice(1), ['Replace:10@./App/Big=213']);
      assert.equal(rec.chunks.length, 1, 'the first chunk was handed over at once');
      assert.deepEqual(rec.targets, [
        {
          kind: 'Replace',
          uri: './App/Big',
          serverId: 'scomo-test-server',
          format: 'chr',
          type: undefined,
          declaredSize: total,
        },
      ]);
      const r2 = exchange(scenario, [chunk('11', './App/Big', parts[1] as string, true)], { final: false });
      assert.deepEqual(statusLines(r2).slice(1), ['Replace:11@./App/Big=213']);
      assert.equal(rec.chunks.length, 2);
      const r3 = exchange(scenario, [chunk('12', './App/Big', parts[2] as string, false)]);
      assert.deepEqual(statusLines(r3).slice(1), ['Replace:12@./App/Big=200']);
      assert.equal(rec.text(), parts.join(''));
      assert.deepEqual(rec.calls, ['write', 'write', 'write', 'end']);
      assert.equal(scenario.tree.local.read('./App/Big'), '', 'the value never went into the tree');
      assert.equal(rec.targets.length, 1, 'the hook is asked once per object');
    });

    test("end()'s code is the last chunk's Status", () => {
      const rec = recordingSink({ endStatus: 503 });
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      exchange(scenario, [chunk('10', './App/Big', 'abc', true, { size: 6 })], { final: false });
      const r = exchange(scenario, [chunk('11', './App/Big', 'def', false)]);
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Big=503']);
    });

    test('a hook answering a code refuses the object: that code for every chunk, nothing written', () => {
      const scenario = begin(encoding, { inboundObjects: () => 425 });
      const r1 = exchange(scenario, [chunk('10', './App/Big', 'abc', true, { size: 6 })], { final: false });
      assert.deepEqual(statusLines(r1).slice(1), ['Replace:10@./App/Big=425']);
      const r2 = exchange(scenario, [chunk('11', './App/Big', 'def', false)]);
      assert.deepEqual(statusLines(r2).slice(1), ['Replace:11@./App/Big=425']);
      assert.equal(scenario.tree.local.read('./App/Big'), '');
    });

    test('a hook answering undefined leaves the object to the engine (buffered, written at the end)', () => {
      const rec = recordingSink();
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      exchange(scenario, [chunk('10', './App/Name', 'abc', true, { size: 6 })], { final: false });
      const r = exchange(scenario, [chunk('11', './App/Name', 'def', false)]);
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Name=200']);
      assert.equal(scenario.tree.local.read('./App/Name'), 'abcdef');
      assert.equal(rec.chunks.length, 0);
    });

    test('a sink refusing a chunk (420) gets that code for it and every later chunk, and is aborted', () => {
      const rec = recordingSink({ refuseAt: 2 });
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      exchange(scenario, [chunk('10', './App/Big', 'aaa', true, { size: 9 })], { final: false });
      const r2 = exchange(scenario, [chunk('11', './App/Big', 'bbb', true)], { final: false });
      assert.deepEqual(statusLines(r2).slice(1), ['Replace:11@./App/Big=420']);
      const r3 = exchange(scenario, [chunk('12', './App/Big', 'ccc', false)]);
      assert.deepEqual(statusLines(r3).slice(1), ['Replace:12@./App/Big=420']);
      assert.deepEqual(rec.calls, ['write', 'write', 'abort']);
    });

    test('a size different from Meta Size → 424 and the sink is aborted, never ended', () => {
      const rec = recordingSink();
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      exchange(scenario, [chunk('10', './App/Big', '0123456789', true, { size: 100 })], { final: false });
      const r = exchange(scenario, [chunk('11', './App/Big', 'short', false)]);
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Big=424']);
      assert.deepEqual(rec.calls, ['write', 'write', 'abort']);
    });

    test('an interruption → Alert 1225 and the sink is aborted', () => {
      const rec = recordingSink();
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      exchange(scenario, [chunk('10', './App/Big', 'part', true, { size: 8 })], { final: false });
      const r = exchange(scenario, []);
      assert.equal(alerts(r, '1225').length, 1);
      assert.deepEqual(rec.calls, ['write', 'abort']);
    });

    test('an object over our MaxObjSize while streaming → 413 and abort', () => {
      const rec = recordingSink();
      const scenario = begin(encoding, { inboundObjects: rec.hook, maxObjSize: 64 });
      exchange(scenario, [chunk('10', './App/Big', 'x'.repeat(40), true)], { final: false });
      const r = exchange(scenario, [chunk('11', './App/Big', 'y'.repeat(40), true)], { final: false });
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Big=413']);
      assert.deepEqual(rec.calls, ['write', 'abort']);
    });

    test('b64 text whose Meta Size counts the decoded bytes is accepted; chunks split 4-character groups', () => {
      const rec = recordingSink();
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      const payload = Buffer.from('streamed package bytes!');
      const b64 = payload.toString('base64');
      exchange(
        scenario,
        [chunk('10', './App/Big', b64.slice(0, 7), true, { size: payload.length, format: 'b64' })],
        { final: false },
      );
      const r = exchange(scenario, [chunk('11', './App/Big', b64.slice(7), false)]);
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Big=200']);
      assert.equal(rec.text(), b64);
    });

    test('a sink that throws answers 500 instead of sinking the message', () => {
      const rec = recordingSink({ throwOnEnd: true });
      const scenario = begin(encoding, { inboundObjects: rec.hook });
      exchange(scenario, [chunk('10', './App/Big', 'abc', true, { size: 6 })], { final: false });
      const r = exchange(scenario, [chunk('11', './App/Big', 'def', false)]);
      assert.deepEqual(statusLines(r).slice(1), ['Replace:11@./App/Big=500']);
    });
  });
}

describe('StreamTally', () => {
  const tally = (...chunks: (string | Uint8Array)[]): StreamTally => {
    const t = new StreamTally();
    for (const c of chunks) t.add(c, typeof c === 'string' ? c.length : c.length);
    return t;
  };

  test('counts the bytes b64 text carries across chunk boundaries, whitespace and split padding', () => {
    const b64 = Buffer.from('hello, world!').toString('base64'); // ends with "=="
    assert.equal(tally(b64.slice(0, 5), b64.slice(5, -1), b64.slice(-1)).payload, 13);
    assert.equal(tally('aGVs\r\n', 'bG8=').payload, 5);
    assert.ok(tally('aGVs', 'bG8=').matches(5, 'b64'), 'decoded size accepted for b64');
    assert.ok(tally('aGVs', 'bG8=').matches(8, 'b64'), 'transmitted size accepted');
    assert.equal(tally('aGVs', 'bG8=').matches(5, 'chr'), false, 'only b64 is read as base64');
  });

  test('no payload for text that is not base64, or bytes', () => {
    assert.equal(tally('aG=s').payload, undefined, 'padding in the middle');
    assert.equal(tally('aGV*').payload, undefined);
    assert.equal(tally('aGV').payload, undefined, 'not whole groups');
    assert.equal(tally('a===').payload, undefined, 'too much padding');
    assert.equal(tally(new Uint8Array(4)).payload, undefined);
  });
});
