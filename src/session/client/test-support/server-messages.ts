/**
 * Building the scripted server's messages from the model (used by *.test.ts only): headers answering
 * a client message, Statuses for its commands, and the server commands.
 */
import type {
  Chal,
  Command,
  Cred,
  Item,
  Meta,
  Status,
  SyncHdr,
  SyncMLMessage,
} from '../../../syncml/index.ts';

export interface ServerHeaderOptions {
  readonly respURI?: string;
  readonly cred?: Cred;
  readonly locName?: string;
  readonly maxMsgSize?: number;
  readonly maxObjSize?: number;
  readonly noResp?: boolean;
}

/** The server's SyncHdr answering `client`: same SessionID, Target/Source swapped. */
export function serverHeader(
  client: SyncMLMessage,
  msgId: number,
  options: ServerHeaderOptions = {},
): SyncHdr {
  const header: SyncHdr = {
    verDTD: '1.2',
    verProto: 'DM/1.2',
    sessionID: client.header.sessionID,
    msgID: String(msgId),
    target: { locURI: client.header.source.locURI },
    source:
      options.locName === undefined
        ? { locURI: client.header.target.locURI }
        : { locURI: client.header.target.locURI, locName: options.locName },
  };
  if (options.respURI !== undefined) header.respURI = options.respURI;
  if (options.cred !== undefined) header.cred = options.cred;
  if (options.noResp === true) header.noResp = true;
  const meta: Meta = {};
  if (options.maxMsgSize !== undefined) meta.maxMsgSize = options.maxMsgSize;
  if (options.maxObjSize !== undefined) meta.maxObjSize = options.maxObjSize;
  if (Object.keys(meta).length > 0) header.meta = meta;
  return header;
}

export function headerStatusFor(client: SyncMLMessage, code: string, chal?: Chal): Status {
  const status: Status = {
    kind: 'Status',
    cmdID: '1',
    msgRef: client.header.msgID,
    cmdRef: '0',
    cmd: 'SyncHdr',
    targetRefs: [client.header.target.locURI],
    sourceRefs: [client.header.source.locURI],
    data: code,
    items: [],
  };
  if (chal !== undefined) status.chal = chal;
  return status;
}

/** A Status for each Alert / Replace of the client message (Results need none when OK). */
export function statusesFor(client: SyncMLMessage, code = '200', firstCmdId = 2): Status[] {
  const out: Status[] = [];
  let id = firstCmdId;
  for (const command of client.body) {
    if (command.kind !== 'Alert' && command.kind !== 'Replace') continue;
    out.push({
      kind: 'Status',
      cmdID: String(id++),
      msgRef: client.header.msgID,
      cmdRef: command.cmdID,
      cmd: command.kind,
      targetRefs: [],
      sourceRefs: [],
      data: code,
      items: [],
    });
  }
  return out;
}

export function message(header: SyncHdr, body: Command[], final = true): SyncMLMessage {
  return { header, body, final };
}

export function target(uri: string, extra: Omit<Item, 'target'> = {}): Item {
  return { target: { locURI: uri }, ...extra };
}

export function chal(type: string, nextNonce?: string): Chal {
  return { meta: nextNonce === undefined ? { type, format: 'b64' } : { type, format: 'b64', nextNonce } };
}
