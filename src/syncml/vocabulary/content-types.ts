/**
 * MIME types of DM messages (reference §5) and of TNDS payloads (reference §7.8). The legacy
 * SyncML-DS names are accepted on input only.
 */
export const CONTENT_TYPES = {
  DM_XML: 'application/vnd.syncml.dm+xml',
  DM_WBXML: 'application/vnd.syncml.dm+wbxml',
  LEGACY_XML: 'application/vnd.syncml+xml',
  LEGACY_WBXML: 'application/vnd.syncml+wbxml',
  TNDS_XML: 'application/vnd.syncml.dmtnds+xml',
  TNDS_WBXML: 'application/vnd.syncml.dmtnds+wbxml',
} as const;

export type ContentType = (typeof CONTENT_TYPES)[keyof typeof CONTENT_TYPES];

export const MESSAGE_ENCODINGS = ['xml', 'wbxml'] as const;

export type MessageEncoding = (typeof MESSAGE_ENCODINGS)[number];

/** Message content types: which encoding each one names and whether it is a legacy name. */
export const MESSAGE_CONTENT_TYPES = [
  { type: CONTENT_TYPES.DM_XML, encoding: 'xml', legacy: false },
  { type: CONTENT_TYPES.DM_WBXML, encoding: 'wbxml', legacy: false },
  { type: CONTENT_TYPES.LEGACY_XML, encoding: 'xml', legacy: true },
  { type: CONTENT_TYPES.LEGACY_WBXML, encoding: 'wbxml', legacy: true },
] as const satisfies readonly { type: ContentType; encoding: MessageEncoding; legacy: boolean }[];
