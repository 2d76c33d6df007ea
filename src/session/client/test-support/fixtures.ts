/**
 * Test fixtures (used by *.test.ts only): a device tree with DevInfo, DevDetail, one DM account and
 * a small managed subtree with an MO plugin whose Exec answers 200 or 202, plus deterministic clock
 * and random sources.
 */
import { createDeviceTree } from '../../../tree/index.ts';
import type { AuthType, DmAccount, DmTree, MoPlugin } from '../../../tree/index.ts';
import { nonInteractiveUi } from '../ui/non-interactive.ts';
import type { ClientSessionOptions } from '../types.ts';

export const SERVER_ID = 'scomo-test-server';
export const SERVER_URI = 'https://dm.example.com/dm';
export const DEV_ID = 'IMEI:493005100592800';
export const CLIENT_NAME = 'Bruce2';
export const CLIENT_SECRET = 'OhBehave';
export const SERVER_NAME = 'dmserver';
export const SERVER_SECRET = 'ServerSecret';

/** ACL of ./App: every server may do everything (the tests are about the protocol, not ACLs). */
const OPEN_ACL = 'Add=*&Delete=*&Exec=*&Get=*&Replace=*';

export interface TreeSetup {
  readonly clientAuth?: AuthType;
  readonly serverAuth?: AuthType;
  readonly clientNonce?: Uint8Array;
  readonly serverNonce?: Uint8Array;
}

/** Exec on ./App/Ops/<x>: Install → 202 (asynchronous), Ping → 200, anything else → 404. */
export const opsPlugin: MoPlugin = {
  exec: (req) => {
    const name = req.relative[0];
    if (name === 'Install') return { status: 202 };
    if (name === 'Ping') return { status: 200 };
    return { status: 404 };
  },
};

export function account(setup: TreeSetup = {}): DmAccount {
  return {
    serverId: SERVER_ID,
    addr: SERVER_URI,
    clientCred: {
      level: 'CLCRED',
      type: setup.clientAuth ?? 'DIGEST',
      name: CLIENT_NAME,
      secret: CLIENT_SECRET,
      nonce: setup.clientNonce ?? new Uint8Array(0),
    },
    serverCred: {
      level: 'SRVCRED',
      type: setup.serverAuth ?? 'HTTP-BASIC',
      name: SERVER_NAME,
      secret: SERVER_SECRET,
      nonce: setup.serverNonce ?? new Uint8Array(0),
    },
  };
}

export function testTree(setup: TreeSetup = {}): DmTree {
  const tree = createDeviceTree({
    devInfo: { devId: DEV_ID, man: 'Example Corp', mod: 'Model-1', dmV: '1.2', lang: 'en-US' },
    devDetail: { devTyp: 'phone', oem: 'Example OEM', fwV: '1.0', swV: '2.0', hwV: '3.0', lrgObj: true },
    accounts: [account(setup)],
    clock: { now: () => 1_700_000_000_000 },
  });
  const local = tree.local;
  local.add('./App', { format: 'node', acl: OPEN_ACL });
  local.add('./App/Name', { format: 'chr', data: 'scomo' });
  local.add('./App/Count', { format: 'int', data: '7' });
  local.add('./App/Big', { format: 'chr', data: '' });
  local.add('./App/Ops', { format: 'node' });
  tree.mount('./App/Ops', opsPlugin);
  return tree;
}

/** A counter-based byte source: deterministic, and each call differs. */
export function counterBytes(): (n: number) => Uint8Array {
  let next = 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (next + i) & 0xff;
    next += 7;
    return out;
  };
}

export function sessionOptions(
  tree: DmTree,
  overrides: Partial<ClientSessionOptions> = {},
): ClientSessionOptions {
  return {
    tree,
    serverId: SERVER_ID,
    sessionId: '1A',
    initiator: 'client',
    encoding: 'xml',
    auth: 'none',
    maxMsgSize: 16384,
    maxObjSize: 1 << 20,
    genericAlerts: [],
    ui: nonInteractiveUi(),
    clock: () => 1_700_000_000_000,
    randomBytes: counterBytes(),
    ...overrides,
  };
}
