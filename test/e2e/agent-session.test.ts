/**
 * `scomo agent --once` end to end against the scripted DM server, over real HTTP on 127.0.0.1, in XML
 * and WBXML: package #1, MD5 authentication after a 407 challenge, Get / Add / Replace with their
 * statuses and Results, RespURI, the saved tree and nonce, and the exit codes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileTreeStore, TREE_FILE } from '../../src/agent/index.ts';
import { md5Digest, nonceFromB64 } from '../../src/security/index.ts';
import type { Command, SyncMLMessage } from '../../src/syncml/index.ts';
import { createDeviceTree, findAccount } from '../../src/tree/index.ts';
import {
  agentStatusFor,
  commandsOf,
  messageOf,
  reply,
  runAgent,
  sessionLines,
  startScriptedDmServer,
} from '../support/scripted-dm-server.ts';
import type { Encoding, RecordedRequest, ScriptStep } from '../support/scripted-dm-server.ts';

const DEVICE_ID = 'IMEI:490154203237518';
const USER = 'dev490154';
const PASSWORD = 'OhBehave';
const NONCE_1 = 'Tm9uY2UtT25l'; // b64("Nonce-One")
const NONCE_2 = 'Tm9uY2UtVHdv'; // b64("Nonce-Two")

function stateDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'scomo-agent-e2e-'));
}

function agentArgs(url: string, state: string, encoding: Encoding, extra: string[] = []): string[] {
  return [
    '--server',
    `${url}/dm`,
    '--device-id',
    DEVICE_ID,
    '--state',
    state,
    '--username',
    USER,
    '--password',
    PASSWORD,
    '--server-id',
    'scripted',
    '--auth',
    'md5',
    '--encoding',
    encoding,
    '--manufacturer',
    'Example Devices Ltd',
    '--model',
    'EX-2000',
    '--once',
    '--timeout',
    '5',
    '--retries',
    '1',
    '--retry-delay',
    '10',
    ...extra,
  ];
}

/** The MD5 Cred Data of the request's header, checked against `nonceB64`. */
function assertMd5Cred(message: SyncMLMessage, nonceB64: string): void {
  const cred = message.header.cred;
  assert.ok(cred, 'package #1 carries Cred');
  assert.equal(cred.meta?.type, 'syncml:auth-md5');
  assert.equal(cred.meta?.format, 'b64');
  assert.equal(message.header.source.locName, USER, 'LocName carries the user name (reference §3.2)');
  assert.equal(cred.data, md5Digest(USER, PASSWORD, nonceFromB64(nonceB64)));
}

function assertPackage1(message: SyncMLMessage, url: string): void {
  const { header } = message;
  assert.equal(header.verDTD, '1.2');
  assert.equal(header.verProto, 'DM/1.2');
  assert.equal(header.target.locURI, `${url}/dm`);
  assert.equal(header.source.locURI, DEVICE_ID);
  assert.match(header.sessionID, /^[0-9A-F]{1,4}$/);
  assert.ok((header.meta?.maxMsgSize ?? 0) > 0, 'MaxMsgSize announced');
  const alert = commandsOf(message, 'Alert')[0];
  assert.equal(alert?.data, '1201', 'client-initiated session');
  const replace = commandsOf(message, 'Replace')[0];
  assert.ok(replace, 'DevInfo Replace in package #1');
  const devInfo = Object.fromEntries(replace.items.map((item) => [item.source?.locURI, item.data]));
  assert.deepEqual(devInfo, {
    './DevInfo/DevId': DEVICE_ID,
    './DevInfo/Man': 'Example Devices Ltd',
    './DevInfo/Mod': 'EX-2000',
    './DevInfo/DmV': 'scomo 0.1.0',
    './DevInfo/Lang': 'en-US',
  });
  assert.equal(message.final, true);
}

const get: Command = { kind: 'Get', cmdID: '', items: [{ target: { locURI: './DevInfo/Man' } }] };
const addNode: Command = {
  kind: 'Add',
  cmdID: '',
  items: [{ target: { locURI: './Vendor' }, meta: { format: 'node' } }],
};
const addLeaf: Command = {
  kind: 'Add',
  cmdID: '',
  items: [
    { target: { locURI: './Vendor/Setting' }, meta: { format: 'chr', type: 'text/plain' }, data: 'one' },
  ],
};
const replaceLeaf: Command = {
  kind: 'Replace',
  cmdID: '',
  items: [
    { target: { locURI: './Vendor/Setting' }, meta: { format: 'chr', type: 'text/plain' }, data: 'two' },
  ],
};

async function loadTree(state: string) {
  const snapshot = await new FileTreeStore(path.join(state, TREE_FILE)).load();
  assert.ok(snapshot, 'the state directory holds a tree');
  const tree = createDeviceTree({
    devInfo: { devId: 'x', man: 'x', mod: 'x', dmV: 'x', lang: 'x' },
    devDetail: { devTyp: 'x', oem: 'x', fwV: 'x', swV: 'x', hwV: 'x' },
  });
  tree.restore(snapshot);
  return tree;
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`scomo agent --once (${encoding})`, () => {
    test('package #1, MD5 after a 407 challenge, Get/Add/Replace with statuses and Results, RespURI, exit 0', async () => {
      const state = stateDir();
      let sessionId = '';
      const contentType = `application/vnd.syncml.dm+${encoding}`;
      const script: ScriptStep[] = [
        {
          name: 'package #1 → 407 + Chal',
          respond: (request, ctx) => {
            assert.equal(request.contentType, contentType);
            assert.equal(request.path, '/dm');
            const message = messageOf(request);
            assertPackage1(message, ctx.url);
            sessionId = message.header.sessionID;
            return {
              kind: 'message',
              message: reply(request, ctx, {
                headerStatus: '407',
                chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: NONCE_1 } },
                statusFor: () => '407',
              }),
            };
          },
        },
        {
          name: 'package #1 with Cred → 212 + commands + RespURI',
          respond: (request, ctx) => {
            const message = messageOf(request);
            assert.equal(message.header.sessionID, sessionId, 'same SessionID');
            assert.equal(message.header.msgID, '2', 'next MsgID');
            assertPackage1(message, ctx.url);
            assertMd5Cred(message, NONCE_1);
            return {
              kind: 'message',
              message: reply(request, ctx, {
                headerStatus: '212',
                chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: NONCE_2 } },
                commands: [get, addNode, addLeaf, replaceLeaf],
                respURI: `${ctx.url}/dm?session=abc`,
              }),
            };
          },
        },
        {
          name: 'package #3 at the RespURI → end',
          respond: (request, ctx) => {
            assert.equal(request.path, '/dm?session=abc', 'the agent follows RespURI');
            const message = messageOf(request);
            assert.equal(message.header.sessionID, sessionId);
            assert.equal(agentStatusFor(message, '0'), '200', 'Status for the server SyncHdr');
            // Server CmdIDs: 1 = Status SyncHdr, 2–3 = statuses for Alert and Replace, then 4–7.
            assert.equal(agentStatusFor(message, '4'), '200', 'Get');
            assert.equal(agentStatusFor(message, '5'), '200', 'Add ./Vendor');
            assert.equal(agentStatusFor(message, '6'), '200', 'Add ./Vendor/Setting');
            assert.equal(agentStatusFor(message, '7'), '200', 'Replace ./Vendor/Setting');
            const results = commandsOf(message, 'Results')[0];
            assert.equal(results?.cmdRef, '4');
            assert.equal(results.items[0]?.source?.locURI, './DevInfo/Man');
            assert.equal(results.items[0]?.data, 'Example Devices Ltd');
            return { kind: 'message', message: reply(request, ctx, { headerStatus: '200' }) };
          },
        },
      ];
      const server = await startScriptedDmServer(script);
      try {
        const run = await runAgent(agentArgs(server.url, state, encoding));
        assert.deepEqual(
          server.failures.map((f) => f.message),
          [],
        );
        assert.equal(server.remaining(), 0, 'the whole script ran');
        assert.equal(run.code, 0, JSON.stringify(run.logs.slice(-3)) + run.otherStderr.join('\n'));
        const [line] = sessionLines(run.logs);
        assert.equal(line?.['outcome'], 'completed');
        assert.equal(line?.['sessionId'], sessionId);
        assert.equal(line?.['initiator'], 'client');
        assert.deepEqual(line?.['commands'], { Get: 1, Add: 2, Replace: 1 });
      } finally {
        await server.close();
      }

      const tree = await loadTree(state);
      assert.equal(tree.local.read('./Vendor/Setting'), 'two', 'the Replace is in the saved tree');
      const account = findAccount(tree.local, 'scripted');
      assert.deepEqual(
        [...(account?.clientCred.nonce ?? [])],
        [...nonceFromB64(NONCE_2)],
        "the server's NextNonce is saved for the next session",
      );

      // The next session starts with the saved nonce: 212 at once.
      const second = await startScriptedDmServer([
        {
          name: 'package #1 with the saved nonce → 212, nothing to do',
          respond: (request: RecordedRequest, ctx) => {
            assertMd5Cred(messageOf(request), NONCE_2);
            return { kind: 'message', message: reply(request, ctx, { headerStatus: '212' }) };
          },
        },
      ]);
      try {
        const run = await runAgent(agentArgs(second.url, state, encoding));
        assert.deepEqual(
          second.failures.map((f) => f.message),
          [],
        );
        assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)));
      } finally {
        await second.close();
      }
    });
  });
}

describe('scomo agent --once failures', () => {
  test('credentials rejected twice: exit 1, and the state directory still loads', async () => {
    const state = stateDir();
    const reject: ScriptStep = {
      name: 'reject',
      respond: (request, ctx) => ({
        kind: 'message',
        message: reply(request, ctx, {
          headerStatus: '401',
          chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: NONCE_1 } },
          statusFor: () => '401',
        }),
      }),
    };
    const server = await startScriptedDmServer([reject, reject]);
    try {
      const run = await runAgent(agentArgs(server.url, state, 'xml'));
      assert.equal(run.code, 1);
      assert.equal(sessionLines(run.logs)[0]?.['outcome'], 'failed');
      assert.ok(server.requests.length <= 2, 'no third attempt');
      assert.deepEqual(
        server.failures.map((f) => f.message),
        [],
      );
    } finally {
      await server.close();
    }
    await loadTree(state);
  });

  test('server unreachable: bounded retries, exit 1, quickly', async () => {
    const server = await startScriptedDmServer([]);
    const url = server.url;
    await server.close();
    const run = await runAgent(agentArgs(url, stateDir(), 'xml', ['--retries', '2']));
    assert.equal(run.code, 1);
    const line = sessionLines(run.logs)[0];
    assert.equal(line?.['outcome'], 'failed');
    assert.equal((line?.['error'] as { code?: string } | undefined)?.code, 'SCOMO_AGENT_UNREACHABLE');
    assert.equal(run.logs.filter((l) => l.msg === 'message not delivered; retrying').length, 2);
  });
});
