/**
 * MetInf vocabulary that OMA DM uses: node formats (reference §1.3, DM TND), the default Format and
 * Type of an omitted Meta (reference §2.2) and the Generic Alert Mark severities (reference §2.10).
 */
export const META_FORMATS = [
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
] as const;

export type MetaFormat = (typeof META_FORMATS)[number];

/** Omitted Format means chr, omitted Type means text/plain (SyncML MetInf defaults, reference §2.2). */
export const META_DEFAULTS = { format: 'chr', type: 'text/plain' } as const;

const FORMATS: ReadonlySet<string> = new Set(META_FORMATS);

export function isMetaFormat(value: string): value is MetaFormat {
  return FORMATS.has(value);
}

/** Mark severities of a Generic Alert, most severe first (reference §2.10). */
export const MARK_SEVERITIES = [
  'fatal',
  'critical',
  'minor',
  'warning',
  'informational',
  'harmless',
  'indeterminate',
] as const;

export type MarkSeverity = (typeof MARK_SEVERITIES)[number];

/** A Generic Alert without Mark is informational (reference §2.10). */
export const DEFAULT_MARK: MarkSeverity = 'informational';

export function isMarkSeverity(value: string): value is MarkSeverity {
  return (MARK_SEVERITIES as readonly string[]).includes(value);
}

/** Orders marks: negative when `a` is more severe than `b`. */
export function compareMarkSeverity(a: MarkSeverity, b: MarkSeverity): number {
  return MARK_SEVERITIES.indexOf(a) - MARK_SEVERITIES.indexOf(b);
}
