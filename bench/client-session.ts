/**
 * Client session engine benchmark (issue: device side, client session engine). Each session: package #1
 * from the engine; a scripted package #2 of 20 commands (Get / Replace / Add / Exec) that the engine
 * executes against a device tree and answers with package #3; then the server's closing package #4
 * (Status + Final) that ends it. Server messages are encoded once up front, so the figure is the
 * engine's own work (decode, execute, encode). Prints exactly one line:
 *   client-session <N> sessions/s
 * Run: `node bench/client-session.ts`. SCOMO_BENCH_SECONDS sets the duration, SCOMO_BENCH_ENCODING
 * xml or wbxml (default wbxml).
 */
import { randomBytes } from 'node:crypto';
import { createClientSession } from '../src/session/index.ts';
import { encodeMessage, contentTypeFor } from '../src/syncml/index.ts';
import type { Command, MessageEncoding, Status, SyncHdr, SyncMLMessage } from '../src/syncml/index.ts';
import { createDeviceTree } from '../src/tree/index.ts';
import type { DmTree } from '../src/tree/index.ts';

const seconds = Number(process.env['SCOMO_BENCH_SECONDS'] ?? '3');
const encoding: MessageEncoding = process.env['SCOMO_BENCH_ENCODING'] === 'xml' ? 'xml' : 'wbxml';
const SERVER_ID = 'bench-server';
const SERVER_URI = 'https://dm.example.com/dm';
const DEV_ID = 'IMEI:490154203237518';
const SESSION_ID = '1F';

function deviceTree(): DmTree {
  const tree = createDeviceTree({
    devInfo: { devId: DEV_ID, man: 'Bench', mod: 'B-1', dmV: '1.2', lang: 'en-US' },
    devDetail: { devTyp: 'phone', oem: 'Bench', fwV: '1', swV: '1', hwV: '1' },
    accounts: [
      {
        serverId: SERVER_ID,
        addr: SERVER_URI,
        clientCred: { level: 'CLCRED', type: 'BASIC', name: 'dev', secret: 'pw', nonce: new Uint8Array(0) },
        serverCred: {
          level: 'SRVCRED',
          type: 'HTTP-BASIC',
          name: 'srv',
          secret: 'pw',
          nonce: new Uint8Array(0),
        },
      },
    ],
  });
  tree.local.add('./App', { format: 'node', acl: 'Add=*&Delete=*&Exec=*&Get=*&Replace=*' });
  for (let i = 0; i < 5; i++) tree.local.add(`./App/Leaf${i}`, { format: 'chr', data: `value ${i}` });
  tree.local.add('./App/Ops', { format: 'node' });
  tree.mount('./App/Ops', { exec: (req) => ({ status: req.relative[0] === 'Install' ? 202 : 200 }) });
  return tree;
}

function header(msgID: string): SyncHdr {
  return {
    verDTD: '1.2',
    verProto: 'DM/1.2',
    sessionID: SESSION_ID,
    msgID,
    target: { locURI: DEV_ID },
    source: { locURI: SERVER_URI },
    meta: { maxMsgSize: 65536, maxObjSize: 1 << 20 },
  };
}

function status(cmdID: number, msgRef: string, cmdRef: string, cmd: string, code: string): Status {
  return {
    kind: 'Status',
    cmdID: String(cmdID),
    msgRef,
    cmdRef,
    cmd,
    targetRefs: [],
    sourceRefs: [],
    data: code,
    items: [],
  };
}

/** Package #2: Statuses for package #1 (SyncHdr, Alert 1201, DevInfo Replace) and 20 commands. */
function package2(): SyncMLMessage {
  const body: Command[] = [
    status(1, '1', '0', 'SyncHdr', '212'),
    status(2, '1', '1', 'Alert', '200'),
    status(3, '1', '2', 'Replace', '200'),
  ];
  let id = 4;
  for (let i = 0; i < 5; i++) {
    body.push({ kind: 'Get', cmdID: String(id++), items: [{ target: { locURI: `./App/Leaf${i}` } }] });
    body.push({
      kind: 'Replace',
      cmdID: String(id++),
      items: [{ target: { locURI: `./App/Leaf${i}` }, data: `new ${i}` }],
    });
    body.push({
      kind: 'Add',
      cmdID: String(id++),
      items: [{ target: { locURI: `./App/New${i}` }, meta: { format: 'chr' }, data: `added ${i}` }],
    });
    body.push({
      kind: 'Exec',
      cmdID: String(id++),
      correlator: `c${i}`,
      items: [{ target: { locURI: i % 2 === 0 ? './App/Ops/Install' : './App/Ops/Ping' } }],
    });
  }
  return { header: header('1'), body, final: true };
}

/** Package #4: Status for package #3's SyncHdr and Final: the session ends. */
function package4(): SyncMLMessage {
  return { header: header('2'), body: [status(1, '2', '0', 'SyncHdr', '200')], final: true };
}

const contentType = contentTypeFor(encoding);
const pkg2 = encodeMessage(package2(), encoding);
const pkg4 = encodeMessage(package4(), encoding);
const tree = deviceTree();
const clock = (): number => 1_700_000_000_000;

function runSession(): void {
  const session = createClientSession({
    tree,
    serverId: SERVER_ID,
    sessionId: SESSION_ID,
    initiator: 'server',
    encoding,
    auth: 'none',
    maxMsgSize: 16384,
    maxObjSize: 1 << 20,
    clock,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
  });
  const p1 = session.start();
  if (p1.kind !== 'send') throw new Error(`package #1 not sent: ${p1.kind}`);
  const p3 = session.receive({ body: pkg2, contentType, headers: {} });
  if (p3.kind !== 'send')
    throw new Error(`package #3 not sent: ${p3.kind === 'failed' ? p3.error.message : p3.kind}`);
  const end = session.receive({ body: pkg4, contentType, headers: {} });
  if (end.kind !== 'done') throw new Error(`session did not end: ${end.kind}`);
  // Put the tree back for the next session (the Adds would answer 418 otherwise).
  for (let i = 0; i < 5; i++) tree.local.delete(`./App/New${i}`);
}

for (let i = 0; i < 200; i++) runSession();
const budget = seconds * 1e9;
const start = process.hrtime.bigint();
let done = 0;
let elapsed = 0;
while (elapsed < budget) {
  for (let i = 0; i < 20; i++) runSession();
  done += 20;
  elapsed = Number(process.hrtime.bigint() - start);
}
process.stdout.write(`client-session ${Math.round(done / (elapsed / 1e9))} sessions/s\n`);
