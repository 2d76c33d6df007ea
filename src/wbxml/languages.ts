import { DMDDF_12_PAGE, METINF_PAGE, SYNCML_11_PAGE, SYNCML_12_PAGE } from './code-pages.ts';
import type { CodePage } from './code-pages.ts';
import { compileLanguage } from './compiled-language.ts';
import type { WbxmlElement } from './tree.ts';

/**
 * A WBXML language: the document type a public id names, with its tag code pages. Plain data, so an
 * integrator can define another one; the codec derives its lookups once per language object.
 */
export interface WbxmlLanguage {
  readonly name: string;
  /** Numeric public ids (WBXML 1.3 §5.5) that select this language; the first is the encoder's default. */
  readonly publicIds: readonly number[];
  /** Formal public identifiers that select it when the public id comes through the string table. */
  readonly fpis: readonly string[];
  readonly pages: readonly CodePage[];
  /** Root tag, used to recognise a document whose public id is unknown (1) or not listed. */
  readonly rootElement?: string;
  /**
   * Whether the encoder writes a text child of `element` as OPAQUE instead of STR_I. `ancestors` runs
   * from the root down to the element's parent; it is the encoder's live stack, valid during the call
   * only. It may be asked more than once about the same element, so it must be a pure function.
   */
  readonly opaqueText?: (element: WbxmlElement, ancestors: readonly WbxmlElement[]) => boolean;
}

/** SyncML public ids and FPIs (reference §6.1). */
export const PUBLIC_IDS = {
  SYNCML_12: 0x1201,
  SYNCML_11: 0x0fd3,
} as const;

export const FPIS = {
  SYNCML_12: '-//SYNCML//DTD SyncML 1.2//EN',
  SYNCML_11: '-//SYNCML//DTD SyncML 1.1//EN',
  DMDDF_12: '-//OMA//DTD-DM-DDF 1.2//EN',
} as const;

const ITEM_DATA_PARENTS: ReadonlySet<string> = new Set(['Add', 'Replace']);

/**
 * libwbxml's choice (checked with `xml2wbxml -n -v 1.2`, corpus README): the `Data` of an `Item` whose
 * parent is `Add` or `Replace` (at any depth in Atomic/Sequence) goes out as OPAQUE even when it is
 * plain text. Any other Data (Alert, Results, Status, Exec, Copy, Cred, Meta) is STR_I.
 */
export function syncmlOpaqueText(element: WbxmlElement, ancestors: readonly WbxmlElement[]): boolean {
  if (element.name !== 'Data' || element.page !== 0) return false;
  const item = ancestors[ancestors.length - 1];
  const command = ancestors[ancestors.length - 2];
  if (item === undefined || item.name !== 'Item' || item.page !== 0 || command === undefined) return false;
  const type = metaType(item) ?? commandMetaType(command);
  // libwbxml writes vObject payloads as OPAQUE in any command, and keeps TNDS/DevInf text (markup
  // written as text) inline even in Add/Replace; checked against xml2wbxml 0.11.8.
  if (type !== undefined && OPAQUE_TYPES.has(type)) return true;
  if (type !== undefined && INLINE_TYPES.has(type)) return false;
  return command.page === 0 && ITEM_DATA_PARENTS.has(command.name);
}

const OPAQUE_TYPES: ReadonlySet<string> = new Set([
  'text/clear',
  'text/x-vcard',
  'text/x-vcalendar',
  'text/directory;profile=vCard',
]);

const INLINE_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.syncml.dmtnds+xml',
  'application/vnd.syncml.dmtnds+wbxml',
  'application/vnd.syncml-devinf+xml',
]);

/** Command-level Meta Type, looked up once per command: a Results can hold hundreds of Items. */
const commandTypes = new WeakMap<WbxmlElement, string | undefined>();

function commandMetaType(command: WbxmlElement): string | undefined {
  if (commandTypes.has(command)) return commandTypes.get(command);
  const type = metaType(command);
  commandTypes.set(command, type);
  return type;
}

/** The text of `<Meta><Type>` directly under `parent`, if any. */
function metaType(parent: WbxmlElement): string | undefined {
  for (const meta of parent.children) {
    if (meta.type !== 'element' || meta.name !== 'Meta' || meta.page !== 0) continue;
    for (const type of meta.children) {
      if (type.type !== 'element' || type.name !== 'Type' || type.page !== 1) continue;
      const text = type.children[0];
      return text !== undefined && text.type === 'text' ? text.value.trim() : undefined;
    }
  }
  return undefined;
}

/**
 * SyncML 1.2 (DM 1.2 messages). Pages 0 (SyncML) and 1 (MetInf) are libwbxml's table; page 2 (DM DDF)
 * is added so that a message that switches to page 2 inline for a TNDS tree decodes (reference §6.5:
 * accept both the nested document and direct page-2 switching on input).
 */
export const SYNCML_12: WbxmlLanguage = {
  name: 'SyncML 1.2',
  publicIds: [PUBLIC_IDS.SYNCML_12],
  fpis: [FPIS.SYNCML_12],
  pages: [SYNCML_12_PAGE, METINF_PAGE, DMDDF_12_PAGE],
  rootElement: 'SyncML',
  opaqueText: syncmlOpaqueText,
};

/**
 * SyncML 1.1 (DM 1.1.2 peers), accepted on input. Same tokens as 1.2; page 0 maps to the 1.1
 * namespace so that a decoded 1.1 message converts to XML under the namespace it was written in.
 */
export const SYNCML_11: WbxmlLanguage = {
  name: 'SyncML 1.1',
  publicIds: [PUBLIC_IDS.SYNCML_11],
  fpis: [FPIS.SYNCML_11],
  pages: [SYNCML_11_PAGE, METINF_PAGE, DMDDF_12_PAGE],
  rootElement: 'SyncML',
  opaqueText: syncmlOpaqueText,
};

/**
 * DM DDF 1.2 / TNDS trees. No numeric public id: the FPI travels in the string table, and the tags
 * live on page 2, so a document starts with `00 02` (libwbxml: `03 00 00 6A 1B "-//OMA//DTD-DM-DDF
 * 1.2//EN" 00 00 02 60 …`).
 */
export const DMDDF_12: WbxmlLanguage = {
  name: 'DM DDF 1.2',
  publicIds: [],
  fpis: [FPIS.DMDDF_12],
  pages: [DMDDF_12_PAGE],
  rootElement: 'MgmtTree',
};

/** The languages the decoder tries by default, in order. */
export const WBXML_LANGUAGES: readonly WbxmlLanguage[] = [SYNCML_12, SYNCML_11, DMDDF_12];

/** The language a public id (number, or FPI string) selects, or undefined. */
export function languageFor(
  publicId: number | string,
  languages: readonly WbxmlLanguage[] = WBXML_LANGUAGES,
): WbxmlLanguage | undefined {
  if (typeof publicId === 'number')
    return languages.find((language) => language.publicIds.includes(publicId));
  const fpi = publicId.trim();
  return languages.find((language) => language.fpis.includes(fpi));
}

/** The public id the encoder writes for `language` by default: its first numeric id, else its first FPI. */
export function defaultPublicId(language: WbxmlLanguage): number | string | undefined {
  return language.publicIds[0] ?? language.fpis[0];
}

/**
 * The code page whose tags live in XML namespace `namespace`, or undefined. Compared without case:
 * peers write `syncml:SYNCML1.2` as often as `SYNCML:SYNCML1.2`.
 */
export function pageForNamespace(language: WbxmlLanguage, namespace: string): number | undefined {
  return compileLanguage(language).pageByNamespace.get(namespace.trim().toLowerCase());
}

/** The XML namespace of code page `page` in `language`, or undefined. */
export function namespaceForPage(language: WbxmlLanguage, page: number): string | undefined {
  return language.pages.find((codePage) => codePage.page === page)?.namespace;
}
