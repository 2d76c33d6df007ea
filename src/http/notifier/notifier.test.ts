import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isScomoError } from '../../errors/index.ts';
import { NOTIFICATION_MIME_TYPE } from '../../notification/index.ts';
import type { DeviceRecord, NotificationRequest } from '../../server/index.ts';
import { parseNotifyAddress } from './address.ts';
import { createPackage0Notifier } from './notifier.ts';

const PACKAGE0 = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x02, 0xd8, 0, 0, 0, 0, 0, 1]);

function requestFor(notifyAddress: string | null): NotificationRequest {
  const device: DeviceRecord = {
    devId: 'IMEI:1',
    enabled: true,
    registeredAt: 0,
    lastSeenAt: null,
    clientCredential: null,
    serverCredential: null,
    clientNonce: null,
    serverNonce: null,
    devInfo: {},
    devDetail: {},
    quirks: [],
    notifyAddress,
  };
  return { device, package0: PACKAGE0, sessionId: 1, uiMode: 'background' };
}

/** An HTTP listener answering `status`; records what it received. */
async function listener(status: number) {
  const received: { type: string | undefined; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'], body: Buffer.concat(chunks) });
      res
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status === 202 ? 'session will start\n' : 'bad digest\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, received, close: () => new Promise((r) => server.close(r)) };
}

describe('notify addresses', () => {
  test('http, https and udp addresses, one or several', () => {
    assert.deepEqual(parseNotifyAddress('udp://10.0.0.5:2948'), [
      { kind: 'udp', host: '10.0.0.5', port: 2948 },
    ]);
    assert.deepEqual(parseNotifyAddress('udp://[::1]:9'), [{ kind: 'udp', host: '::1', port: 9 }]);
    assert.deepEqual(parseNotifyAddress(' http://dev:8080/push ,  udp://dev:1 '), [
      { kind: 'http', url: 'http://dev:8080/push' },
      { kind: 'udp', host: 'dev', port: 1 },
    ]);
    assert.deepEqual(parseNotifyAddress('https://dev/'), [{ kind: 'http', url: 'https://dev/' }]);
  });

  test('anything else is refused with a reason', () => {
    for (const [text, why] of [
      ['', /empty/],
      ['sms:+4912345', /scheme sms: is not one of http:, https:, udp:/],
      ['udp://host', /needs a port/],
      ['udp://host:99999', /not a URL|needs a port/],
      ['not a url', /not a URL/],
    ] as const) {
      assert.throws(
        () => parseNotifyAddress(text),
        (error) => isScomoError(error, 'SCOMO_HTTP_NOTIFY_ADDRESS') && why.test(error.message),
        text,
      );
    }
  });
});

describe('package #0 notifier', () => {
  test('UDP: one datagram with the package #0 bytes', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const got = new Promise<Buffer>((resolve) => socket.once('message', resolve));
    const notifier = createPackage0Notifier();
    const result = await notifier.notify(requestFor(`udp://127.0.0.1:${socket.address().port}`));
    assert.deepEqual(result, { delivered: true });
    assert.deepEqual(new Uint8Array(await got), PACKAGE0);
    socket.close();
    await notifier.close();
  });

  test('HTTP: POST with the notification content type; 2xx delivers, a refusal says why', async () => {
    const accepting = await listener(202);
    const refusing = await listener(403);
    const notifier = createPackage0Notifier({ timeoutMs: 2000 });
    assert.deepEqual(await notifier.notify(requestFor(accepting.url)), { delivered: true });
    assert.equal(accepting.received[0]?.type, NOTIFICATION_MIME_TYPE);
    assert.deepEqual(new Uint8Array(accepting.received[0]?.body ?? []), PACKAGE0);
    const refused = await notifier.notify(requestFor(refusing.url));
    assert.equal(refused.delivered, false);
    assert.match(refused.delivered ? '' : refused.reason, /HTTP 403: bad digest/);
    await notifier.close();
    await accepting.close();
    await refusing.close();
  });

  test('several addresses are tried in order until one delivers', async () => {
    const refusing = await listener(403);
    const accepting = await listener(202);
    const notifier = createPackage0Notifier({ timeoutMs: 2000 });
    assert.deepEqual(await notifier.notify(requestFor(`${refusing.url}, ${accepting.url}`)), {
      delivered: true,
    });
    assert.equal(refusing.received.length, 1);
    assert.equal(accepting.received.length, 1);
    await notifier.close();
    await refusing.close();
    await accepting.close();
  });

  test('no address, a bad address, nobody listening: not delivered, never thrown', async () => {
    const notifier = createPackage0Notifier({ timeoutMs: 1000 });
    const none = await notifier.notify(requestFor(null));
    assert.deepEqual(none, { delivered: false, reason: 'device IMEI:1 has no notify address' });
    const bad = await notifier.notify(requestFor('ftp://x'));
    assert.equal(bad.delivered, false);
    const closed = await listener(202);
    await closed.close();
    const nobody = await notifier.notify(requestFor(closed.url));
    assert.equal(nobody.delivered, false);
    await notifier.close();
  });

  test('a default address serves devices without one; options are checked', async () => {
    const accepting = await listener(202);
    const notifier = createPackage0Notifier({ defaultAddress: accepting.url });
    assert.deepEqual(await notifier.notify(requestFor(null)), { delivered: true });
    await notifier.close();
    await accepting.close();
    assert.throws(
      () => createPackage0Notifier({ timeoutMs: 0 }),
      (e) => isScomoError(e, 'SCOMO_HTTP_BAD_OPTION'),
    );
    assert.throws(
      () => createPackage0Notifier({ defaultAddress: 'carrier pigeon' }),
      (e) => isScomoError(e, 'SCOMO_HTTP_NOTIFY_ADDRESS'),
    );
  });
});
