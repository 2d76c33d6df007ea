/**
 * ./DMAcc in its DM 1.2 form (reference §7.7, §3.1): one `<x>` per DM server, laid out and read back
 * through the privileged API. The ServerID owning `<x>` gets Get, Replace and Delete on it; the
 * secrets AAuthSecret and AAuthData have an AccessType without Get, so a server's Get is 405
 * "command not allowed" (not 425: no server may read them, whatever the ACL says) while the agent
 * reads them here.
 *
 * ./DMAcc itself is `Get=*` and Get-only for servers: a server that could Add accounts could create
 * one carrying another server's ServerID with credentials it knows, and take over that server's
 * rights. Accounts come from bootstrap / configuration through these functions.
 */
import { ScomoError } from '../../errors/index.ts';
import { isValidAclServerId, makeAcl } from '../acl.ts';
import { base64Decode, utf8Decode, utf8Encode } from '../bytes.ts';
import type { LocalTree } from '../local.ts';
import type { TreeStatus } from '../status.ts';
import { isValidNodeName } from '../uri.ts';
import { place, readOnlyInterior } from './layout.ts';
import { ADDR_TYPES, AUTH_TYPES, DM_APP_ID, MO_IDS } from './types.ts';
import type { AddrType, AuthType, DmAccount, DmCredential } from './types.ts';

export const DMACC_URI = './DMAcc';

type Level = 'CLCRED' | 'SRVCRED';

/** AppAuth/<x> node names scomo uses for the two credentials it writes. */
const APP_AUTH_NAMES: Record<Level, string> = { CLCRED: 'ClientSide', SRVCRED: 'ServerSide' };

function invalid(message: string): ScomoError {
  return new ScomoError('SCOMO_TREE_ACCOUNT_INVALID', message);
}

function validate(account: DmAccount): void {
  if (account.serverId === '*' || !isValidAclServerId(account.serverId)) {
    throw invalid(
      `ServerID "${account.serverId}" cannot appear in an ACL: use printable text without = & * + or spaces`,
    );
  }
  if (account.addr === '') throw invalid(`Account ${account.serverId}: addr (the server URL) is empty`);
  if (
    account.port !== undefined &&
    !(Number.isInteger(account.port) && account.port > 0 && account.port < 65536)
  ) {
    throw invalid(`Account ${account.serverId}: port ${account.port} is not a 16-bit port number`);
  }
  if (account.nodeName !== undefined && !isValidNodeName(account.nodeName)) {
    throw invalid(`Account ${account.serverId}: nodeName "${account.nodeName}" is not a valid node name`);
  }
}

function readText(local: LocalTree, uri: string): string | undefined {
  const v = local.read(uri);
  return v === undefined || typeof v === 'string' ? v : utf8Decode(v);
}

/** AAuthData as bytes, whatever Format a server stored it in (bin, b64 or text). */
function readBytes(local: LocalTree, uri: string): Uint8Array | undefined {
  const got = local.get(uri);
  if (got.status !== 200 || got.result.kind !== 'value') return undefined;
  const { format, data } = got.result;
  if (typeof data !== 'string') return data;
  return format === 'b64' ? (base64Decode(data) ?? new Uint8Array(0)) : utf8Encode(data);
}

/** The `./DMAcc/<x>` URI of the account with `serverId`, if any. */
export function accountUri(local: LocalTree, serverId: string): string | undefined {
  for (const x of local.children(DMACC_URI) ?? []) {
    if (readText(local, `${DMACC_URI}/${x}/ServerID`) === serverId) return `${DMACC_URI}/${x}`;
  }
  return undefined;
}

function appAuthUri(local: LocalTree, account: string, level: Level): string | undefined {
  for (const y of local.children(`${account}/AppAuth`) ?? []) {
    if (readText(local, `${account}/AppAuth/${y}/AAuthLevel`) === level) return `${account}/AppAuth/${y}`;
  }
  return undefined;
}

function isAuthType(v: string | undefined): v is AuthType {
  return v !== undefined && (AUTH_TYPES as readonly string[]).includes(v);
}

function isAddrType(v: string | undefined): v is AddrType {
  return v !== undefined && (ADDR_TYPES as readonly string[]).includes(v);
}

function readCredential<L extends Level>(
  local: LocalTree,
  account: string,
  level: L,
): DmCredential<L> | undefined {
  const base = appAuthUri(local, account, level);
  if (base === undefined) return undefined;
  const type = readText(local, `${base}/AAuthType`);
  if (!isAuthType(type)) return undefined;
  return {
    level,
    type,
    name: readText(local, `${base}/AAuthName`) ?? '',
    secret: readText(local, `${base}/AAuthSecret`) ?? '',
    nonce: readBytes(local, `${base}/AAuthData`) ?? new Uint8Array(0),
  };
}

/**
 * Reads the account at `./DMAcc/<x>`; undefined when it lacks a ServerID, an address or either of
 * the CLCRED / SRVCRED credentials (such an account cannot run a DM 1.2 session).
 */
export function readAccount(local: LocalTree, x: string): DmAccount | undefined {
  const base = `${DMACC_URI}/${x}`;
  const serverId = readText(local, `${base}/ServerID`);
  const addrNode = local.children(`${base}/AppAddr`)?.[0];
  if (serverId === undefined || addrNode === undefined) return undefined;
  const addrBase = `${base}/AppAddr/${addrNode}`;
  const addr = readText(local, `${addrBase}/Addr`);
  const clientCred = readCredential(local, base, 'CLCRED');
  const serverCred = readCredential(local, base, 'SRVCRED');
  if (addr === undefined || clientCred === undefined || serverCred === undefined) return undefined;
  const name = readText(local, `${base}/Name`);
  const addrType = readText(local, `${addrBase}/AddrType`);
  const portNode = local.children(`${addrBase}/Port`)?.[0];
  const port =
    portNode === undefined ? undefined : Number(readText(local, `${addrBase}/Port/${portNode}/PortNbr`));
  const authPref = readText(local, `${base}/AAuthPref`);
  return {
    serverId,
    addr,
    clientCred,
    serverCred,
    nodeName: x,
    ...(name === undefined ? {} : { name }),
    ...(isAddrType(addrType) ? { addrType } : {}),
    ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
    ...(isAuthType(authPref) ? { authPref } : {}),
  };
}

/** Every complete account, in tree order. */
export function listAccounts(local: LocalTree): DmAccount[] {
  const out: DmAccount[] = [];
  for (const x of local.children(DMACC_URI) ?? []) {
    const a = readAccount(local, x);
    if (a) out.push(a);
  }
  return out;
}

export function findAccount(local: LocalTree, serverId: string): DmAccount | undefined {
  const uri = accountUri(local, serverId);
  return uri === undefined ? undefined : readAccount(local, uri.slice(DMACC_URI.length + 1));
}

function defaultNodeName(local: LocalTree, serverId: string): string {
  const base = serverId.replace(/[^A-Za-z0-9._~-]/g, '_').replace(/^\.+$/, '_');
  let name = base;
  for (let i = 2; local.exists(`${DMACC_URI}/${name}`); i++) name = `${base}_${i}`;
  return name;
}

/** ./DMAcc itself: permanent, readable by all, no Add by servers (see the file comment). */
export function layoutDmAccRoot(local: LocalTree): void {
  place(local, DMACC_URI, { ...readOnlyInterior(), acl: 'Get=*' });
}

function writeAccount(local: LocalTree, base: string, account: DmAccount): TreeStatus {
  const sid = [account.serverId];
  const rw = { access: ['Get', 'Replace'] } as const;
  const secret = { access: ['Replace'] } as const;
  const steps: [string, Parameters<LocalTree['add']>[1]][] = [
    [base, { format: 'node', type: MO_IDS.dmAcc, acl: makeAcl({ Delete: sid, Get: sid, Replace: sid }) }],
    [`${base}/AppID`, { data: DM_APP_ID, access: ['Get'] }],
    [`${base}/ServerID`, { data: account.serverId, access: ['Get'] }],
  ];
  if (account.name !== undefined) steps.push([`${base}/Name`, { data: account.name, ...rw }]);
  steps.push(
    [`${base}/AppAddr`, { format: 'node' }],
    [`${base}/AppAddr/1`, { format: 'node' }],
    [`${base}/AppAddr/1/Addr`, { data: account.addr, ...rw }],
    [`${base}/AppAddr/1/AddrType`, { data: account.addrType ?? 'URI', ...rw }],
  );
  if (account.port !== undefined) {
    steps.push([`${base}/AppAddr/1/Port/1/PortNbr`, { data: String(account.port), ...rw }]);
  }
  if (account.authPref !== undefined) steps.push([`${base}/AAuthPref`, { data: account.authPref, ...rw }]);
  steps.push([`${base}/AppAuth`, { format: 'node' }]);
  for (const cred of [account.clientCred, account.serverCred]) {
    const at = `${base}/AppAuth/${APP_AUTH_NAMES[cred.level]}`;
    steps.push(
      [at, { format: 'node' }],
      [`${at}/AAuthLevel`, { data: cred.level, access: ['Get'] }],
      [`${at}/AAuthType`, { data: cred.type, ...rw }],
      [`${at}/AAuthName`, { data: cred.name, ...rw }],
      [`${at}/AAuthSecret`, { data: cred.secret, ...secret }],
      [`${at}/AAuthData`, { format: 'bin', data: cred.nonce, ...secret }],
    );
  }
  for (const [uri, spec] of steps) {
    const st = local.add(uri, spec);
    if (st !== 200) return st;
  }
  return 200;
}

/** Creates or overwrites the account of `account.serverId` (all or nothing). */
export function putAccount(local: LocalTree, account: DmAccount): void {
  validate(account);
  if (!local.exists(DMACC_URI)) layoutDmAccRoot(local);
  const existing = accountUri(local, account.serverId);
  const name =
    account.nodeName ?? existing?.slice(DMACC_URI.length + 1) ?? defaultNodeName(local, account.serverId);
  const base = `${DMACC_URI}/${name}`;
  const status = local.batch(() => {
    if (existing !== undefined) {
      const del = local.delete(existing);
      if (del !== 200) return del;
    }
    if (local.exists(base)) return 418;
    return writeAccount(local, base, account);
  });
  if (status !== 200)
    throw invalid(`Cannot write account ${account.serverId} at ${base}: the tree answered ${status}`);
}

/** Deletes the account and scrubs its ServerID from every ACL (reference §7.4). False if unknown. */
export function removeAccount(local: LocalTree, serverId: string): boolean {
  const uri = accountUri(local, serverId);
  if (uri === undefined) return false;
  return (
    local.batch(() => {
      const st = local.delete(uri);
      if (st === 200 && accountUri(local, serverId) === undefined) local.scrubServerId(serverId);
      return st;
    }) === 200
  );
}

/**
 * Stores a new nonce in AAuthData of the account's CLCRED (the server's NextNonce for our next Cred)
 * or SRVCRED (the nonce we issued to the server) credential. False when there is no such credential.
 */
export function setAccountNonce(
  local: LocalTree,
  serverId: string,
  level: Level,
  nonce: Uint8Array,
): boolean {
  const account = accountUri(local, serverId);
  const base = account === undefined ? undefined : appAuthUri(local, account, level);
  if (base === undefined) return false;
  return local.put(`${base}/AAuthData`, { format: 'bin', data: nonce, access: ['Replace'] }) === 200;
}
