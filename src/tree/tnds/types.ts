/**
 * Tree and Description Serialization (OMA DM TNDS 1.2; reference §7.8) as plain values. The tree
 * side reads and writes these; tnds/element.ts maps them to and from the `MgmtTree` element tree of
 * the DM DDF language (WBXML code page 2), which src/syncml and src/wbxml turn into bytes.
 */
import type { NodeData } from '../format.ts';

export const TNDS_CONTENT_TYPES = {
  xml: 'application/vnd.syncml.dmtnds+xml',
  wbxml: 'application/vnd.syncml.dmtnds+wbxml',
} as const;

export type TndsContentType = (typeof TNDS_CONTENT_TYPES)[keyof typeof TNDS_CONTENT_TYPES];

/** True for either TNDS Meta Type (parameters such as `; charset=…` ignored). */
export function isTndsContentType(type: string | undefined): boolean {
  if (type === undefined) return false;
  const bare = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return bare === TNDS_CONTENT_TYPES.xml || bare === TNDS_CONTENT_TYPES.wbxml;
}

/** RTProperties, as text the way TNDS carries them. TStamp, VerNo, Size and Name are ignored on input. */
export interface TndsRtProperties {
  acl?: string;
  format?: string;
  name?: string;
  size?: string;
  title?: string;
  tstamp?: string;
  /** MIME type of a leaf, or the MO identifier (DDFName) of an interior node. */
  type?: string;
  verNo?: string;
}

export interface TndsNode {
  nodeName: string;
  /** On a top-level node: the full URI of its parent (TNDS §9.2.3 "continuation"). */
  path?: string;
  rtProperties: TndsRtProperties;
  /** Leaf value; `bin` values are bytes. */
  value?: NodeData;
  children: TndsNode[];
}

export interface TndsTree {
  verDTD: string;
  man?: string;
  mod?: string;
  nodes: TndsNode[];
}
