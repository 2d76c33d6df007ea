import { PAGES } from './namespaces.ts';

/**
 * Elements whose DTD content model is EMPTY: flags whose presence is the value. The XML writer closes
 * these as `<Final/>`; every other element without content is written `<Data></Data>`, as the corpus
 * does, so that an empty value reads as an empty value rather than as a flag.
 */
export const EMPTY_ELEMENTS = {
  // SyncML RepPro 1.2 DTD.
  [PAGES.SYNCML]: ['Final', 'MoreData', 'NoResp', 'NoResults', 'Archive', 'SftDel'],
  // MetInf 1.2 DTD.
  [PAGES.METINF]: ['SharedMem', 'FieldLevel'],
  // DM DDF 1.2 (DM TND §8): format names, access types, occurrence, scope, case sense.
  [PAGES.DMDDF]: [
    'b64',
    'bin',
    'bool',
    'chr',
    'int',
    'node',
    'null',
    'xml',
    'date',
    'time',
    'float',
    'Add',
    'Copy',
    'Delete',
    'Exec',
    'Get',
    'Replace',
    'One',
    'ZeroOrOne',
    'ZeroOrMore',
    'OneOrMore',
    'ZeroOrN',
    'OneOrN',
    'Permanent',
    'Dynamic',
    'CS',
    'CIS',
  ],
} as const;

const EMPTY_BY_PAGE: ReadonlyMap<number, ReadonlySet<string>> = new Map(
  Object.entries(EMPTY_ELEMENTS).map(([page, names]) => [Number(page), new Set<string>(names)]),
);

/** True when `<name/>` is the canonical form of the element on `page`. */
export function isEmptyElement(page: number, name: string): boolean {
  return EMPTY_BY_PAGE.get(page)?.has(name) ?? false;
}
