/**
 * HTTP Range and conditional requests for the package repository (RFC 9110 §13, §14): one byte
 * range per request (a multi-range request is answered whole, which §14.2 allows), strong ETags
 * from the package's sha256, If-None-Match / If-Modified-Since → 304, If-Range.
 */

export type RangeDecision =
  | { readonly kind: 'full' }
  /** Bytes start..end inclusive (the Content-Range form). */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeDecision = { kind: 'full' };

/**
 * RFC 9110 §14.1.2: `bytes=first-last`, `bytes=first-`, `bytes=-suffix`. A header that does not
 * parse, another unit, or several ranges: the whole representation (the field is ignored). A valid
 * range wholly past the end (or an empty suffix): unsatisfiable → 416.
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return FULL;
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (match?.[1] === undefined) return FULL;
  const specs = match[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length !== 1) return FULL;
  const spec = /^(\d*)-(\d*)$/.exec(specs[0] ?? '');
  if (spec === null) return FULL;
  const [, first = '', last = ''] = spec;
  if (first === '' && last === '') return FULL;
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return FULL;
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  // last < first makes the range-spec invalid, and an invalid field is ignored (§14.1.1).
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return FULL;
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** A strong entity tag from the package digest: the same bytes always have the same tag. */
export function etagFor(sha256: string): string {
  return `"${sha256}"`;
}

function tags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** HTTP-dates have one-second resolution: compare in whole seconds. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function httpDate(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * RFC 9110 §13.1.2 / §13.1.3, for GET and HEAD: If-None-Match (weak comparison, `*` matches) decides
 * when present; otherwise If-Modified-Since. True → answer 304.
 */
export function notModified(
  headers: { readonly ifNoneMatch?: string | undefined; readonly ifModifiedSince?: string | undefined },
  etag: string,
  lastModified: number,
): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const weak = (t: string): string => t.replace(/^W\//, '');
    return tags(headers.ifNoneMatch).some((t) => t === '*' || weak(t) === weak(etag));
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = httpDate(headers.ifModifiedSince);
    return since !== undefined && seconds(lastModified) <= seconds(since);
  }
  return false;
}

/**
 * RFC 9110 §13.1.5: the Range applies only if If-Range still names this representation — a strong
 * entity-tag match, or the exact Last-Modified date. Otherwise the whole representation is sent.
 */
export function rangeStillApplies(ifRange: string | undefined, etag: string, lastModified: number): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = httpDate(value);
  return date !== undefined && seconds(date) === seconds(lastModified);
}
