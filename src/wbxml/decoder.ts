import { BodyParser } from './body-parser.ts';
import { compileLanguage } from './compiled-language.ts';
import { wbxmlError } from './errors.ts';
import { readHeader } from './header.ts';
import { languageFor, WBXML_LANGUAGES } from './languages.ts';
import type { WbxmlLanguage } from './languages.ts';
import { GLOBAL_TOKENS, TAG_TOKEN_MASK } from './tokens.ts';
import type { WbxmlDocument } from './tree.ts';

export interface DecodeWbxmlOptions {
  /** Languages to recognise, tried in order (default: SyncML 1.2, SyncML 1.1, DM DDF 1.2). */
  languages?: readonly WbxmlLanguage[];
  /** Deepest element nesting accepted; the root is level 1 (default 64). */
  maxDepth?: number;
}

/** A decoded document and the language its public id (or, failing that, its root tag) selected. */
export type DecodedWbxml = WbxmlDocument & { language: WbxmlLanguage | undefined };

export const DEFAULT_MAX_DEPTH = 64;

/**
 * Decodes a WBXML 1.1–1.3 document (UTF-8 only) into an element tree. Any malformed input raises a
 * ScomoError with a `SCOMO_WBXML_*` code and the byte offset; the input is never modified and OPAQUE
 * data is copied out of it.
 *
 * The language comes from the public id (numeric, or FPI through the string table). When no language
 * claims it (e.g. public id 1, "unknown"), the first language whose root tag matches the first tag
 * is used; with none, only LITERAL tags decode.
 */
export function decodeWbxml(bytes: Uint8Array, options: DecodeWbxmlOptions = {}): DecodedWbxml {
  if (!(bytes instanceof Uint8Array)) {
    throw wbxmlError('SCOMO_WBXML_BAD_OPTIONS', 'decodeWbxml expects the document as a Uint8Array');
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw wbxmlError('SCOMO_WBXML_BAD_OPTIONS', `maxDepth must be a positive integer, got ${maxDepth}`);
  }
  const languages = options.languages ?? WBXML_LANGUAGES;
  if (!Array.isArray(languages)) {
    throw wbxmlError('SCOMO_WBXML_BAD_OPTIONS', 'languages must be an array of WbxmlLanguage');
  }
  const header = readHeader(bytes);
  const language =
    languageFor(header.publicId, languages) ?? languageByRootTag(bytes, header.bodyOffset, languages);
  const root = new BodyParser({
    bytes,
    bodyOffset: header.bodyOffset,
    strings: header.strings,
    tagTables: language === undefined ? undefined : compileLanguage(language).tagTables,
    languageName:
      language === undefined ? `no language for public id ${JSON.stringify(header.publicId)}` : language.name,
    maxDepth,
  }).parse();
  return { version: header.version, publicId: header.publicId, charset: header.charset, root, language };
}

/**
 * The first language whose root tag is the document's first tag token (after any leading
 * SWITCH_PAGE): peers that send public id 1 ("unknown") still get their tags decoded.
 */
function languageByRootTag(
  bytes: Uint8Array,
  bodyOffset: number,
  languages: readonly WbxmlLanguage[],
): WbxmlLanguage | undefined {
  let pos = bodyOffset;
  let page = 0;
  while (pos + 1 < bytes.length && bytes[pos] === GLOBAL_TOKENS.SWITCH_PAGE) {
    page = bytes[pos + 1] as number;
    pos += 2;
  }
  if (pos >= bytes.length) return undefined;
  const token = (bytes[pos] as number) & TAG_TOKEN_MASK;
  return languages.find((language) =>
    compileLanguage(language).rootTokens.some((root) => root.page === page && root.token === token),
  );
}
