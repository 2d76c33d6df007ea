import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { NOTIFICATION_MIME_TYPE } from '../../notification/index.ts';
import { listenHttp, MAX_TRIGGER_BYTES } from './http-listener.ts';
import type { TriggerOutcome } from './trigger-gate.ts';
import { listenUdp } from './udp-listener.ts';

const accepted: TriggerOutcome = {
  kind: 'accepted',
  serverId: 's',
  sessionId: '1',
  resync: false,
  uiMode: 'background',
};

describe('listenHttp', () => {
  test('hands the POSTed body over and answers by outcome', async () => {
    const received: Uint8Array[] = [];
    const outcomes: TriggerOutcome[] = [accepted, { kind: 'bad-digest', serverId: 's', sessionId: '2' }];
    const listener = await listenHttp('127.0.0.1', 0, (bytes) => {
      received.push(bytes);
      return outcomes.shift() ?? { kind: 'malformed', reason: 'x' };
    });
    const post = (body: Uint8Array | string, type = NOTIFICATION_MIME_TYPE, method = 'POST') =>
      fetch(`http://127.0.0.1:${listener.port}/`, {
        method,
        headers: { 'content-type': type },
        ...(method === 'POST' ? { body } : {}),
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    try {
      assert.equal((await post(new Uint8Array([1, 2, 3]))).status, 202);
      assert.deepEqual([...(received[0] ?? [])], [1, 2, 3]);
      assert.equal((await post('x', `${NOTIFICATION_MIME_TYPE}; charset=binary`)).status, 403);
      assert.equal((await post('x')).status, 400);
      assert.equal((await post('x', 'text/plain')).status, 415);
      assert.equal((await post('x', NOTIFICATION_MIME_TYPE, 'GET')).status, 405);
      const big = await post(new Uint8Array(MAX_TRIGGER_BYTES + 1)).catch(() => ({ status: 413, text: '' }));
      assert.equal(big.status, 413);
      assert.equal(received.length, 3, 'refused requests never reach the gate');
    } finally {
      await listener.close();
    }
  });
});

describe('listenUdp', () => {
  test('hands each datagram over', async () => {
    let resolve: (bytes: Uint8Array) => void = () => {};
    const got = new Promise<Uint8Array>((r) => {
      resolve = r;
    });
    const listener = await listenUdp('127.0.0.1', 0, (bytes) => {
      resolve(bytes);
      return accepted;
    });
    const socket = createSocket('udp4');
    try {
      socket.send(new Uint8Array([9, 8, 7]), listener.port, '127.0.0.1');
      assert.deepEqual([...(await got)], [9, 8, 7]);
    } finally {
      socket.close();
      await listener.close();
    }
  });
});
