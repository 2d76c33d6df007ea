/**
 * A hostile or broken server against `scomo agent --once`: garbage, an HTML 500 page, unknown
 * commands, 10 MB of Data against a small MaxObjSize, a server that stops answering. The agent must
 * answer with the right status or end the session cleanly (exit 1, one summary line), never crash,
 * and leave a state directory that loads and holds the last committed tree.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileTreeStore, TREE_FILE } from '../../src/agent/index.ts';
import type { Command } from '../../src/syncml/index.ts';
import { createDeviceTree } from '../../src/tree/index.ts';
import {
  agentStatusFor,
  messageOf,
  reply,
  runAgent,
  sessionLines,
  startScriptedDmServer,
} from '../support/scripted-dm-server.ts';
import type { ScriptStep, ScriptedAnswer } from '../support/scripted-dm-server.ts';

function stateDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'scomo-agent-bad-'));
}

function args(url: string, state: string, extra: string[] = []): string[] {
  return [
    '--server',
    `${url}/dm`,
    '--device-id',
    'IMEI:1',
    '--state',
    state,
    '--server-id',
    'scripted',
    '--once',
    '--timeout',
    '1',
    '--connect-timeout',
    '1',
    '--retries',
    '1',
    '--retry-delay',
    '10',
    ...extra,
  ];
}

/** Loads the saved tree as a restarted agent would; fails the test if it does not load. */
async function savedTree(state: string) {
  assert.deepEqual(
    readdirSync(state).filter((name) => name.endsWith('.tmp')),
    [],
    'no half-written file is left in the state directory',
  );
  const snapshot = await new FileTreeStore(path.join(state, TREE_FILE)).load();
  assert.ok(snapshot, 'the state directory holds a tree');
  const tree = createDeviceTree({
    devInfo: { devId: 'x', man: 'x', mod: 'x', dmV: 'x', lang: 'x' },
    devDetail: { devTyp: 'x', oem: 'x', fwV: 'x', swV: 'x', hwV: 'x' },
  });
  tree.restore(snapshot);
  return tree;
}

const addVendor: Command = {
  kind: 'Add',
  cmdID: '',
  items: [{ target: { locURI: './Vendor' }, meta: { format: 'node' } }],
};

/** Package #2 accepting the device and carrying `commands`. */
function accept(commands: Command[] = []): ScriptStep {
  return {
    name: 'package #1 → 212',
    respond: (request, ctx) => ({
      kind: 'message',
      message: reply(request, ctx, { headerStatus: '200', commands }),
    }),
  };
}

function answer(name: string, build: () => ScriptedAnswer): ScriptStep {
  return { name, respond: () => build() };
}

/** Runs the agent against `script` and checks it ended cleanly with exit 1 and one failed session line. */
async function expectCleanFailure(script: ScriptStep[], extra: string[] = []) {
  const state = stateDir();
  const server = await startScriptedDmServer(script);
  try {
    const run = await runAgent(args(server.url, state, extra));
    assert.equal(run.signal, null, 'not killed');
    assert.equal(run.code, 1);
    assert.deepEqual(run.otherStderr, [], 'nothing but log lines on stderr (no crash, no stack)');
    const lines = sessionLines(run.logs);
    assert.equal(lines.length, 1, 'exactly one session summary line');
    assert.equal(lines[0]?.['outcome'], 'failed');
    assert.deepEqual(
      server.failures.map((f) => f.message),
      [],
    );
    return { state, run, server, error: lines[0]?.['error'] as { code: string; message: string } };
  } finally {
    await server.close();
  }
}

describe('scomo agent --once against bad server input', () => {
  test('a garbage body ends the session cleanly', async () => {
    const garbage = new Uint8Array(512).map((_, i) => (i * 131 + 7) & 0xff);
    const { error, state } = await expectCleanFailure([
      answer('garbage', () => ({
        kind: 'raw',
        status: 200,
        contentType: 'application/vnd.syncml.dm+wbxml',
        body: garbage,
      })),
    ]);
    assert.equal(error.code, 'SCOMO_SESSION_BAD_MESSAGE');
    await savedTree(state);
  });

  test('an HTML 500 page is retried within the bound, then the session ends cleanly', async () => {
    const html: ScriptStep = answer('HTML 500', () => ({
      kind: 'raw',
      status: 500,
      contentType: 'text/html',
      body: '<html><body><h1>500 Internal Server Error</h1></body></html>',
    }));
    const { error, server, state } = await expectCleanFailure([html, html]);
    assert.equal(error.code, 'SCOMO_AGENT_HTTP_STATUS');
    assert.equal(server.requests.length, 2, 'first attempt + one retry');
    await savedTree(state);
  });

  test('an HTML page with HTTP 200 is not a SyncML message: the session ends cleanly', async () => {
    const { error } = await expectCleanFailure([
      answer('HTML 200', () => ({
        kind: 'raw',
        status: 200,
        contentType: 'text/html',
        body: '<html>hello</html>',
      })),
    ]);
    assert.equal(error.code, 'SCOMO_SESSION_BAD_MESSAGE');
  });

  test('unknown commands: the agent answers or ends cleanly, and the tree still loads', async () => {
    const state = stateDir();
    let sessionId = '';
    const server = await startScriptedDmServer([
      {
        name: 'package #2 with unknown commands',
        respond: (request) => {
          const header = messageOf(request).header;
          sessionId = header.sessionID;
          const xml =
            `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>` +
            `<SessionID>${sessionId}</SessionID><MsgID>1</MsgID><Target><LocURI>IMEI:1</LocURI></Target>` +
            `<Source><LocURI>${header.target.locURI}</LocURI></Source></SyncHdr><SyncBody>` +
            `<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>` +
            `<Put><CmdID>2</CmdID><Item><Target><LocURI>./X</LocURI></Target><Data>1</Data></Item></Put>` +
            `<Sync><CmdID>3</CmdID></Sync>` +
            `<Frobnicate><CmdID>4</CmdID></Frobnicate>` +
            `<Get><CmdID>5</CmdID><Item><Target><LocURI>./DevInfo/DevId</LocURI></Target></Item></Get>` +
            `<Final/></SyncBody></SyncML>`;
          return { kind: 'raw', status: 200, contentType: 'application/vnd.syncml.dm+xml', body: xml };
        },
      },
      {
        name: 'the agent answers the Get; the unknown commands get 406/501 or nothing',
        respond: (request, ctx) => {
          const message = messageOf(request);
          assert.equal(agentStatusFor(message, '5'), '200', 'the known command still runs');
          for (const cmdRef of ['2', '3', '4']) {
            // src/syncml drops non-DM elements on input (with a warning), so there may be no Status.
            const code = agentStatusFor(message, cmdRef);
            assert.ok(code === '406' || code === '501' || code === undefined, `CmdRef ${cmdRef}: ${code}`);
          }
          return { kind: 'message', message: reply(request, ctx, { headerStatus: '200' }) };
        },
      },
    ]);
    try {
      const run = await runAgent(args(server.url, state));
      assert.equal(run.signal, null);
      assert.deepEqual(run.otherStderr, []);
      assert.deepEqual(
        server.failures.map((f) => f.message),
        [],
      );
      assert.equal(server.requests.length, 2);
      assert.equal(run.code, 0);
      assert.equal(sessionLines(run.logs)[0]?.['outcome'], 'completed');
    } finally {
      await server.close();
    }
    await savedTree(state);
  });

  test('10 MB of Data against a small MaxObjSize: 413, nothing stored, no crash', async () => {
    const state = stateDir();
    const big = 'A'.repeat(10 * 1024 * 1024);
    const server = await startScriptedDmServer([
      accept([
        addVendor,
        {
          kind: 'Add',
          cmdID: '',
          items: [
            { target: { locURI: './Vendor/Big' }, meta: { format: 'chr', size: big.length }, data: big },
          ],
        },
      ]),
      {
        name: 'statuses: Add ./Vendor 200, the big Add 413',
        respond: (request, ctx) => {
          const message = messageOf(request);
          // Server CmdIDs: 1 SyncHdr status, 2–3 statuses for Alert and Replace, 4 Add node, 5 big Add.
          assert.equal(agentStatusFor(message, '4'), '200');
          assert.equal(agentStatusFor(message, '5'), '413');
          return { kind: 'message', message: reply(request, ctx, { headerStatus: '200' }) };
        },
      },
    ]);
    try {
      const run = await runAgent(args(server.url, state, ['--max-obj-size', '1024', '--timeout', '10']));
      assert.deepEqual(
        server.failures.map((f) => f.message),
        [],
      );
      assert.deepEqual(run.otherStderr, []);
      assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)));
    } finally {
      await server.close();
    }
    const tree = await savedTree(state);
    assert.equal(tree.local.exists('./Vendor'), true);
    assert.equal(tree.local.exists('./Vendor/Big'), false);
  });

  test('a server that stops answering: timeout, clean end, the last committed tree is kept', async () => {
    const { error, state } = await expectCleanFailure([
      accept([addVendor]),
      answer('silence', () => ({ kind: 'hang' })),
      answer('silence again', () => ({ kind: 'hang' })),
    ]);
    assert.equal(error.code, 'SCOMO_AGENT_TIMEOUT');
    const tree = await savedTree(state);
    assert.equal(
      tree.local.exists('./Vendor'),
      true,
      "the executed Add was committed before the server's silence",
    );
  });

  test('a server that drops the connection: bounded retries, clean end', async () => {
    const drop = answer('drop', () => ({ kind: 'drop' }));
    const { error, server } = await expectCleanFailure([drop, drop]);
    assert.equal(error.code, 'SCOMO_AGENT_UNREACHABLE');
    assert.equal(server.requests.length, 2);
  });
});
