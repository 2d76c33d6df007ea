import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createDeviceTree, DMACC_URI, findAccount, putAccount } from '../../tree/index.ts';
import type { AuthType, DmAccount, DmTree } from '../../tree/index.ts';
import { agentError } from '../errors.ts';
import type { AgentLogger } from '../logger.ts';
import type { AgentAuthMode, ResolvedAgentOptions } from '../options/types.ts';
import { FileTreeStore, InMemoryTreeStore } from '../tree-store/index.ts';
import type { TreeStore } from '../tree-store/index.ts';

/** The tree file inside the state directory. */
export const TREE_FILE = 'tree.json';

/**
 * DMAcc AAuthType for each auth mode (reference §3.1). 'none' is TRANSPORT: the peer is authenticated
 * by the transport (TLS) if at all, and no SyncML Cred is sent or required.
 */
const AUTH_TYPE_OF: Record<AgentAuthMode, AuthType> = {
  none: 'TRANSPORT',
  basic: 'BASIC',
  md5: 'DIGEST',
  hmac: 'HMAC',
};

/** The device's management tree and where it is kept. */
export interface TreeState {
  readonly tree: DmTree;
  /** The tree file, or undefined when the tree lives in memory only. */
  readonly file: string | undefined;
  /** True when this start created the tree (no saved tree was found). */
  readonly created: boolean;
  /** Durably saves the tree when it changed since the last save; says whether it saved. */
  saveIfChanged(): Promise<boolean>;
}

/**
 * Loads the last committed tree from the state directory, or on first start creates it from the
 * options (DevInfo, DevDetail, one DMAcc account; reference §7.5–7.7) and saves it at once. Saves are
 * atomic (src/agent/tree-store), so a crash at any point leaves the last committed tree.
 */
export async function openTreeState(options: ResolvedAgentOptions): Promise<TreeState> {
  const tree = buildTree(options);
  let store: TreeStore;
  let file: string | undefined;
  if (options.stateDir === undefined) {
    store = new InMemoryTreeStore();
  } else {
    try {
      await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw agentError(
        'SCOMO_AGENT_STATE',
        `Cannot create the state directory ${options.stateDir}: ${String(err)}.`,
        err,
      );
    }
    file = join(options.stateDir, TREE_FILE);
    store = new FileTreeStore(file, {
      onRecover: (problem) =>
        options.logger.warn({ file, problem: problem.message }, 'tree file damaged; using the backup'),
    });
  }
  const saved = await store.load();
  // NaN never equals a revision: a created tree is saved at once.
  let savedRevision = Number.NaN;
  if (saved !== undefined) {
    try {
      tree.restore(saved);
    } catch (err) {
      throw agentError(
        'SCOMO_AGENT_STATE',
        `The saved tree in ${file ?? 'memory'} cannot be restored: ${String(err)}.`,
        err,
      );
    }
    savedRevision = tree.revision;
    reconcile(tree, options, options.logger);
  }
  const state: TreeState = {
    tree,
    file,
    created: saved === undefined,
    async saveIfChanged(): Promise<boolean> {
      const revision = tree.revision;
      if (revision === savedRevision) return false;
      await store.save(tree.snapshot());
      savedRevision = revision;
      return true;
    },
  };
  await state.saveIfChanged();
  return state;
}

/** The DMAcc account the options describe (reference §7.7, §3.1). */
export function accountFromOptions(options: ResolvedAgentOptions): DmAccount {
  const clientType = AUTH_TYPE_OF[options.auth];
  // Without a server password the server cannot prove itself at the SyncML level: rely on TLS.
  const serverType: AuthType =
    options.serverPassword === ''
      ? 'TRANSPORT'
      : AUTH_TYPE_OF[options.auth === 'none' ? 'md5' : options.auth];
  return {
    serverId: options.serverId,
    name: options.serverId,
    addr: options.server,
    authPref: clientType,
    // AAuthData starts empty: the peer's first Chal brings the first nonce (reference §3.3).
    clientCred: {
      level: 'CLCRED',
      type: clientType,
      name: options.username,
      secret: options.password,
      nonce: new Uint8Array(0),
    },
    serverCred: {
      level: 'SRVCRED',
      type: serverType,
      name: options.serverId,
      secret: options.serverPassword,
      nonce: new Uint8Array(0),
    },
  };
}

function buildTree(options: ResolvedAgentOptions): DmTree {
  const { device } = options;
  try {
    return createDeviceTree({
      devInfo: {
        devId: options.deviceId,
        man: device.manufacturer,
        mod: device.model,
        dmV: device.dmVersion,
        lang: device.language,
      },
      devDetail: {
        devTyp: device.deviceType,
        oem: device.oem,
        fwV: device.firmwareVersion,
        swV: device.softwareVersion,
        hwV: device.hardwareVersion,
        lrgObj: true,
      },
      accounts: [accountFromOptions(options)],
      clock: { now: options.clock },
    });
  } catch (err) {
    throw agentError(
      'SCOMO_AGENT_BAD_OPTION',
      `The options do not make a valid device tree: ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
}

/**
 * Reconciles a saved tree with the options. The configured server URL is authoritative for the
 * account's AppAddr Addr (the operator says where the server is now); credentials and nonces stay as
 * saved, since the server may have rotated them through the tree. An account for a ServerID the saved
 * tree does not know is added from the options.
 */
function reconcile(tree: DmTree, options: ResolvedAgentOptions, logger: AgentLogger): void {
  const devId = tree.local.read('./DevInfo/DevId');
  if (typeof devId === 'string' && devId !== options.deviceId) {
    logger.warn(
      { saved: devId, option: options.deviceId },
      'the state directory belongs to another device id; the saved tree is used',
    );
  }
  const account = findAccount(tree.local, options.serverId);
  if (account === undefined) {
    putAccount(tree.local, accountFromOptions(options));
    logger.info({ serverId: options.serverId }, 'added a DMAcc account for the configured server');
    return;
  }
  if (account.addr !== options.server) {
    const addrNode = tree.local.children(`${DMACC_URI}/${account.nodeName ?? ''}/AppAddr`)?.[0];
    const status =
      addrNode === undefined
        ? 404
        : tree.local.set(`${DMACC_URI}/${account.nodeName ?? ''}/AppAddr/${addrNode}/Addr`, {
            format: 'chr',
            data: options.server,
          });
    if (status === 200) {
      logger.info({ saved: account.addr, option: options.server }, 'server address updated from the options');
    } else {
      logger.warn(
        { saved: account.addr, option: options.server, status },
        'cannot update the saved server address',
      );
    }
  }
}
