/**
 * The row count a `limit` option asks for, with the same meaning as the server's MemoryStore
 * (`values.slice(0, Math.max(0, limit))`): absent or +Infinity means all rows, negatives and NaN mean
 * none, fractions are truncated. Returns undefined for "no limit".
 */
export function normalizeLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || limit === Number.POSITIVE_INFINITY) return undefined;
  if (Number.isNaN(limit)) return 0;
  return Math.max(0, Math.trunc(limit));
}
