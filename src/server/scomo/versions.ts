/**
 * Version order for picking the newest package and for FwV conditions. Firmware and package versions
 * are not all SemVer ("R2.1.4b", "20240105"), so the order is a natural one: split into runs of
 * digits and of other characters; digit runs compare as numbers, others case-insensitively; a
 * pre-release part after "-" ("1.0-rc1") sorts before the release.
 */

type Part = number | string;

function parts(text: string): Part[] {
  return (text.toLowerCase().match(/\d+|[a-z]+/g) ?? []).map((p) => (/^\d/.test(p) ? Number(p) : p));
}

function compareParts(a: readonly Part[], b: readonly Part[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x < y ? -1 : 1;
      continue;
    }
    // A number sorts after letters at the same place ("1.0.1" > "1.0.beta").
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Negative when a < b, positive when a > b, 0 when equal in this order. */
export function compareVersions(a: string, b: string): number {
  const [aMain = '', ...aPre] = a.trim().split('-');
  const [bMain = '', ...bPre] = b.trim().split('-');
  const main = compareParts(parts(aMain), parts(bMain));
  if (main !== 0) return main;
  if (aPre.length === 0 || bPre.length === 0) return aPre.length === 0 ? (bPre.length === 0 ? 0 : 1) : -1;
  return compareParts(parts(aPre.join('-')), parts(bPre.join('-')));
}

const CONDITION = /^(>=|<=|>|<|=)\s*(\S+)$/;

/** True when the text is a list of version conditions such as ">=2.0 <3". */
export function isVersionCondition(text: string): boolean {
  const terms = text.trim().split(/\s+/);
  return terms.length > 0 && terms.every((t) => CONDITION.test(t));
}

/** Whether `version` satisfies every condition of `conditions` (">=2.0 <3"). */
export function satisfiesConditions(version: string, conditions: string): boolean {
  return conditions
    .trim()
    .split(/\s+/)
    .every((term) => {
      const match = CONDITION.exec(term);
      if (match?.[1] === undefined || match[2] === undefined) return false;
      const c = compareVersions(version, match[2]);
      switch (match[1]) {
        case '>=':
          return c >= 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '<':
          return c < 0;
        default:
          return c === 0;
      }
    });
}
