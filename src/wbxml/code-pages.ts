import { wbxmlError } from './errors.ts';

/**
 * WBXML code pages of OMA DM 1.2 as data (reference §6.3–6.5, the tables libwbxml ships). Each page is a
 * token → tag table; the reverse map and the dense lookup array are derived once by `defineCodePage`.
 */

/** Code page 0 — SyncML RepPro 1.2 (SyncML DTD, WBXML tokens from OMA-TS-SyncML_RepPro-V1_2 §B). */
export const SYNCML_PAGE_TOKENS = {
  0x05: 'Add',
  0x06: 'Alert',
  0x07: 'Archive',
  0x08: 'Atomic',
  0x09: 'Chal',
  0x0a: 'Cmd',
  0x0b: 'CmdID',
  0x0c: 'CmdRef',
  0x0d: 'Copy',
  0x0e: 'Cred',
  0x0f: 'Data',
  0x10: 'Delete',
  0x11: 'Exec',
  0x12: 'Final',
  0x13: 'Get',
  0x14: 'Item',
  0x15: 'Lang',
  0x16: 'LocName',
  0x17: 'LocURI',
  0x18: 'Map',
  0x19: 'MapItem',
  0x1a: 'Meta',
  0x1b: 'MsgID',
  0x1c: 'MsgRef',
  0x1d: 'NoResp',
  0x1e: 'NoResults',
  0x1f: 'Put',
  0x20: 'Replace',
  0x21: 'RespURI',
  0x22: 'Results',
  0x23: 'Search',
  0x24: 'Sequence',
  0x25: 'SessionID',
  0x26: 'SftDel',
  0x27: 'Source',
  0x28: 'SourceRef',
  0x29: 'Status',
  0x2a: 'Sync',
  0x2b: 'SyncBody',
  0x2c: 'SyncHdr',
  0x2d: 'SyncML',
  0x2e: 'Target',
  0x2f: 'TargetRef',
  // 0x30 is reserved for future use: decoding it is an unknown-tag error.
  0x31: 'VerDTD',
  0x32: 'VerProto',
  0x33: 'NumberOfChanges',
  0x34: 'MoreData',
  // 0x35–0x3C are new in SyncML 1.2.
  0x35: 'Field',
  0x36: 'Filter',
  0x37: 'Record',
  0x38: 'FilterType',
  0x39: 'SourceParent',
  0x3a: 'TargetParent',
  0x3b: 'Move',
  0x3c: 'Correlator',
} as const;

/** Code page 1 — MetInf (OMA-TS-SyncML_MetaInfo-V1_2). */
export const METINF_PAGE_TOKENS = {
  0x05: 'Anchor',
  0x06: 'EMI',
  0x07: 'Format',
  0x08: 'FreeID',
  0x09: 'FreeMem',
  0x0a: 'Last',
  0x0b: 'Mark',
  0x0c: 'MaxMsgSize',
  0x0d: 'Mem',
  0x0e: 'MetInf',
  0x0f: 'Next',
  0x10: 'NextNonce',
  0x11: 'SharedMem',
  0x12: 'Size',
  0x13: 'Type',
  0x14: 'Version',
  0x15: 'MaxObjSize',
  0x16: 'FieldLevel',
} as const;

/** Code page 2 — DM DDF 1.2 / TNDS (OMA-TS-DM_TND-V1_2 §8.6). */
export const DMDDF_PAGE_TOKENS = {
  0x05: 'AccessType',
  0x06: 'ACL',
  0x07: 'Add',
  0x08: 'b64',
  0x09: 'bin',
  0x0a: 'bool',
  0x0b: 'chr',
  0x0c: 'CaseSense',
  0x0d: 'CIS',
  0x0e: 'Copy',
  0x0f: 'CS',
  0x10: 'date',
  0x11: 'DDFName',
  0x12: 'DefaultValue',
  0x13: 'Delete',
  0x14: 'Description',
  0x15: 'DFFormat',
  0x16: 'DFProperties',
  0x17: 'DFTitle',
  0x18: 'DFType',
  0x19: 'Dynamic',
  0x1a: 'Exec',
  0x1b: 'float',
  0x1c: 'Format',
  0x1d: 'Get',
  0x1e: 'int',
  0x1f: 'Man',
  0x20: 'MgmtTree',
  0x21: 'MIME',
  0x22: 'Mod',
  0x23: 'Name',
  0x24: 'Node',
  0x25: 'node',
  0x26: 'NodeName',
  0x27: 'null',
  0x28: 'Occurrence',
  0x29: 'One',
  0x2a: 'OneOrMore',
  0x2b: 'OneOrN',
  0x2c: 'Path',
  0x2d: 'Permanent',
  0x2e: 'Replace',
  0x2f: 'RTProperties',
  0x30: 'Scope',
  0x31: 'Size',
  0x32: 'time',
  0x33: 'Title',
  0x34: 'TStamp',
  0x35: 'Type',
  0x36: 'Value',
  0x37: 'VerDTD',
  0x38: 'VerNo',
  0x39: 'xml',
  0x3a: 'ZeroOrMore',
  0x3b: 'ZeroOrN',
  0x3c: 'ZeroOrOne',
} as const;

export type SyncMLTag = (typeof SYNCML_PAGE_TOKENS)[keyof typeof SYNCML_PAGE_TOKENS];
export type MetInfTag = (typeof METINF_PAGE_TOKENS)[keyof typeof METINF_PAGE_TOKENS];
export type DmDdfTag = (typeof DMDDF_PAGE_TOKENS)[keyof typeof DMDDF_PAGE_TOKENS];

/** The XML namespaces of the pages (reference §6.3–6.5). */
export const NAMESPACES = {
  SYNCML_12: 'SYNCML:SYNCML1.2',
  SYNCML_11: 'SYNCML:SYNCML1.1',
  METINF: 'syncml:metinf',
  DMDDF_12: 'syncml:dmddf1.2',
} as const;

/** One tag code page with its lookups derived once. */
export interface CodePage {
  /** Page number, 0–255 (the byte after SWITCH_PAGE). */
  readonly page: number;
  /** XML namespace of the page's tags. */
  readonly namespace: string;
  /** The source table: tag token (0x05–0x3F) → tag name. */
  readonly tokens: Readonly<Record<number, string>>;
  /** Dense token → tag lookup, indexed by the low six bits of a tag byte. */
  readonly tagByToken: readonly (string | undefined)[];
  /** Tag name → token. */
  readonly tokenByTag: ReadonlyMap<string, number>;
}

/** Builds a CodePage from its token table; throws on tokens outside 0x05–0x3F or repeated tags. */
export function defineCodePage(
  page: number,
  namespace: string,
  tokens: Readonly<Record<number, string>>,
): CodePage {
  if (!Number.isInteger(page) || page < 0 || page > 0xff) {
    throw wbxmlError('SCOMO_WBXML_BAD_CODE_PAGE', `code page ${page} is not 0..255`);
  }
  const tagByToken: (string | undefined)[] = new Array<string | undefined>(0x40).fill(undefined);
  const tokenByTag = new Map<string, number>();
  for (const [key, tag] of Object.entries(tokens)) {
    const token = Number(key);
    if (!Number.isInteger(token) || token < 0x05 || token > 0x3f) {
      throw wbxmlError(
        'SCOMO_WBXML_BAD_CODE_PAGE',
        `code page ${page}: tag token ${key} is outside 0x05..0x3F`,
      );
    }
    if (tokenByTag.has(tag))
      throw wbxmlError('SCOMO_WBXML_BAD_CODE_PAGE', `code page ${page}: tag ${tag} appears twice`);
    tagByToken[token] = tag;
    tokenByTag.set(tag, token);
  }
  return { page, namespace, tokens, tagByToken, tokenByTag };
}

export const SYNCML_12_PAGE = defineCodePage(0, NAMESPACES.SYNCML_12, SYNCML_PAGE_TOKENS);
/** SyncML 1.1 documents use the same tokens (1.2 only added 0x35–0x3C); only the namespace differs. */
export const SYNCML_11_PAGE = defineCodePage(0, NAMESPACES.SYNCML_11, SYNCML_PAGE_TOKENS);
export const METINF_PAGE = defineCodePage(1, NAMESPACES.METINF, METINF_PAGE_TOKENS);
export const DMDDF_12_PAGE = defineCodePage(2, NAMESPACES.DMDDF_12, DMDDF_PAGE_TOKENS);
