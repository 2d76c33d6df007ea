import type { Chal, Cred, Status, SyncHdr } from '../../../syncml/index.ts';

/** DM 1.2 Protocol §8.1 / reference §2.2: the SyncHdr values of every DM 1.2 message. */
export const VER_DTD = '1.2';
export const VER_PROTO = 'DM/1.2';

export interface HeaderInput {
  readonly sessionId: string;
  readonly msgId: number;
  /** The server URI (DMAcc AppAddr Addr). */
  readonly target: string;
  /** DevInfo DevId. */
  readonly source: string;
  readonly locName?: string | undefined;
  readonly cred?: Cred | undefined;
  readonly maxMsgSize: number;
  readonly maxObjSize: number;
}

/** Our SyncHdr: Target = server URI, Source = DevId (+ LocName), Meta MaxMsgSize / MaxObjSize. */
export function buildHeader(input: HeaderInput): SyncHdr {
  const header: SyncHdr = {
    verDTD: VER_DTD,
    verProto: VER_PROTO,
    sessionID: input.sessionId,
    msgID: String(input.msgId),
    target: { locURI: input.target },
    source:
      input.locName === undefined
        ? { locURI: input.source }
        : { locURI: input.source, locName: input.locName },
    meta: { maxMsgSize: input.maxMsgSize, maxObjSize: input.maxObjSize },
  };
  if (input.cred !== undefined) header.cred = input.cred;
  return header;
}

/**
 * The Status for the server's SyncHdr, first in every reply (reference §2.3, §2.4): CmdRef 0, Cmd
 * SyncHdr, TargetRef / SourceRef = the header's Target / Source LocURI.
 */
export function headerStatus(server: SyncHdr, code: string, chal?: Chal): Status {
  const status: Status = {
    kind: 'Status',
    cmdID: '',
    msgRef: server.msgID,
    cmdRef: '0',
    cmd: 'SyncHdr',
    targetRefs: [server.target.locURI],
    sourceRefs: [server.source.locURI],
    data: code,
    items: [],
  };
  if (chal !== undefined) status.chal = chal;
  return status;
}
