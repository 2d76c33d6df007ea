/**
 * Adapts src/tree's DmTree to the engine's ports: binds each call to the session's ServerID and
 * `now`, turns Get results into Results items (TNDS as embedded DM DDF markup) and TNDS Add/Replace
 * data (inline markup, a nested WBXML document, or XML text) into the tree's TndsTree.
 */
import { DMDDF_12, decodeWbxml } from '../../../wbxml/index.ts';
import type { WbxmlElement } from '../../../wbxml/index.ts';
import { parseXmlTree } from '../../../syncml/index.ts';
import type { ItemData } from '../../../syncml/index.ts';
import {
  DEVINFO_URI,
  elementToTnds,
  findAccount,
  isTndsContentType,
  setAccountNonce,
  tndsToElement,
  TNDS_CONTENT_TYPES,
} from '../../../tree/index.ts';
import type { DmCredential, DmTree, GetOutcome, NodeItem, OpContext, TndsTree } from '../../../tree/index.ts';
import type {
  AccountCredential,
  AccountPort,
  DevInfoValues,
  ExecValue,
  ResultItem,
  SessionTreePort,
  TreeGet,
  TreePort,
  WriteValue,
} from './tree-port.ts';

/** The device tree the session works on. */
export type SessionTree = DmTree;

const BAD_REQUEST = 400;

function resultItems(uri: string, outcome: GetOutcome): TreeGet {
  if (!('result' in outcome)) return { status: outcome.status };
  const result = outcome.result;
  switch (result.kind) {
    case 'value':
      return { status: 200, items: [{ uri, format: result.format, type: result.type, data: result.data }] };
    case 'list':
      return {
        status: 200,
        items: result.entries.map((entry): ResultItem => ({
          uri: entry.uri,
          format: entry.format,
          type: entry.type,
          ...(entry.data === undefined ? {} : { data: entry.data }),
        })),
      };
    case 'tnds': {
      const element = tndsToElement(result.tree);
      // The XML type: src/syncml nests a WBXML document and rewrites it to +wbxml when encoding WBXML.
      return {
        status: 200,
        items: [{ uri, format: 'xml', type: TNDS_CONTENT_TYPES.xml, data: { kind: 'markup', element } }],
      };
    }
  }
}

/** The MgmtTree element carried by TNDS Item data, or undefined when it cannot be read. */
function tndsElement(data: ItemData | undefined): WbxmlElement | undefined {
  try {
    if (data === undefined) return undefined;
    if (typeof data === 'string') return parseXmlTree(data).root;
    if (data instanceof Uint8Array) return decodeWbxml(data, { languages: [DMDDF_12] }).root;
    return data.element;
  } catch {
    return undefined;
  }
}

function tndsOf(data: ItemData | undefined): TndsTree | undefined {
  const element = tndsElement(data);
  if (element === undefined) return undefined;
  try {
    return elementToTnds(element);
  } catch {
    return undefined;
  }
}

function nodeItem(value: WriteValue): NodeItem | undefined {
  const data = value.data;
  // Embedded markup that is not TNDS has no value form in the tree.
  if (data !== undefined && typeof data !== 'string' && !(data instanceof Uint8Array)) return undefined;
  return {
    ...(value.format === undefined ? {} : { format: value.format }),
    ...(value.type === undefined ? {} : { type: value.type }),
    ...(data === undefined ? {} : { data }),
  };
}

function bind(tree: DmTree, ctx: OpContext): TreePort {
  const write = (mode: 'add' | 'replace', uri: string, value: WriteValue): number => {
    if (isTndsContentType(value.type)) {
      const tnds = tndsOf(value.data);
      if (tnds === undefined) return BAD_REQUEST;
      return mode === 'add' ? tree.addTnds(uri, tnds, ctx) : tree.replaceTnds(uri, tnds, ctx);
    }
    const item = nodeItem(value);
    if (item === undefined) return BAD_REQUEST;
    return mode === 'add' ? tree.add(uri, item, ctx) : tree.replace(uri, item, ctx);
  };
  return {
    get: (uri) => resultItems(uri, tree.get(uri, ctx)),
    add: (uri, value) => write('add', uri, value),
    replace: (uri, value) => write('replace', uri, value),
    delete: (uri) => tree.delete(uri, ctx),
    copy: (target, source) => tree.copy(source, target, ctx),
    exec: (uri, value: ExecValue) => {
      const data = value.data;
      const plain =
        data === undefined || typeof data === 'string' || data instanceof Uint8Array ? data : undefined;
      return tree.exec(
        uri,
        {
          ...(plain === undefined ? {} : { data: plain }),
          ...(value.format === undefined ? {} : { format: value.format }),
          ...(value.type === undefined ? {} : { type: value.type }),
          ...(value.correlator === undefined ? {} : { correlator: value.correlator }),
        },
        ctx,
      ).status;
    },
    begin: () => tree.begin(),
  };
}

function credentialOf(credential: DmCredential<'CLCRED' | 'SRVCRED'>): AccountCredential {
  return { type: credential.type, name: credential.name, secret: credential.secret, nonce: credential.nonce };
}

function readText(tree: DmTree, uri: string): string {
  const value = tree.local.read(uri);
  if (value === undefined) return '';
  return typeof value === 'string' ? value : new TextDecoder().decode(value);
}

export function adaptDeviceTree(tree: DmTree): SessionTreePort {
  return {
    bind: (serverId, now) => bind(tree, { serverId, now }),
    account: (serverId): AccountPort | undefined => {
      const account = findAccount(tree.local, serverId);
      if (account === undefined) return undefined;
      // Read once per session: credentials changed mid-session take effect next session (reference
      // §3.4); only the nonces the session itself stores are updated in this copy.
      const credentials = {
        CLCRED: credentialOf(account.clientCred),
        SRVCRED: credentialOf(account.serverCred),
      };
      return {
        serverId: account.serverId,
        addr: account.addr,
        get clientCred() {
          return credentials.CLCRED;
        },
        get serverCred() {
          return credentials.SRVCRED;
        },
        setNonce: (level, nonce) => {
          setAccountNonce(tree.local, serverId, level, nonce);
          credentials[level] = { ...credentials[level], nonce };
        },
      };
    },
    devInfo: (): DevInfoValues => ({
      devId: readText(tree, `${DEVINFO_URI}/DevId`),
      man: readText(tree, `${DEVINFO_URI}/Man`),
      mod: readText(tree, `${DEVINFO_URI}/Mod`),
      dmV: readText(tree, `${DEVINFO_URI}/DmV`),
      lang: readText(tree, `${DEVINFO_URI}/Lang`),
    }),
    revision: () => tree.revision,
  };
}
