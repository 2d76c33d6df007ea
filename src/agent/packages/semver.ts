/**
 * The subset of Semantic Versioning 2.0.0 the manifest's `dependsOn` needs: versions (a missing minor
 * or patch reads as 0, so "1.2" is 1.2.0; build metadata is ignored for precedence, §10) and ranges in
 * the npm notation integrators know: `1.2.3`, `=1.2.3`, `>`, `>=`, `<`, `<=`, `^`, `~`, x-ranges
 * (`1.x`, `1.2.*`, `*`), hyphen ranges (`1.2 - 2.3.4`), space-separated AND and `||` OR.
 * A pre-release version matches a comparator set only when one of its comparators names a
 * pre-release of the same major.minor.patch (the npm rule), so `^1.0.0` does not pick `2.0.0-rc.1`.
 */

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Dot-separated identifiers; numeric ones as numbers (SemVer §11.4.1). */
  readonly prerelease: readonly (string | number)[];
}

type Operator = '<' | '<=' | '>' | '>=' | '=';

interface Comparator {
  readonly op: Operator;
  readonly version: Version;
}

/** OR of AND-sets; an empty AND-set matches every release. */
export type VersionRange = readonly (readonly Comparator[])[];

/** A partial version as ranges write it: undefined parts are missing or wildcards. */
interface Partial {
  readonly major: number | undefined;
  readonly minor: number | undefined;
  readonly patch: number | undefined;
  readonly prerelease: readonly (string | number)[];
}

const NUMBER = /^(?:0|[1-9]\d{0,15})$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;
const WILDCARD = new Set(['x', 'X', '*']);

/** Parses "1", "1.2", "1.2.3", "v1.2.3-rc.1+build"; undefined when it is not a version. */
export function parseVersion(text: string): Version | undefined {
  const partial = parsePartial(text.trim(), false);
  if (partial === undefined || partial.major === undefined) return undefined;
  return fill(partial);
}

export function compareVersions(a: Version, b: Version): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  // SemVer §11.3: a version without pre-release ranks above one with it.
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  if (a.prerelease.length === 0) return 1;
  if (b.prerelease.length === 0) return -1;
  const length = Math.max(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < length; i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    // §11.4.3: numeric identifiers rank below alphanumeric ones.
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Parses a range; undefined when the text is not one. */
export function parseRange(text: string): VersionRange | undefined {
  const sets: Comparator[][] = [];
  for (const alternative of text.split('||')) {
    const set = parseAndSet(alternative.trim());
    if (set === undefined) return undefined;
    sets.push(set);
  }
  return sets;
}

/**
 * True when `version` satisfies `range`. A version that is not SemVer-like satisfies only a range
 * that is exactly the same string (so opaque versions such as "build-42" still work with exact pins).
 */
export function satisfies(version: string, range: string): boolean {
  const parsedRange = parseRange(range);
  const parsedVersion = parseVersion(version);
  if (parsedRange === undefined || parsedVersion === undefined) return version.trim() === range.trim();
  return parsedRange.some((set) => setMatches(set, parsedVersion));
}

function setMatches(set: readonly Comparator[], version: Version): boolean {
  if (!set.every((c) => test(c, version))) return false;
  if (version.prerelease.length === 0) return true;
  return set.some(
    (c) =>
      c.version.prerelease.length > 0 &&
      c.version.major === version.major &&
      c.version.minor === version.minor &&
      c.version.patch === version.patch,
  );
}

function test(comparator: Comparator, version: Version): boolean {
  const order = compareVersions(version, comparator.version);
  switch (comparator.op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '=':
      return order === 0;
  }
}

function parseAndSet(text: string): Comparator[] | undefined {
  if (text === '') return [];
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen !== null) return hyphenRange(hyphen[1] ?? '', hyphen[2] ?? '');
  // "> = 1.2" is not a range, but ">= 1.2" is (npm allows a space after the operator).
  const tokens = text.replace(/([<>]=?|=|\^|~)\s+/g, '$1').split(/\s+/);
  const out: Comparator[] = [];
  for (const token of tokens) {
    const part = comparatorsOf(token);
    if (part === undefined) return undefined;
    out.push(...part);
  }
  return out;
}

function comparatorsOf(token: string): Comparator[] | undefined {
  const match = /^(<=|>=|<|>|=|\^|~)?(.*)$/.exec(token);
  const op = match?.[1] ?? '';
  const rest = match?.[2] ?? '';
  // An operator needs an operand: a lone "^" or ">=" is a typo, not "any version".
  if (op !== '' && rest === '') return undefined;
  const partial = parsePartial(rest, true);
  if (partial === undefined) return undefined;
  switch (op) {
    case '^':
      return caret(partial);
    case '~':
      return tilde(partial);
    case '':
    case '=':
      return xRange(partial);
    default:
      return primitive(op as Operator, partial);
  }
}

/** `^`: changes that do not modify the left-most non-zero part. */
function caret(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const low = ge(fill(p));
  if (p.major > 0 || p.minor === undefined) return [low, lt(p.major + 1, 0, 0)];
  if (p.minor > 0 || p.patch === undefined) return [low, lt(p.major, p.minor + 1, 0)];
  return [low, lt(p.major, p.minor, p.patch + 1)];
}

/** `~`: patch-level changes when a minor is given, minor-level otherwise. */
function tilde(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const low = ge(fill(p));
  return p.minor === undefined ? [low, lt(p.major + 1, 0, 0)] : [low, lt(p.major, p.minor + 1, 0)];
}

function xRange(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  if (p.minor === undefined) return [ge(fill(p)), lt(p.major + 1, 0, 0)];
  if (p.patch === undefined) return [ge(fill(p)), lt(p.major, p.minor + 1, 0)];
  return [{ op: '=', version: fill(p) }];
}

function primitive(op: Operator, p: Partial): Comparator[] {
  if (p.major === undefined) return op === '<' || op === '>' ? [{ op: '<', version: fill(p) }] : [];
  if (p.patch !== undefined && p.minor !== undefined) return [{ op, version: fill(p) }];
  // A partial bound covers the whole x-range it names: ">1.2" means ">=1.3.0", "<=1.2" means "<1.3.0".
  const next = p.minor === undefined ? bump(p.major + 1, 0) : bump(p.major, p.minor + 1);
  switch (op) {
    case '>':
      return [{ op: '>=', version: next }];
    case '<=':
      return [{ op: '<', version: next }];
    default:
      return [{ op, version: fill(p) }];
  }
}

function hyphenRange(from: string, to: string): Comparator[] | undefined {
  const low = parsePartial(from, true);
  const high = parsePartial(to, true);
  if (low === undefined || high === undefined) return undefined;
  const out: Comparator[] = low.major === undefined ? [] : [ge(fill(low))];
  if (high.major === undefined) return out;
  if (high.minor === undefined) return [...out, lt(high.major + 1, 0, 0)];
  if (high.patch === undefined) return [...out, lt(high.major, high.minor + 1, 0)];
  return [...out, { op: '<=', version: fill(high) }];
}

function parsePartial(text: string, allowWildcards: boolean): Partial | undefined {
  const body = text.replace(/^v/i, '');
  const plus = body.indexOf('+');
  if (
    plus >= 0 &&
    !body
      .slice(plus + 1)
      .split('.')
      .every((id) => IDENTIFIER.test(id))
  )
    return undefined;
  const withoutBuild = plus >= 0 ? body.slice(0, plus) : body;
  const dash = withoutBuild.indexOf('-');
  const core = dash >= 0 ? withoutBuild.slice(0, dash) : withoutBuild;
  const pre = dash >= 0 ? withoutBuild.slice(dash + 1).split('.') : [];
  const parts = core.split('.');
  if (parts.length > 3 || (parts.length === 1 && parts[0] === '' && !allowWildcards)) return undefined;
  const numbers: (number | undefined)[] = [];
  let wildcard = false;
  for (const part of parts) {
    if (allowWildcards && (WILDCARD.has(part) || (part === '' && parts.length === 1))) {
      wildcard = true;
      numbers.push(undefined);
    } else if (NUMBER.test(part) && !wildcard) {
      numbers.push(Number(part));
    } else {
      return undefined;
    }
  }
  if (!pre.every((id) => IDENTIFIER.test(id))) return undefined;
  if (pre.length > 0 && numbers.length < 3) return undefined;
  return {
    major: numbers[0],
    minor: numbers[1],
    patch: numbers[2],
    prerelease: pre.map((id) => (NUMBER.test(id) ? Number(id) : id)),
  };
}

function fill(p: Partial): Version {
  return { major: p.major ?? 0, minor: p.minor ?? 0, patch: p.patch ?? 0, prerelease: p.prerelease };
}

function bump(major: number, minor: number): Version {
  return { major, minor, patch: 0, prerelease: [] };
}

function ge(version: Version): Comparator {
  return { op: '>=', version };
}

function lt(major: number, minor: number, patch: number): Comparator {
  return { op: '<', version: { major, minor, patch, prerelease: [] } };
}
