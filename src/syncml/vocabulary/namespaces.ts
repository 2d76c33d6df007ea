/**
 * XML namespaces and the WBXML code pages that stand for them in the element tree (reference §6.3–6.5).
 * The XML reader maps a namespace to a page; the writer maps a page back to its canonical namespace.
 */
export const PAGES = {
  SYNCML: 0,
  METINF: 1,
  DMDDF: 2,
} as const;

export type Page = (typeof PAGES)[keyof typeof PAGES];

/** Known namespaces; the first one listed for a page is the one the writer emits. */
export const XML_NAMESPACES = [
  { namespace: 'SYNCML:SYNCML1.2', page: PAGES.SYNCML },
  // DM 1.1.2 peers: same element set on page 0 (libwbxml shares the token table).
  { namespace: 'SYNCML:SYNCML1.1', page: PAGES.SYNCML },
  { namespace: 'syncml:metinf', page: PAGES.METINF },
  { namespace: 'syncml:dmddf1.2', page: PAGES.DMDDF },
] as const;

export type XmlNamespace = (typeof XML_NAMESPACES)[number]['namespace'];

const PAGE_BY_NAMESPACE: ReadonlyMap<string, number> = new Map(
  XML_NAMESPACES.map((entry) => [entry.namespace.toLowerCase(), entry.page]),
);

const PAGE_BY_SPELLING = new Map<string, number>();

/**
 * The page of a namespace, compared without case and surrounding blanks: real clients write
 * `syncml:SYNCML1.2` and `SYNCML:SYNCML1.2` alike. Undefined for a namespace we do not know.
 */
export function pageForXmlNamespace(namespace: string): number | undefined {
  // Exact spellings seen before skip the trim and case fold (messages repeat two or three of them).
  const seen = PAGE_BY_SPELLING.get(namespace);
  if (seen !== undefined) return seen;
  const page = PAGE_BY_NAMESPACE.get(namespace.trim().toLowerCase());
  if (page !== undefined && PAGE_BY_SPELLING.size < 64) PAGE_BY_SPELLING.set(namespace, page);
  return page;
}

/** The namespace the writer puts on an element of `page`; undefined for a page we do not know. */
export function xmlNamespaceForPage(page: number): XmlNamespace | undefined {
  return XML_NAMESPACES.find((entry) => entry.page === page)?.namespace;
}
