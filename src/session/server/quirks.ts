/**
 * Device quirks as data (docs/quirks.md). A quirk is one known client bug and the workaround the
 * server applies; a profile names a device family by its DevInfo (Man, Mod, DmV) and lists the
 * quirks it needs. Profiles are matched once per session, after package #1's DevInfo.
 */
export const QUIRKS = {
  'no-sequence': {
    description:
      'The client rejects or mishandles Sequence. The server sends the children one per package, ' +
      'in order, waiting for each Status; after a failure the rest are reported as 215 (not executed).',
    appliedBy: 'engine',
  },
  'interior-add-empty-data': {
    description:
      'The client refuses an interior-node Add (Meta Format node) without a Data element; the server ' +
      'sends an empty <Data/> with it.',
    appliedBy: 'engine',
  },
  'legacy-content-type': {
    description:
      'The client only accepts the SyncML DS era content types application/vnd.syncml+xml and ' +
      'application/vnd.syncml+wbxml; the server answers with them.',
    appliedBy: 'core',
  },
} as const;

export type QuirkName = keyof typeof QUIRKS;
export const QUIRK_NAMES = Object.keys(QUIRKS) as QuirkName[];

/** Glob patterns on DevInfo leaves: `*` matches any run of characters, comparison ignores case. */
export type QuirkMatch = {
  readonly man?: string;
  readonly mod?: string;
  readonly dmV?: string;
};

export type QuirkProfile = {
  readonly name: string;
  readonly description: string;
  readonly match: QuirkMatch;
  readonly quirks: readonly QuirkName[];
};

/**
 * Built-in profiles. Empty on purpose: a profile belongs here only with a field report naming the
 * device and the failure (docs/quirks.md says how to add one). Deployments add their own through the
 * server option `quirkProfiles`, and operators force quirks on one device with its `quirks` list.
 */
export const BUILTIN_QUIRK_PROFILES: readonly QuirkProfile[] = [];

export function isQuirkName(value: string): value is QuirkName {
  return Object.hasOwn(QUIRKS, value);
}

const DEVINFO_KEYS = { man: './DevInfo/Man', mod: './DevInfo/Mod', dmV: './DevInfo/DmV' } as const;

/**
 * The quirks that apply to a device: those of every profile whose match fits its DevInfo, plus the
 * forced ones (unknown forced names are ignored), without duplicates, in QUIRKS order.
 */
export function quirksFor(
  devInfo: Readonly<Record<string, string>>,
  profiles: readonly QuirkProfile[],
  forced: readonly string[] = [],
): QuirkName[] {
  const found = new Set<QuirkName>(forced.filter(isQuirkName));
  for (const profile of profiles) {
    if (matches(profile.match, devInfo)) for (const quirk of profile.quirks) found.add(quirk);
  }
  return QUIRK_NAMES.filter((name) => found.has(name));
}

function matches(match: QuirkMatch, devInfo: Readonly<Record<string, string>>): boolean {
  const fields = Object.keys(DEVINFO_KEYS) as (keyof QuirkMatch)[];
  let constrained = false;
  for (const field of fields) {
    const pattern = match[field];
    if (pattern === undefined) continue;
    constrained = true;
    const value = devInfo[DEVINFO_KEYS[field]];
    if (value === undefined || !globMatches(pattern, value)) return false;
  }
  // A profile without any constraint would apply to every device: treat it as matching nothing.
  return constrained;
}

/** `*` wildcard glob, case-insensitive, whole-string; no regular expression is built from input. */
export function globMatches(pattern: string, value: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  const text = value.toLowerCase();
  const first = parts[0] ?? '';
  if (!text.startsWith(first)) return false;
  if (parts.length === 1) return text === first;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i += 1) {
    const part = parts[i] ?? '';
    const found = text.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  const last = parts.at(-1) ?? '';
  return text.length - last.length >= at && text.endsWith(last);
}
