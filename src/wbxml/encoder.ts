import { writeBody } from './body-writer.ts';
import { ByteWriter } from './byte-writer.ts';
import { compileLanguage } from './compiled-language.ts';
import { wbxmlError } from './errors.ts';
import { defaultPublicId } from './languages.ts';
import type { WbxmlLanguage } from './languages.ts';
import { StringTableBuilder } from './string-table.ts';
import { planStringTable } from './string-table-plan.ts';
import { CHARSET_UTF8, WBXML_VERSIONS } from './tokens.ts';
import type { WbxmlDocument, WbxmlVersion } from './tree.ts';

export interface EncodeWbxmlOptions {
  language: WbxmlLanguage;
  /**
   * WBXML version byte to write (default 2 = 1.2, what libwbxml and DM clients emit). 1.1, 1.2 and 1.3
   * share the header layout (the charset field exists since 1.1) and every token we write, so the
   * version byte is the only difference in our output.
   */
  version?: WbxmlVersion;
  /** Share repeated strings through the string table (default false; see planStringTable). */
  stringTable?: boolean;
}

/**
 * Encodes an element tree as WBXML, UTF-8. With SYNCML_12 and the defaults the output is byte-identical
 * to libwbxml's `xml2wbxml -n -v 1.2` for the same tree:
 * - header: version, public id (mb_u_int32, or 0 + string-table index for an FPI), 0x6A, table length;
 * - a tag with children carries the content bit 0x40; an element without children is the bare token;
 * - text is STR_I, except CDATA text and text the language's `opaqueText` rule picks, which are OPAQUE;
 *   an empty CDATA text writes nothing (libwbxml does the same); WbxmlOpaque nodes are OPAQUE;
 * - the code page switches lazily: `00 <page>` right before a tag whose page differs, never at END;
 * - a tag or attribute name the language has no token for becomes LITERAL + string-table index.
 *
 * The public id written is `doc.publicId` when the language lists it (numeric id or FPI), otherwise the
 * language's default (first numeric id, else first FPI). `doc.version` and `doc.charset` are not used:
 * the output version comes from the options and the charset is always UTF-8.
 */
export function encodeWbxml(doc: WbxmlDocument, options: EncodeWbxmlOptions): Uint8Array {
  const language = options?.language;
  if (typeof language !== 'object' || language === null || !Array.isArray(language.pages)) {
    throw wbxmlError('SCOMO_WBXML_BAD_OPTIONS', 'encodeWbxml needs options.language (e.g. SYNCML_12)');
  }
  if (typeof doc?.root !== 'object' || doc.root === null || doc.root.type !== 'element') {
    throw wbxmlError('SCOMO_WBXML_ENCODE_BAD_TREE', 'the document has no root element');
  }
  const version = options.version ?? 2;
  if (version !== 1 && version !== 2 && version !== 3) {
    throw wbxmlError(
      'SCOMO_WBXML_BAD_OPTIONS',
      `version must be 1 (1.1), 2 (1.2) or 3 (1.3), got ${String(version)}`,
    );
  }
  const compiled = compileLanguage(language);
  const publicId = choosePublicId(doc, language);
  const useTable = options.stringTable === true;

  const table = new StringTableBuilder();
  // The FPI goes first, at index 0, as libwbxml writes it.
  const fpiIndex = typeof publicId === 'string' ? table.add(publicId, 'the public identifier') : 0;
  if (useTable) planStringTable(doc.root, language, table);

  const body = takeScratch();
  try {
    writeBody(body, doc.root, language, compiled, table, useTable);
    const header = new ByteWriter(32);
    header.byte(WBXML_VERSIONS[version]);
    if (typeof publicId === 'string') {
      header.byte(0);
      header.mbUint32(fpiIndex);
    } else header.mbUint32(publicId);
    header.mbUint32(CHARSET_UTF8);
    header.mbUint32(table.length);
    const tableBytes = table.bytes();
    const out = new Uint8Array(header.length + tableBytes.length + body.length);
    out.set(header.buffer.subarray(0, header.length), 0);
    out.set(tableBytes, header.length);
    out.set(body.buffer.subarray(0, body.length), header.length + tableBytes.length);
    return out;
  } finally {
    releaseScratch(body);
  }
}

function choosePublicId(doc: WbxmlDocument, language: WbxmlLanguage): number | string {
  const given = doc.publicId;
  if (typeof given === 'number' ? language.publicIds.includes(given) : language.fpis.includes(given))
    return given;
  const fallback = defaultPublicId(language);
  if (fallback === undefined) {
    throw wbxmlError(
      'SCOMO_WBXML_ENCODE_BAD_PUBLIC_ID',
      `language ${language.name} has neither a numeric public id nor an FPI to write`,
    );
  }
  if (
    typeof fallback === 'number' &&
    (fallback < 1 || !Number.isInteger(fallback) || fallback > 0xffff_ffff)
  ) {
    throw wbxmlError(
      'SCOMO_WBXML_ENCODE_BAD_PUBLIC_ID',
      `public id ${fallback} is not a valid mb_u_int32 above 0`,
    );
  }
  return fallback;
}

/**
 * One body buffer reused across calls, so that a steady stream of messages does not reallocate and
 * regrow it each time. A nested call (an `opaqueText` rule that encodes) gets a fresh one; buffers that
 * grew past SCRATCH_KEEP_MAX are dropped rather than kept alive.
 */
const SCRATCH_KEEP_MAX = 1 << 20;
let scratch: ByteWriter | undefined;

function takeScratch(): ByteWriter {
  const writer = scratch ?? new ByteWriter(16 * 1024);
  scratch = undefined;
  writer.length = 0;
  return writer;
}

function releaseScratch(writer: ByteWriter): void {
  if (writer.buffer.length <= SCRATCH_KEEP_MAX) scratch = writer;
}
