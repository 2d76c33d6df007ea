import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeHmacMac,
  formatHmacHeader,
  md5Digest,
  nonceFromB64,
  nonceToB64,
  parseHmacHeader,
} from '../../security/index.ts';
import { encodeMessage } from '../../syncml/index.ts';
import type { Status, SyncMLMessage } from '../../syncml/index.ts';
import { findAccount } from '../../tree/index.ts';
import {
  CLIENT_NAME,
  CLIENT_SECRET,
  SERVER_ID,
  SERVER_NAME,
  SERVER_SECRET,
} from './test-support/fixtures.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange, serverReply } from './test-support/scenario.ts';
import type { Scenario } from './test-support/scenario.ts';
import { statusLines } from './test-support/inspect.ts';
import { chal, target } from './test-support/server-messages.ts';

const S0 = Uint8Array.from([0xa0, 0xa1, 0xa2, 0xa3, 0xa4]);
const C0 = Uint8Array.from([0xc0, 0xc1]);
const md5Cred = (secret: string, nonce: Uint8Array) => ({
  meta: { type: 'syncml:auth-md5', format: 'b64' },
  data: md5Digest(SERVER_NAME, secret, nonce),
});
const replaceName = (cmdID: string, data: string) => ({
  kind: 'Replace' as const,
  cmdID,
  items: [target('./App/Name', { data })],
});

function headerStatus(message: SyncMLMessage): Status {
  const first = message.body[0];
  assert.ok(
    first?.kind === 'Status' && first.cmdRef === '0',
    'the first command is the Status for the SyncHdr',
  );
  return first;
}

function storedServerNonce(scenario: Scenario): Uint8Array | undefined {
  return findAccount(scenario.tree.local, SERVER_ID)?.serverCred.nonce;
}

for (const encoding of ENCODINGS) {
  describe(`server authentication (${encoding})`, () => {
    test('md5 Cred verified: 212 with a fresh Chal stored in SRVCRED; later messages need no Cred (D4)', () => {
      const scenario = begin(encoding, {}, { serverAuth: 'DIGEST', serverNonce: S0 });
      const p3 = exchange(scenario, [replaceName('10', 'one')], {
        cred: md5Cred(SERVER_SECRET, S0),
        locName: SERVER_NAME,
      });
      const status = headerStatus(p3);
      assert.equal(status.data, '212');
      assert.equal(status.chal?.meta.type, 'syncml:auth-md5');
      assert.equal(status.chal?.meta.format, 'b64');
      const issued = nonceFromB64(status.chal?.meta.nextNonce ?? '');
      assert.equal(issued.length, 16);
      assert.deepEqual(storedServerNonce(scenario), issued);
      assert.equal(scenario.tree.local.read('./App/Name'), 'one');

      const p5 = exchange(scenario, [replaceName('11', 'two')]);
      assert.equal(headerStatus(p5).data, '200');
      assert.equal(headerStatus(p5).chal, undefined);
      assert.equal(scenario.tree.local.read('./App/Name'), 'two');
    });

    test('wrong Cred: 401 + Chal, nothing executed; the retry with the new nonce is accepted', () => {
      const scenario = begin(encoding, {}, { serverAuth: 'DIGEST', serverNonce: S0 });
      const refused = exchange(scenario, [replaceName('10', 'hacked')], { cred: md5Cred('wrong', S0) });
      const status = headerStatus(refused);
      assert.equal(status.data, '401');
      assert.deepEqual(statusLines(refused).slice(1), ['Replace:10=401']);
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
      const issued = nonceFromB64(status.chal?.meta.nextNonce ?? '');
      assert.deepEqual(storedServerNonce(scenario), issued);

      const accepted = exchange(scenario, [replaceName('10', 'fine')], {
        cred: md5Cred(SERVER_SECRET, issued),
        headerCode: '200',
      });
      assert.equal(headerStatus(accepted).data, '212');
      assert.equal(scenario.tree.local.read('./App/Name'), 'fine');
    });

    test('missing Cred: 407 + Chal', () => {
      const scenario = begin(encoding, {}, { serverAuth: 'DIGEST', serverNonce: S0 });
      const refused = exchange(scenario, [replaceName('10', 'x')]);
      assert.equal(headerStatus(refused).data, '407');
      assert.equal(headerStatus(refused).chal?.meta.type, 'syncml:auth-md5');
      assert.deepEqual(statusLines(refused).slice(1), ['Replace:10=407']);
    });

    test('basic Cred verified: 212 without a nonce', () => {
      const scenario = begin(encoding, {}, { serverAuth: 'BASIC' });
      const cred = {
        meta: { type: 'syncml:auth-basic', format: 'b64' },
        data: Buffer.from(`${SERVER_NAME}:${SERVER_SECRET}`).toString('base64'),
      };
      const p3 = exchange(scenario, [replaceName('10', 'b')], { cred });
      assert.equal(headerStatus(p3).data, '212');
      assert.equal(headerStatus(p3).chal, undefined);
      assert.equal(scenario.tree.local.read('./App/Name'), 'b');
    });

    test('a server that keeps failing is given up on', () => {
      const scenario = begin(encoding, { maxAuthFailures: 2 }, { serverAuth: 'DIGEST', serverNonce: S0 });
      exchange(scenario, [], { cred: md5Cred('wrong', S0) });
      exchange(scenario, [], { cred: md5Cred('wrong', S0) });
      const step = scenario.driver.feed(serverReply(scenario, [], { cred: md5Cred('wrong', S0) }));
      assert.equal(step.kind, 'failed');
      if (step.kind === 'failed') {
        assert.equal(step.error.code, 'SCOMO_SESSION_SERVER_AUTH_FAILED');
        assert.equal(step.summary.serverAuthenticated, false);
      }
    });

    test('a NextNonce from a server not yet authenticated is used but stored only once it is (reference §3.3)', () => {
      const scenario = begin(
        encoding,
        { auth: 'md5' },
        { serverAuth: 'DIGEST', serverNonce: S0, clientNonce: C0 },
      );
      const n1 = Uint8Array.from([1, 1, 1, 1]);
      // The server challenges us but presents no Cred itself.
      const retry = exchange(scenario, [], {
        headerCode: '401',
        chal: chal('syncml:auth-md5', nonceToB64(n1)),
        ackCommands: false,
      });
      assert.equal(
        retry.header.cred?.data,
        md5Digest(CLIENT_NAME, CLIENT_SECRET, n1),
        'the latest nonce is used',
      );
      assert.equal(headerStatus(retry).data, '407');
      assert.deepEqual(statusLines(retry).slice(1), [], 'the server sent no commands to refuse');
      assert.equal(retry.body.filter((c) => c.kind === 'Alert').length, 1, 'package #1 is sent again');
      assert.deepEqual(findAccount(scenario.tree.local, SERVER_ID)?.clientCred.nonce, C0, 'not stored yet');
      const issued = nonceFromB64(headerStatus(retry).chal?.meta.nextNonce ?? '');
      exchange(scenario, [replaceName('10', 'x')], {
        headerCode: '212',
        cred: md5Cred(SERVER_SECRET, issued),
      });
      assert.deepEqual(
        findAccount(scenario.tree.local, SERVER_ID)?.clientCred.nonce,
        n1,
        'stored once the server is trusted',
      );
    });
  });

  describe(`HMAC (${encoding})`, () => {
    /** Encodes the server message, signs the exact bytes with `nonce`, feeds it; returns the reply. */
    function signedExchange(
      scenario: Scenario,
      message: SyncMLMessage,
      nonce: Uint8Array,
      secret = SERVER_SECRET,
    ): SyncMLMessage {
      const body = encodeMessage(message, encoding);
      const mac = computeHmacMac(SERVER_NAME, secret, nonce, body);
      const step = scenario.driver.feedBytes(body, {
        'x-syncml-hmac': formatHmacHeader({ username: SERVER_NAME, mac }),
      });
      assert.equal(step.kind, 'send', step.kind === 'failed' ? step.error.message : 'the client replies');
      return scenario.driver.lastSent.message;
    }

    test('every message carries x-syncml-hmac with the per-message nonce; the server is verified each time (D5)', () => {
      const c0 = Uint8Array.from([5, 5, 5]);
      const scenario = begin(
        encoding,
        { auth: 'hmac' },
        { clientAuth: 'HMAC', clientNonce: c0, serverAuth: 'HMAC', serverNonce: S0 },
      );
      const macOf = () => parseHmacHeader(scenario.driver.lastSent.step.headers['x-syncml-hmac'] ?? '').mac;
      const bodyOf = () => scenario.driver.lastSent.step.body;
      assert.equal(macOf(), computeHmacMac(CLIENT_NAME, CLIENT_SECRET, c0, bodyOf()));

      const c1 = Uint8Array.from([6, 6, 6, 6]);
      const p3 = signedExchange(
        scenario,
        serverReply(scenario, [replaceName('10', 'h1')], {
          headerCode: '200',
          chal: chal('syncml:auth-MAC', nonceToB64(c1)),
          locName: SERVER_NAME,
        }),
        S0,
      );
      assert.equal(macOf(), computeHmacMac(CLIENT_NAME, CLIENT_SECRET, c1, bodyOf()));
      const status3 = headerStatus(p3);
      assert.equal(status3.data, '200', 'HMAC always answers 200');
      assert.equal(status3.chal?.meta.type, 'syncml:auth-MAC');
      const s1 = nonceFromB64(status3.chal?.meta.nextNonce ?? '');
      assert.deepEqual(storedServerNonce(scenario), s1);
      assert.equal(scenario.tree.local.read('./App/Name'), 'h1');

      const c2 = Uint8Array.from([7, 7]);
      const p5 = signedExchange(
        scenario,
        serverReply(scenario, [replaceName('10', 'h2')], {
          headerCode: '200',
          chal: chal('syncml:auth-MAC', nonceToB64(c2)),
        }),
        s1,
      );
      assert.equal(macOf(), computeHmacMac(CLIENT_NAME, CLIENT_SECRET, c2, bodyOf()));
      const s2 = nonceFromB64(headerStatus(p5).chal?.meta.nextNonce ?? '');
      assert.notDeepEqual(s2, s1, 'a new nonce per message');
      assert.equal(headerStatus(p5).data, '200');

      // Signed with a stale nonce: refused, nothing executed.
      const refused = signedExchange(
        scenario,
        serverReply(scenario, [replaceName('10', 'h3')], { headerCode: '200' }),
        s1,
      );
      assert.equal(headerStatus(refused).data, '401');
      assert.equal(scenario.tree.local.read('./App/Name'), 'h2');
    });

    test('a challenge to syncml:auth-MAC switches to HMAC for the rest of the session', () => {
      const scenario = begin(encoding, { auth: 'none' });
      assert.equal(scenario.driver.lastSent.step.headers['x-syncml-hmac'], undefined);
      const c1 = Uint8Array.from([3, 1, 4, 1, 5]);
      exchange(scenario, [], {
        headerCode: '407',
        chal: chal('syncml:auth-MAC', nonceToB64(c1)),
        ackCommands: false,
      });
      const step = scenario.driver.lastSent.step;
      assert.equal(
        parseHmacHeader(step.headers['x-syncml-hmac'] ?? '').mac,
        computeHmacMac(CLIENT_NAME, CLIENT_SECRET, c1, step.body),
      );
      const c2 = Uint8Array.from([2, 7]);
      exchange(scenario, [replaceName('10', 'm')], {
        headerCode: '200',
        chal: chal('syncml:auth-MAC', nonceToB64(c2)),
      });
      const next = scenario.driver.lastSent.step;
      assert.equal(
        parseHmacHeader(next.headers['x-syncml-hmac'] ?? '').mac,
        computeHmacMac(CLIENT_NAME, CLIENT_SECRET, c2, next.body),
      );
    });
  });
}
