/**
 * The typed SyncML DM 1.2 message model (DM 1.2 RepPro DTD as used by OMA DM). One model, two codecs:
 * XML and WBXML encode exactly this shape. Identifiers (SessionID, MsgID, CmdID, CmdRef, …) stay
 * strings so that a decoded message re-encodes to the same bytes.
 */
import type { WbxmlElement } from '../wbxml/index.ts';

/** Target or Source: LocURI with an optional LocName (the user name for MD5/HMAC in SyncHdr Source). */
export interface Location {
  locURI: string;
  locName?: string;
}

/** MetInf elements (namespace syncml:metinf, WBXML code page 1) that OMA DM uses. */
export interface Meta {
  format?: string;
  type?: string;
  /** Total object size, announced on the first chunk of a large object (DM 1.2 Protocol §6.1.9). */
  size?: number;
  mark?: string;
  nextNonce?: string;
  maxMsgSize?: number;
  maxObjSize?: number;
  emi?: string[];
  version?: string;
}

export interface Cred {
  meta?: Meta;
  data: string;
}

export interface Chal {
  meta: Meta;
}

/**
 * Item Data: text, raw bytes (WBXML OPAQUE: binary values, nested WBXML such as TNDS), or embedded
 * markup (an XML TNDS MgmtTree written inline in the Data element).
 */
export type ItemData = string | Uint8Array | EmbeddedMarkup;

export interface EmbeddedMarkup {
  readonly kind: 'markup';
  /** The embedded element; its page says which language (2 = DM DDF / TNDS). */
  element: WbxmlElement;
}

export interface Item {
  target?: Location;
  source?: Location;
  meta?: Meta;
  data?: ItemData;
  /** MoreData: this Item is a chunk of a large object and more follows (DM 1.2 Protocol §6.1.9). */
  moreData?: boolean;
  /**
   * Text `data` travels as a CDATA section in XML and as OPAQUE in WBXML (libwbxml's encoding of
   * CDATA). Set by the decoders when the input did so, so that a message re-encodes to the same text
   * and bytes; a sender may set it for XML-bearing Data (e.g. a Generic Alert with Format xml).
   */
  cdata?: boolean;
}

interface CommandBase {
  cmdID: string;
  noResp?: boolean;
}

/** Add, Replace, Delete, Copy and Get share one shape. */
interface ItemCommand<K extends string> extends CommandBase {
  readonly kind: K;
  cred?: Cred;
  meta?: Meta;
  items: Item[];
}

export type Add = ItemCommand<'Add'>;
export type Replace = ItemCommand<'Replace'>;
export type Delete = ItemCommand<'Delete'>;
export type Copy = ItemCommand<'Copy'>;
export type Get = ItemCommand<'Get'>;

export interface Exec extends CommandBase {
  readonly kind: 'Exec';
  cred?: Cred;
  meta?: Meta;
  correlator?: string;
  items: Item[];
}

export interface Alert extends CommandBase {
  readonly kind: 'Alert';
  cred?: Cred;
  /** The alert code, e.g. "1201" (DM 1.2 Protocol §8.7). Absent only in malformed input. */
  data?: string;
  correlator?: string;
  items: Item[];
}

export interface Atomic extends CommandBase {
  readonly kind: 'Atomic';
  meta?: Meta;
  commands: Command[];
}

export interface Sequence extends CommandBase {
  readonly kind: 'Sequence';
  meta?: Meta;
  commands: Command[];
}

export interface Results extends CommandBase {
  readonly kind: 'Results';
  msgRef?: string;
  cmdRef: string;
  meta?: Meta;
  targetRefs: string[];
  sourceRefs: string[];
  items: Item[];
}

export interface Status extends CommandBase {
  readonly kind: 'Status';
  msgRef: string;
  cmdRef: string;
  /** Name of the referenced command, or "SyncHdr". */
  cmd: string;
  targetRefs: string[];
  sourceRefs: string[];
  cred?: Cred;
  chal?: Chal;
  /** The status code, e.g. "200". */
  data: string;
  items: Item[];
}

export type Command =
  Add | Alert | Atomic | Copy | Delete | Exec | Get | Replace | Results | Sequence | Status;
export type CommandKind = Command['kind'];

export interface SyncHdr {
  verDTD: string;
  verProto: string;
  sessionID: string;
  msgID: string;
  target: Location;
  source: Location;
  respURI?: string;
  noResp?: boolean;
  cred?: Cred;
  meta?: Meta;
}

/** A command of the body the DM model does not represent (a SyncML DS one such as Sync, Put or Map). */
export interface UnsupportedCommand {
  name: string;
  cmdID: string;
}

export interface SyncMLMessage {
  header: SyncHdr;
  body: Command[];
  /** Final: the last message of a package. */
  final: boolean;
  /**
   * Set by the decoder when the body held commands OMA DM does not use, so that a receiver can still
   * answer each with a Status (DM 1.2 RepPro: every command gets one). Never encoded.
   */
  unsupported?: UnsupportedCommand[];
}
