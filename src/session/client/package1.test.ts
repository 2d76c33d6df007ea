import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basicCredential, computeHmacMac, md5Digest, parseHmacHeader } from '../../security/index.ts';
import type { Alert, Replace } from '../../syncml/index.ts';
import { createClientSession } from './session.ts';
import {
  CLIENT_NAME,
  CLIENT_SECRET,
  DEV_ID,
  SERVER_URI,
  sessionOptions,
  testTree,
} from './test-support/fixtures.ts';
import { ENCODINGS, Lockstep } from './test-support/lockstep.ts';
import { begin, exchange, serverReply } from './test-support/scenario.ts';
import { alerts, kinds } from './test-support/inspect.ts';
import { headerStatusFor, message, serverHeader } from './test-support/server-messages.ts';

const QUEUED = [
  {
    id: 'queue-1',
    correlator: 'exec-42',
    items: [
      {
        source: './SCOMO/Deployed/c1',
        target: './SCOMO/Download/p1/Operations/DownloadInstall',
        type: 'urn:oma:at:scomo:1.0:OperationComplete',
        format: 'xml',
        mark: 'warning',
        data: '<ResultCode>1200</ResultCode>',
      },
    ],
  },
  { id: 'queue-2', items: [{ type: 'urn:example:event', format: 'chr', data: 'no correlator' }] },
];

for (const encoding of ENCODINGS) {
  describe(`package #1 (${encoding})`, () => {
    test('header, Alert 1201, DevInfo Replace and Final (D1)', () => {
      const { driver, package1 } = begin(encoding);
      const step = driver.lastSent.step;
      assert.equal(step.url, SERVER_URI);
      assert.equal(step.contentType, `application/vnd.syncml.dm+${encoding}`);
      assert.equal(step.headers['content-type'], step.contentType);
      const h = package1.header;
      assert.equal(h.verDTD, '1.2');
      assert.equal(h.verProto, 'DM/1.2');
      assert.equal(h.sessionID, '1A');
      assert.equal(h.msgID, '1');
      assert.equal(h.target.locURI, SERVER_URI);
      assert.equal(h.source.locURI, DEV_ID);
      assert.equal(h.source.locName, undefined);
      assert.equal(h.cred, undefined);
      assert.equal(h.meta?.maxMsgSize, 16384);
      assert.equal(h.meta?.maxObjSize, 1 << 20);
      assert.deepEqual(kinds(package1), ['Alert', 'Replace']);
      assert.equal((package1.body[0] as Alert).data, '1201');
      const replace = package1.body[1] as Replace;
      assert.deepEqual(
        replace.items.map((item) => [item.source?.locURI, item.meta?.format, item.data]),
        [
          ['./DevInfo/DevId', 'chr', DEV_ID],
          ['./DevInfo/Man', 'chr', 'Example Corp'],
          ['./DevInfo/Mod', 'chr', 'Model-1'],
          ['./DevInfo/DmV', 'chr', '1.2'],
          ['./DevInfo/Lang', 'chr', 'en-US'],
        ],
      );
      assert.equal(package1.final, true);
      assert.deepEqual(new Set(package1.body.map((c) => c.cmdID)).size, package1.body.length);
    });

    test('a server-initiated session sends Alert 1200 with the package #0 session id (D2)', () => {
      const { package1 } = begin(encoding, { initiator: 'server', sessionId: 'B7' });
      assert.equal(package1.header.sessionID, 'B7');
      assert.equal((package1.body[0] as Alert).data, '1200');
    });

    test('queued Generic Alerts: 1226, Correlator echoed exactly, absent when none', () => {
      const { package1 } = begin(encoding, { genericAlerts: QUEUED });
      const generic = alerts(package1, '1226');
      assert.equal(generic.length, 2);
      const [first, second] = generic as [Alert, Alert];
      assert.equal(first.correlator, 'exec-42');
      assert.equal(second.correlator, undefined);
      const item = first.items[0];
      assert.equal(item?.source?.locURI, './SCOMO/Deployed/c1');
      assert.equal(item?.target?.locURI, './SCOMO/Download/p1/Operations/DownloadInstall');
      assert.equal(item?.meta?.type, 'urn:oma:at:scomo:1.0:OperationComplete');
      assert.equal(item?.meta?.format, 'xml');
      assert.equal(item?.meta?.mark, 'warning');
      assert.equal(item?.data, '<ResultCode>1200</ResultCode>');
      assert.equal(second.items[0]?.source, undefined);
    });

    test('Generic Alerts answered 200 or 202 are acknowledged; others are not', () => {
      const scenario = begin(encoding, {
        genericAlerts: [...QUEUED, { id: 'queue-3', items: [{ type: 't', format: 'chr', data: 'x' }] }],
      });
      const p1 = scenario.package1;
      const [a1, a2, a3] = alerts(p1, '1226') as [Alert, Alert, Alert];
      const status = (cmdRef: string, code: string, cmdID: string) => ({
        kind: 'Status' as const,
        cmdID,
        msgRef: '1',
        cmdRef,
        cmd: 'Alert',
        targetRefs: [],
        sourceRefs: [],
        data: code,
        items: [],
      });
      const step = scenario.driver.feed(
        message(serverHeader(p1, 1), [
          headerStatusFor(p1, '212'),
          status(a1.cmdID, '200', '2'),
          status(a2.cmdID, '202', '3'),
          status(a3.cmdID, '500', '4'),
        ]),
      );
      assert.equal(step.kind, 'done');
      assert.deepEqual([...(step.kind === 'done' ? step.summary.acknowledgedAlerts : [])].sort(), [
        'queue-1',
        'queue-2',
      ]);
    });

    test('md5: Cred of type syncml:auth-md5 with the stored CLCRED nonce, user name in LocName', () => {
      const nonce = Uint8Array.from([1, 2, 3, 4]);
      const { package1 } = begin(encoding, { auth: 'md5' }, { clientNonce: nonce });
      assert.equal(package1.header.source.locName, CLIENT_NAME);
      assert.equal(package1.header.cred?.meta?.type, 'syncml:auth-md5');
      assert.equal(package1.header.cred?.meta?.format, 'b64');
      assert.equal(package1.header.cred?.data, md5Digest(CLIENT_NAME, CLIENT_SECRET, nonce));
    });

    test('basic: Cred of type syncml:auth-basic = B64(name:password)', () => {
      const { package1 } = begin(encoding, { auth: 'basic' });
      assert.equal(package1.header.cred?.meta?.type, 'syncml:auth-basic');
      assert.equal(package1.header.cred?.data, basicCredential(CLIENT_NAME, CLIENT_SECRET));
      assert.equal(package1.header.source.locName, undefined);
    });

    test('the default auth mode follows CLCRED AAuthType', () => {
      const tree = testTree({ clientAuth: 'BASIC' });
      const { auth: _auth, ...options } = sessionOptions(tree, { encoding });
      const driver = new Lockstep(createClientSession(options), encoding);
      assert.equal(driver.start().header.cred?.meta?.type, 'syncml:auth-basic');
    });

    test('hmac: no Cred; x-syncml-hmac over the exact body with the stored nonce', () => {
      const nonce = Uint8Array.from([9, 9, 9]);
      const { driver, package1 } = begin(
        encoding,
        { auth: 'hmac' },
        { clientAuth: 'HMAC', clientNonce: nonce },
      );
      assert.equal(package1.header.cred, undefined);
      assert.equal(package1.header.source.locName, CLIENT_NAME);
      const step = driver.lastSent.step;
      const header = parseHmacHeader(step.headers['x-syncml-hmac'] ?? '');
      assert.equal(header.username, CLIENT_NAME);
      assert.equal(header.mac, computeHmacMac(CLIENT_NAME, CLIENT_SECRET, nonce, step.body));
    });

    test('a package #2 with only Status and Final ends the session', () => {
      const scenario = begin(encoding);
      const step = scenario.driver.feed(serverReply(scenario, []));
      assert.equal(step.kind, 'done');
      assert.equal(scenario.driver.session.state, 'done');
      if (step.kind === 'done') {
        assert.equal(step.summary.ending, 'completed');
        assert.equal(step.summary.messagesSent, 1);
        assert.equal(step.summary.messagesReceived, 1);
        assert.equal(step.summary.treeChanged, false);
        assert.equal(step.summary.commandsReceived.Status, 3);
      }
    });

    test('package #3 starts with the Status for the SyncHdr and continues the MsgID count', () => {
      const scenario = begin(encoding);
      const p3 = exchange(scenario, [
        { kind: 'Get', cmdID: '10', items: [{ target: { locURI: './App/Name' } }] },
      ]);
      assert.equal(p3.header.msgID, '2');
      assert.equal(p3.header.sessionID, '1A');
      const first = p3.body[0];
      assert.equal(first?.kind, 'Status');
      if (first?.kind === 'Status') {
        assert.equal(first.cmdRef, '0');
        assert.equal(first.cmd, 'SyncHdr');
        assert.equal(first.msgRef, '1');
        assert.deepEqual(first.targetRefs, [DEV_ID]);
        assert.deepEqual(first.sourceRefs, [SERVER_URI]);
        assert.equal(first.data, '200');
        assert.equal(first.cmdID, '1');
      }
      assert.equal(p3.final, true);
    });
  });
}
