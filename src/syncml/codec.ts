import { ScomoError } from '../errors/index.ts';
import { decodeWbxml, DMDDF_12, encodeWbxml, FPIS, SYNCML_11, SYNCML_12 } from '../wbxml/index.ts';
import type { WbxmlElement, WbxmlVersion } from '../wbxml/index.ts';
import { parseContentType } from './content-type.ts';
import { syncmlError } from './errors.ts';
import type { SyncMLMessage } from './model.ts';
import type { EncodeTarget } from './model-to-tree/build.ts';
import { writeMessage } from './model-to-tree/message.ts';
import { sniffEncoding } from './sniff.ts';
import type { DecodeContext } from './tree-to-model/context.ts';
import { readMessage } from './tree-to-model/message.ts';
import { syncmlVersion } from './versions.ts';
import type { MessageEncoding } from './vocabulary/content-types.ts';
import { locateXmlElements, parseXmlTree } from './xml/reader.ts';
import { decodeXmlBytes } from './xml/text-decoding.ts';
import { writeXmlTree } from './xml/writer.ts';

export interface DecodedMessage {
  message: SyncMLMessage;
  encoding: MessageEncoding;
  /** Client deviations that were accepted (legacy content type, stray control characters, …). */
  warnings: string[];
}

export interface EncodeMessageOptions {
  /** WBXML version byte: 1 = 1.1, 2 = 1.2 (default, as libwbxml and DM clients), 3 = 1.3. */
  wbxmlVersion?: WbxmlVersion;
  /** Share repeated strings through the WBXML string table (default off, as `xml2wbxml -n`). */
  stringTable?: boolean;
}

const UTF8_ENCODER = new TextEncoder();
const CHARSET_UTF8 = 106;

/**
 * Bytes of a DM message → model. The content type picks the codec; when the bytes plainly say the
 * other encoding, the bytes win and a warning says so. Every failure is a ScomoError: `SCOMO_XML_*`
 * with line and column, `SCOMO_WBXML_*` with the byte offset, `SCOMO_SYNCML_*` for a well-formed
 * document that is not a usable SyncML message.
 */
export function decodeMessage(bytes: Uint8Array, contentType: string): DecodedMessage {
  if (!(bytes instanceof Uint8Array)) {
    throw syncmlError('SCOMO_SYNCML_BAD_VALUE', 'decodeMessage expects the message body as a Uint8Array');
  }
  const warnings: string[] = [];
  const declared = parseContentType(contentType);
  if (declared.legacy) {
    warnings.push(
      `legacy content type ${declared.type}; DM 1.2 peers send application/vnd.syncml.dm+${declared.encoding}`,
    );
  }
  if (declared.charset !== undefined && !/^utf-?8$/i.test(declared.charset)) {
    warnings.push(`charset ${declared.charset} ignored: DM messages are UTF-8 (WBXML charset 106)`);
  }
  let encoding = declared.encoding;
  const sniffed = sniffEncoding(bytes);
  if (sniffed !== undefined && sniffed !== encoding) {
    warnings.push(`content type says ${encoding} but the body is ${sniffed}; decoded as ${sniffed}`);
    encoding = sniffed;
  }
  const message = encoding === 'xml' ? decodeXml(bytes, warnings) : decodeWbxmlMessage(bytes, warnings);
  return { message, encoding, warnings };
}

function decodeXml(bytes: Uint8Array, warnings: string[]): SyncMLMessage {
  const text = decodeXmlBytes(bytes, warnings);
  const tree = parseXmlTree(text);
  warnings.push(...tree.warnings);
  const context: DecodeContext = { encoding: 'xml', warnings, locate: undefined };
  try {
    return readMessage(context, tree.root);
  } catch (err) {
    if (!(err instanceof ScomoError) || err.line !== undefined) throw err;
    // Errors are rare: only now is the text read again with positions, to say where the fault is.
    const located = locateXmlElements(text);
    readMessage(
      { encoding: 'xml', warnings: [], locate: (element) => located.positions.get(element) ?? {} },
      located.root,
    );
    throw err;
  }
}

function decodeWbxmlMessage(bytes: Uint8Array, warnings: string[]): SyncMLMessage {
  const doc = decodeWbxml(bytes, { languages: [SYNCML_12, SYNCML_11] });
  return readMessage({ encoding: 'wbxml', warnings, locate: undefined }, doc.root);
}

/** Model → bytes in the canonical form: XML text as in the corpus, or WBXML as `xml2wbxml -n -v 1.2`. */
export function encodeMessage(
  message: SyncMLMessage,
  encoding: MessageEncoding,
  options: EncodeMessageOptions = {},
): Uint8Array {
  return encoding === 'xml' ? UTF8_ENCODER.encode(messageToXml(message)) : messageToWbxml(message, options);
}

/** The canonical XML text of a message. */
export function messageToXml(message: SyncMLMessage, pretty = false): string {
  const version = syncmlVersion(message.header.verDTD);
  return writeXmlTree(writeMessage(message, { encoding: 'xml' }), { pretty, namespaces: version.namespaces });
}

function messageToWbxml(message: SyncMLMessage, options: EncodeMessageOptions): Uint8Array {
  const version = options.wbxmlVersion ?? 2;
  const stringTable = options.stringTable === true;
  const target: EncodeTarget = {
    encoding: 'wbxml',
    nest: (element) => nestedDdfDocument(element, version, stringTable),
  };
  const language = syncmlVersion(message.header.verDTD).language;
  const root = writeMessage(message, target);
  return encodeWbxml(
    { version, publicId: language.publicIds[0] ?? 0, charset: CHARSET_UTF8, root },
    { language, version, stringTable },
  );
}

/**
 * An embedded TNDS tree as libwbxml nests it: a complete DM DDF WBXML document, same WBXML version as
 * the message, FPI through the string table (reference §6.5).
 */
export function nestedDdfDocument(
  element: WbxmlElement,
  version: WbxmlVersion,
  stringTable: boolean,
): Uint8Array {
  return encodeWbxml(
    { version, publicId: FPIS.DMDDF_12, charset: CHARSET_UTF8, root: element },
    { language: DMDDF_12, version, stringTable },
  );
}
