import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basicCredential, md5Digest, nonceToB64 } from '../../security/index.ts';
import type { Alert } from '../../syncml/index.ts';
import { findAccount } from '../../tree/index.ts';
import { CLIENT_NAME, CLIENT_SECRET, SERVER_ID } from './test-support/fixtures.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange, serverReply } from './test-support/scenario.ts';
import { kinds, statusLines } from './test-support/inspect.ts';
import { chal, target } from './test-support/server-messages.ts';

const N1 = Uint8Array.from([0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17]);
const N2 = Uint8Array.from([0x20, 0x21, 0x22, 0x23]);
const GET_NAME = { kind: 'Get' as const, cmdID: '10', items: [target('./App/Name')] };

for (const encoding of ENCODINGS) {
  describe(`client authentication (${encoding})`, () => {
    test('407 with an md5 Chal: package #1 again with the Cred, then 212 (D3)', () => {
      const scenario = begin(encoding, { auth: 'none' });
      assert.equal(scenario.package1.header.cred, undefined);
      const retry = exchange(scenario, [], {
        headerCode: '407',
        chal: chal('syncml:auth-md5', nonceToB64(N1)),
        ackCommands: false,
      });
      assert.equal(retry.header.msgID, '2');
      assert.equal(retry.header.sessionID, '1A');
      assert.equal(retry.header.source.locName, CLIENT_NAME);
      assert.equal(retry.header.cred?.meta?.type, 'syncml:auth-md5');
      assert.equal(retry.header.cred?.data, md5Digest(CLIENT_NAME, CLIENT_SECRET, N1));
      assert.deepEqual(kinds(retry), ['Status', 'Alert', 'Replace']);
      assert.equal((retry.body[1] as Alert).data, '1201');
      assert.equal(retry.final, true);
      assert.equal(scenario.driver.session.state, 'authenticating');

      const p3 = exchange(scenario, [GET_NAME], { headerCode: '212' });
      assert.equal(p3.header.cred, undefined, 'no Cred after 212');
      assert.deepEqual(statusLines(p3), ['SyncHdr:0@IMEI:493005100592800=200', 'Get:10@./App/Name=200']);
      // SRVCRED asks for nothing here, so the server counts as trusted and its nonce is stored.
      assert.deepEqual(findAccount(scenario.tree.local, SERVER_ID)?.clientCred.nonce, N1);
      const step = scenario.driver.feed(serverReply(scenario, []));
      assert.equal(step.kind, 'done');
      if (step.kind === 'done') {
        assert.equal(step.summary.clientAuthenticated, true);
        assert.deepEqual(step.summary.accountUpdates, [{ level: 'CLCRED', nonce: nonceToB64(N1) }]);
        assert.equal(step.summary.treeChanged, true);
      }
    });

    test('407 with a basic Chal: the retry carries a basic Cred', () => {
      const scenario = begin(encoding, { auth: 'none' });
      const retry = exchange(scenario, [], {
        headerCode: '407',
        chal: chal('syncml:auth-basic'),
        ackCommands: false,
      });
      assert.equal(retry.header.cred?.meta?.type, 'syncml:auth-basic');
      assert.equal(retry.header.cred?.data, basicCredential(CLIENT_NAME, CLIENT_SECRET));
    });

    test('a wrong password: 401 twice ends the session failed', () => {
      const scenario = begin(encoding, { auth: 'md5' });
      const retry = exchange(scenario, [], {
        headerCode: '401',
        chal: chal('syncml:auth-md5', nonceToB64(N1)),
        ackCommands: false,
      });
      assert.equal(retry.header.cred?.data, md5Digest(CLIENT_NAME, CLIENT_SECRET, N1));
      const step = scenario.driver.feed(
        serverReply(scenario, [], {
          headerCode: '401',
          chal: chal('syncml:auth-md5', nonceToB64(N2)),
          ackCommands: false,
        }),
      );
      assert.equal(step.kind, 'failed');
      if (step.kind === 'failed') {
        assert.equal(step.error.code, 'SCOMO_SESSION_AUTH_REJECTED');
        assert.equal(step.summary.ending, 'failed');
        assert.equal(step.summary.clientAuthenticated, false);
      }
      assert.equal(scenario.driver.session.state, 'failed');
    });

    test('200 (per message) with a Chal: the next message repeats the Cred with the new nonce', () => {
      const scenario = begin(encoding, { auth: 'md5' });
      const p3 = exchange(scenario, [GET_NAME], {
        headerCode: '200',
        chal: chal('syncml:auth-md5', nonceToB64(N2)),
      });
      assert.equal(p3.header.cred?.data, md5Digest(CLIENT_NAME, CLIENT_SECRET, N2));
    });

    test('212 with a NextNonce for the next session stores it in CLCRED AAuthData', () => {
      const scenario = begin(encoding, { auth: 'md5' });
      const step = scenario.driver.feed(
        serverReply(scenario, [], { headerCode: '212', chal: chal('syncml:auth-md5', nonceToB64(N2)) }),
      );
      assert.equal(step.kind, 'done');
      assert.deepEqual(findAccount(scenario.tree.local, SERVER_ID)?.clientCred.nonce, N2);
    });

    test('a challenge of a type we cannot answer fails the session', () => {
      const scenario = begin(encoding, { auth: 'none' });
      const step = scenario.driver.feed(
        serverReply(scenario, [], { headerCode: '407', chal: chal('syncml:auth-X509'), ackCommands: false }),
      );
      assert.equal(step.kind, 'failed');
      if (step.kind === 'failed') assert.equal(step.error.code, 'SCOMO_SESSION_AUTH_REJECTED');
    });

    test('a SyncHdr refused with another error fails the session', () => {
      const scenario = begin(encoding);
      const step = scenario.driver.feed(serverReply(scenario, [], { headerCode: '500', ackCommands: false }));
      assert.equal(step.kind, 'failed');
      if (step.kind === 'failed') assert.equal(step.error.code, 'SCOMO_SESSION_HEADER_REJECTED');
    });

    test('later messages go to the RespURI, also for the retry after a challenge', () => {
      const scenario = begin(encoding, { auth: 'none' });
      exchange(scenario, [], {
        headerCode: '407',
        chal: chal('syncml:auth-md5', nonceToB64(N1)),
        ackCommands: false,
        respURI: 'https://dm.example.com/dm/s/abc',
      });
      assert.equal(scenario.driver.lastSent.step.url, 'https://dm.example.com/dm/s/abc');
      exchange(scenario, [GET_NAME], { respURI: 'https://node2.example.com/dm/s/abc' });
      assert.equal(scenario.driver.lastSent.step.url, 'https://node2.example.com/dm/s/abc');
    });

    test('commands in a message that rejects our credentials are not executed (215)', () => {
      const scenario = begin(encoding, { auth: 'md5' });
      const replace = {
        kind: 'Replace' as const,
        cmdID: '10',
        items: [target('./App/Name', { data: 'changed' })],
      };
      const retry = exchange(scenario, [replace], {
        headerCode: '401',
        chal: chal('syncml:auth-md5', nonceToB64(N1)),
        ackCommands: false,
      });
      assert.ok(statusLines(retry).includes('Replace:10=215'));
      assert.equal(scenario.tree.local.read('./App/Name'), 'scomo');
    });
  });
}
