/**
 * Run-time properties (DM 1.2 TND §7.3; reference §7.3) as data: which exist, which a server may
 * Replace, and which a `?list=TNDS` result can carry.
 */

export const PROPERTIES = {
  ACL: { replace: true },
  Format: { replace: false },
  Name: { replace: true },
  Size: { replace: false },
  Title: { replace: true },
  TStamp: { replace: false },
  Type: { replace: false },
  VerNo: { replace: false },
} as const;

export type PropertyName = keyof typeof PROPERTIES;

export const PROPERTY_NAMES = Object.keys(PROPERTIES) as readonly PropertyName[];

export function isPropertyName(value: string): value is PropertyName {
  return Object.hasOwn(PROPERTIES, value);
}

/** Title is at most 255 bytes (DM 1.2 TND §7.3.8). */
export const MAX_TITLE_BYTES = 255;

/**
 * What a `?list=TNDS[+Prop…|-Prop…]` result carries (DM 1.2 TND §8.4; reference §7.1). `Value`
 * (also spelled `Values`) stands for the leaf values. Bare `TNDS` carries everything; a list of
 * `+Prop` items carries only those (NodeName and Path always); `-Prop` items start from everything.
 */
export const TNDS_SELECTABLE = [
  'ACL',
  'Format',
  'Name',
  'Size',
  'Title',
  'TStamp',
  'Type',
  'VerNo',
  'Value',
] as const;
export type TndsSelectable = (typeof TNDS_SELECTABLE)[number];

export type TndsSelection = ReadonlySet<TndsSelectable>;

export const TNDS_SELECT_ALL: TndsSelection = new Set(TNDS_SELECTABLE);

/** Parses the part after `TNDS` (e.g. "+ACL+Value"); undefined when it is not a valid selection. */
export function parseTndsSelection(spec: string): TndsSelection | undefined {
  if (spec === '') return TNDS_SELECT_ALL;
  const items = spec.match(/[+-][^+-]*/g);
  if (!items || items.join('') !== spec) return undefined;
  const adding = items[0]?.startsWith('+') ?? true;
  const out = new Set<TndsSelectable>(adding ? [] : TNDS_SELECTABLE);
  for (const item of items) {
    if (item.startsWith('+') !== adding) return undefined; // mixing + and - is not meaningful
    const raw = item.slice(1) === 'Values' ? 'Value' : item.slice(1);
    const name = TNDS_SELECTABLE.find((p) => p === raw);
    if (name === undefined) return undefined;
    if (adding) out.add(name);
    else out.delete(name);
  }
  return out;
}
