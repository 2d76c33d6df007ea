/**
 * A fast path for the XML that DM peers actually send: elements, default-namespace `xmlns`
 * attributes, text with the predefined and numeric character references, and CDATA. saxes (the
 * conformant parser) tops out near 3,300 corpus messages/s on a 2-core machine, below the codec's
 * throughput target, so well-formed messages of this subset are read here in one pass.
 *
 * The contract is conservative: `fastReadXml` returns `undefined` for anything outside the subset or
 * anything it does not fully check (comments, PIs past the declaration, DOCTYPE, prefixed names,
 * other attributes, control characters, malformed markup). The caller then parses with saxes, which
 * gives the exact error with line and column. The tree is the same either way (a differential test
 * holds both readers to that).
 */
import type { WbxmlAttribute, WbxmlElement, WbxmlText } from '../../wbxml/index.ts';

/** Maps a namespace URI to a code page; undefined means unknown namespace (fall back). */
export type PageForNamespace = (namespace: string) => number | undefined;

const LT = 0x3c;
const SLASH = 0x2f;

/** Elements of this subset carry no attributes (xmlns is not one): they share one frozen empty list. */
const NO_ATTRIBUTES = Object.freeze([]) as unknown as WbxmlAttribute[];
const QUESTION = 0x3f;
const BANG = 0x21;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Remembers the last namespace looked up: messages switch between two or three of them. */
function cachedPages(pageFor: PageForNamespace): PageForNamespace {
  const seen = new Map<string, number | undefined>();
  return (namespace) => {
    if (seen.has(namespace)) return seen.get(namespace);
    const page = pageFor(namespace);
    seen.set(namespace, page);
    return page;
  };
}

export function fastReadXml(
  text: string,
  pageForNamespace: PageForNamespace,
  maxDepth = Number.POSITIVE_INFINITY,
): WbxmlElement | undefined {
  const pageFor = cachedPages(pageForNamespace);
  let i = skipProlog(text);
  if (i < 0) return undefined;
  const stack: WbxmlElement[] = [];
  let root: WbxmlElement | undefined;
  // The text node written last, while no tag has come since (for merging adjacent pieces).
  let lastText: WbxmlText | undefined;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      if (!isBlank(text, i, n)) return undefined;
      break;
    }
    if (lt > i) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (!isBlank(text, i, lt)) return undefined;
      } else if (!isBlank(text, i, lt)) {
        const value = decodeText(text, i, lt);
        if (value === undefined) return undefined;
        lastText = pushText(top, lastText, value, false);
      }
    }
    const next = text.charCodeAt(lt + 1);
    if (next !== BANG) lastText = undefined;
    if (next === SLASH) {
      const gt = text.indexOf('>', lt + 2);
      if (gt < 0) return undefined;
      const top = stack.pop();
      if (top === undefined || !closes(text, lt + 2, gt, top.name)) return undefined;
      i = gt + 1;
      if (stack.length === 0) {
        if (!isBlank(text, i, n)) return undefined;
        break;
      }
      continue;
    }
    if (next === BANG) {
      // Only CDATA inside an element; comments and DOCTYPE go to saxes.
      if (!text.startsWith('<![CDATA[', lt) || stack.length === 0) return undefined;
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) return undefined;
      const value = text.slice(lt + 9, end);
      if (hasControlChars(value)) return undefined;
      lastText = pushText(stack[stack.length - 1] as WbxmlElement, lastText, value, true);
      i = end + 3;
      continue;
    }
    if (next === QUESTION) return undefined;
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) return undefined;
    const selfClosing = text.charCodeAt(gt - 1) === SLASH;
    if (!parseStartTag(text, lt + 1, selfClosing ? gt - 1 : gt)) return undefined;
    const namespace = tagNamespace;
    if (root !== undefined && stack.length === 0) return undefined; // a second root element
    const parent = stack[stack.length - 1];
    // An element without xmlns stays in its parent's namespace, hence on its parent's page.
    const page = namespace === undefined ? (parent?.page ?? 0) : pageFor(namespace);
    if (page === undefined) return undefined;
    const element: WbxmlElement = {
      type: 'element',
      name: tagName,
      page,
      attributes: NO_ATTRIBUTES,
      children: [],
    };
    if (parent === undefined) root = element;
    else parent.children.push(element);
    if (!selfClosing) {
      // Deeper than the limit: saxes reports it with line and column.
      if (stack.length >= maxDepth) return undefined;
      stack.push(element);
    }
    i = gt + 1;
    if (selfClosing && stack.length === 0) {
      if (!isBlank(text, i, n)) return undefined;
      break;
    }
  }
  return stack.length === 0 ? root : undefined;
}

/** True when text[from, to) is `name` followed by optional blanks (an end tag's content). */
function closes(text: string, from: number, to: number, name: string): boolean {
  if (!text.startsWith(name, from)) return false;
  for (let k = from + name.length; k < to; k++) if (!isBlankCode(text.charCodeAt(k))) return false;
  return true;
}

/** Skips a BOM, an XML declaration and blanks; -1 when something else precedes the root. */
function skipProlog(text: string): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  i = skipBlank(text, i);
  if (text.startsWith('<?xml', i)) {
    const end = text.indexOf('?>', i);
    if (end < 0) return -1;
    i = skipBlank(text, end + 2);
  }
  return text.charCodeAt(i) === LT ? i : -1;
}

function skipBlank(text: string, i: number): number {
  while (i < text.length && isBlankCode(text.charCodeAt(i))) i++;
  return i;
}

function isBlankCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isBlankCode(text.charCodeAt(k))) return false;
  return true;
}

/** True when the text holds characters XML 1.0 forbids (§2.2) — saxes reports or repairs those. */
function hasControlChars(value: string): boolean {
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
    if (c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

function isNameCode(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2e
  );
}

/**
 * parseStartTag's results, in module state rather than a fresh object per element: the reader runs
 * once per element of every message, and this keeps it allocation-free.
 */
let tagName = '';
let tagNamespace: string | undefined;

/**
 * Canonical copies of element names seen before, by length. Returning the same string object for
 * every `<Item>` saves a slice per element and lets the WBXML encoder's token Map reuse its cached hash.
 */
const knownNames = new Map<number, string[]>();
const KNOWN_NAMES_MAX = 512;
let knownNameCount = 0;

function internName(text: string, from: number, to: number): string {
  const length = to - from;
  const candidates = knownNames.get(length);
  if (candidates !== undefined) {
    for (const candidate of candidates) if (text.startsWith(candidate, from)) return candidate;
  }
  const name = text.slice(from, to);
  if (knownNameCount < KNOWN_NAMES_MAX) {
    knownNameCount++;
    if (candidates === undefined) knownNames.set(length, [name]);
    else candidates.push(name);
  }
  return name;
}

/**
 * `Name`, optionally followed by one `xmlns="…"` attribute; anything else is outside the subset.
 * Sets tagName / tagNamespace and returns true, or returns false.
 */
function parseStartTag(text: string, from: number, to: number): boolean {
  let k = from;
  const first = text.charCodeAt(k);
  if (!((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || first === 0x5f)) return false;
  while (k < to && isNameCode(text.charCodeAt(k))) k++;
  tagName = internName(text, from, k);
  tagNamespace = undefined;
  const nameEnd = k;
  k = skipBlankUntil(text, k, to);
  if (k === to) return true;
  if (k === nameEnd || !text.startsWith('xmlns', k)) return false;
  k = skipBlankUntil(text, k + 5, to);
  if (text.charCodeAt(k) !== 0x3d) return false;
  k = skipBlankUntil(text, k + 1, to);
  const quote = text.charCodeAt(k);
  if (quote !== 0x22 && quote !== 0x27) return false;
  const close = text.indexOf(quote === 0x22 ? '"' : "'", k + 1);
  if (close < 0 || close >= to) return false;
  const namespace = internName(text, k + 1, close);
  if (namespace.includes('&') || namespace.includes('<')) return false;
  if (skipBlankUntil(text, close + 1, to) !== to) return false;
  tagNamespace = namespace;
  return true;
}

function skipBlankUntil(text: string, k: number, to: number): number {
  while (k < to && isBlankCode(text.charCodeAt(k))) k++;
  return k;
}

/** Decodes character references in text[from, to); undefined when something needs saxes. */
function decodeText(text: string, from: number, to: number): string | undefined {
  // One pass: find references and reject characters XML 1.0 §2.2 forbids (saxes reports those).
  let out = '';
  let start = from;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x26) {
      const semi = text.indexOf(';', k + 1);
      if (semi < 0 || semi >= to || semi - k > 12) return undefined;
      const decoded = decodeReference(text.slice(k + 1, semi));
      if (decoded === undefined) return undefined;
      out += text.slice(start, k) + decoded;
      start = semi + 1;
      k = semi;
    } else if (
      c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c === 0x3e ? isCdataEnd(text, k) : c >= 0xfffe
    ) {
      return undefined;
    }
  }
  return start === from ? text.slice(from, to) : out + text.slice(start, to);
}

/** `]]>` may not appear in text (XML 1.0 §2.4). */
function isCdataEnd(text: string, gt: number): boolean {
  return text.charCodeAt(gt - 1) === 0x5d && text.charCodeAt(gt - 2) === 0x5d;
}

function decodeReference(ref: string): string | undefined {
  if (ref.charCodeAt(0) === 0x23) {
    const hex = ref.charCodeAt(1) === 0x78;
    const digits = ref.slice(hex ? 2 : 1);
    if (digits.length === 0 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
    const code = Number.parseInt(digits, hex ? 16 : 10);
    // XML 1.0 §4.1: a character reference must match Char.
    if (
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff)
    ) {
      return String.fromCodePoint(code);
    }
    return undefined;
  }
  return PREDEFINED[ref];
}

/**
 * Appends text to `element`, merging with `last` — the text node written just before, if nothing
 * came between them — when it is of the same kind (a CDATA section split in two, say). Returns the
 * node now last. Tracking it in the caller avoids reading back children of mixed shapes.
 */
function pushText(
  element: WbxmlElement,
  last: WbxmlText | undefined,
  value: string,
  cdata: boolean,
): WbxmlText {
  if (last !== undefined && (last.cdata ?? false) === cdata) {
    last.value += value;
    return last;
  }
  const node: WbxmlText = cdata ? { type: 'text', value, cdata: true } : { type: 'text', value };
  element.children.push(node);
  return node;
}
