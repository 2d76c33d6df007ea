import { hex, wbxmlError } from './errors.ts';
import { readMbUint32 } from './mb-uint32.ts';
import { StringTableReader } from './string-table.ts';
import { CHARSET_UTF8 } from './tokens.ts';
import type { WbxmlVersion } from './tree.ts';

/** The document header (WBXML 1.3 §5.3: version publicid charset strtbl) as read. */
export interface WbxmlHeader {
  version: WbxmlVersion;
  /** Numeric public id, or the FPI when the header gave 0 + a string-table index. */
  publicId: number | string;
  charset: number;
  strings: StringTableReader;
  /** Offset of the first body byte. */
  bodyOffset: number;
}

/**
 * Reads the header. WBXML 1.0 (version 0x00) has no charset field and is not supported; versions
 * above 1.3 do not exist. Only UTF-8 (MIBenum 106) is accepted: everything DM peers send is UTF-8,
 * and a decoder for other charsets would be untested code.
 */
export function readHeader(bytes: Uint8Array): WbxmlHeader {
  if (bytes.length === 0)
    throw wbxmlError('SCOMO_WBXML_TRUNCATED', 'empty input: expected a WBXML version byte', 0);
  const versionByte = bytes[0] as number;
  if (versionByte < 0x01 || versionByte > 0x03) {
    throw wbxmlError(
      'SCOMO_WBXML_VERSION',
      `unsupported WBXML version byte ${hex(versionByte)}: expected 0x01 (1.1), 0x02 (1.2) or 0x03 (1.3)`,
      0,
    );
  }
  const version = versionByte as WbxmlVersion;

  // publicid = mb_u_int32 | (zero index): 0 means a string-table index follows (WBXML 1.3 §5.5).
  const publicIdRead = readMbUint32(bytes, 1);
  let pos = publicIdRead.next;
  let fpiIndex: { index: number; offset: number } | undefined;
  if (publicIdRead.value === 0) {
    const indexRead = readMbUint32(bytes, pos);
    fpiIndex = { index: indexRead.value, offset: pos };
    pos = indexRead.next;
  }

  const charsetOffset = pos;
  const charsetRead = readMbUint32(bytes, pos);
  pos = charsetRead.next;
  if (charsetRead.value !== CHARSET_UTF8) {
    throw wbxmlError(
      'SCOMO_WBXML_CHARSET',
      `unsupported charset MIBenum ${charsetRead.value}: only UTF-8 (106, byte 0x6A) is supported`,
      charsetOffset,
    );
  }

  const lengthOffset = pos;
  const lengthRead = readMbUint32(bytes, pos);
  pos = lengthRead.next;
  if (lengthRead.value > bytes.length - pos) {
    throw wbxmlError(
      'SCOMO_WBXML_TRUNCATED',
      `string table length ${lengthRead.value} exceeds the ${bytes.length - pos} bytes left in the input`,
      lengthOffset,
    );
  }
  const strings = new StringTableReader(bytes, pos, pos + lengthRead.value);
  pos += lengthRead.value;

  const publicId = fpiIndex === undefined ? publicIdRead.value : strings.get(fpiIndex.index, fpiIndex.offset);
  return { version, publicId, charset: charsetRead.value, strings, bodyOffset: pos };
}
