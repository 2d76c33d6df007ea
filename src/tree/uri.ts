/**
 * Management tree URIs (DM 1.2 TND §6; reference §7.1): normalisation, validation, the DevDetail
 * URI limits and the `?prop=` / `?list=` suffixes.
 */
import { utf8Length } from './bytes.ts';
import { isPropertyName, parseTndsSelection } from './properties.ts';
import type { PropertyName, TndsSelection } from './properties.ts';

/** ./DevDetail/URI/{MaxDepth,MaxTotLen,MaxSegLen}; 0 means unlimited (reference §7.6). */
export interface UriLimits {
  readonly maxDepth: number;
  readonly maxTotLen: number;
  readonly maxSegLen: number;
}

export const NO_URI_LIMITS: UriLimits = { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 };

/**
 * A ceiling on depth even when MaxDepth is 0, so that recursive walks (snapshot, TNDS, Delete) stay
 * far from the engine's stack limit whatever a server sends.
 */
export const HARD_MAX_DEPTH = 256;

export type UriQuery =
  | { readonly kind: 'none' }
  | { readonly kind: 'prop'; readonly name: PropertyName }
  | { readonly kind: 'list'; readonly list: 'Struct' | 'StructData' }
  | { readonly kind: 'tnds'; readonly select: TndsSelection };

export interface ParsedUri {
  /** Node names from the root; [] is the root itself. */
  readonly segments: readonly string[];
  /** The path as the server wrote it, without the query (echoed in ?list results). */
  readonly written: string;
  readonly query: UriQuery;
}

export type UriParse =
  { readonly ok: true; readonly uri: ParsedUri } | { readonly ok: false; readonly status: 400 | 406 | 414 };

const NO_QUERY: UriQuery = { kind: 'none' };

/**
 * Splits a path into segments. `./A/B` and `A/B` are the same node; the root is `.` only (never
 * `./`); no trailing `/`, no empty, `.` or `..` segment; `./` only at the start (reference §7.1).
 */
export function splitPath(path: string): readonly string[] | undefined {
  if (path === '.') return [];
  const rest = path.startsWith('./') ? path.slice(2) : path;
  if (rest === '') return undefined;
  const segments = rest.split('/');
  for (const s of segments) if (!isValidNodeName(s)) return undefined;
  return segments;
}

/** A node name: non-empty, no `/`, not `.` or `..` (DM 1.2 TND §6.1). */
export function isValidNodeName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('?');
}

/**
 * 414 when `segments` exceed the limits: depth in segments, total length and segment length in
 * UTF-8 bytes. The total is measured without the optional `./` prefix so both spellings agree.
 */
export function checkLimits(segments: readonly string[], limits: UriLimits): 200 | 414 {
  if (segments.length > HARD_MAX_DEPTH) return 414;
  if (limits.maxDepth > 0 && segments.length > limits.maxDepth) return 414;
  let total = segments.length > 0 ? segments.length - 1 : 0;
  for (const s of segments) {
    const len = utf8Length(s);
    if (limits.maxSegLen > 0 && len > limits.maxSegLen) return 414;
    total += len;
  }
  if (limits.maxTotLen > 0 && total > limits.maxTotLen) return 414;
  return 200;
}

function parseQuery(query: string): UriQuery | undefined {
  const eq = query.indexOf('=');
  if (eq < 0) return undefined;
  const key = query.slice(0, eq);
  const value = query.slice(eq + 1);
  if (key === 'prop') return isPropertyName(value) ? { kind: 'prop', name: value } : undefined;
  if (key !== 'list') return undefined;
  if (value === 'Struct' || value === 'StructData') return { kind: 'list', list: value };
  if (!value.startsWith('TNDS')) return undefined;
  const select = parseTndsSelection(value.slice(4));
  return select === undefined ? undefined : { kind: 'tnds', select };
}

/**
 * Parses a target URI: 400 when malformed, 414 when over the limits, 406 for a `?` suffix the tree
 * does not support (an unknown property or list attribute, reference §7.1).
 */
export function parseUri(raw: string, limits: UriLimits = NO_URI_LIMITS): UriParse {
  const q = raw.indexOf('?');
  const written = q < 0 ? raw : raw.slice(0, q);
  const segments = splitPath(written);
  if (segments === undefined) return { ok: false, status: 400 };
  if (checkLimits(segments, limits) === 414) return { ok: false, status: 414 };
  let query = NO_QUERY;
  if (q >= 0) {
    const parsed = parseQuery(raw.slice(q + 1));
    if (parsed === undefined) return { ok: false, status: 406 };
    query = parsed;
  }
  return { ok: true, uri: { segments, written, query } };
}

/** The canonical spelling: `.` for the root, `./A/B` otherwise. */
export function formatUri(segments: readonly string[]): string {
  return segments.length === 0 ? '.' : `./${segments.join('/')}`;
}

/** Canonical form of a path (`A/B` → `./A/B`), or undefined when it is not a valid tree path. */
export function normalizeUri(path: string): string | undefined {
  const segments = splitPath(path);
  return segments === undefined ? undefined : formatUri(segments);
}

/** `base` (as written) extended by child names, keeping the writer's spelling. */
export function appendUri(base: string, names: readonly string[]): string {
  if (names.length === 0) return base;
  return base === '.' ? `./${names.join('/')}` : `${base}/${names.join('/')}`;
}
