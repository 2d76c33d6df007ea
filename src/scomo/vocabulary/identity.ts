/**
 * SCOMO identity (reference §1.1): the MO identifiers carried by the Type property of the SCOMO root,
 * the default root location, and the Generic Alert types and formats of OperationComplete (§1.8).
 */

/** MO identifier per SCOMO version: the Type property of the root interior node [C]. */
export const SCOMO_MO_IDS = {
  '1.0': 'urn:oma:mo:oma-scomo:1.0',
  '1.1': 'urn:oma:mo:oma-scomo:1.1',
} as const;

export type ScomoVersion = keyof typeof SCOMO_MO_IDS;
export type ScomoMoId = (typeof SCOMO_MO_IDS)[ScomoVersion];

const MO_ID_VERSIONS: ReadonlyMap<string, ScomoVersion> = new Map(
  (Object.keys(SCOMO_MO_IDS) as ScomoVersion[]).map((v) => [SCOMO_MO_IDS[v], v]),
);

/** The SCOMO version a Type property names, or undefined when it is not a SCOMO MOID. */
export function scomoVersionOf(type: string): ScomoVersion | undefined {
  // URNs compare case-insensitively in practice (RFC 8141 NID and the OMA NSS are ASCII).
  return MO_ID_VERSIONS.get(type.trim().toLowerCase());
}

export function isScomoMoId(type: unknown): type is ScomoMoId {
  return typeof type === 'string' && scomoVersionOf(type) !== undefined;
}

/**
 * The root is an unnamed placeholder placed anywhere; servers find it by its Type (reference §1.1).
 * `./SCOMO` is what Nokia and Redbend use and what scomo's agent lays out by default.
 */
export const DEFAULT_SCOMO_ROOT = './SCOMO';

/** Root locations seen in the field, probed first by discovery (Verizon uses ./SCM). */
export const WELL_KNOWN_SCOMO_ROOTS = ['./SCOMO', './SCM'] as const;

/**
 * Generic Alert (1226) Meta Types of OperationComplete (reference §1.1, §1.8). The legacy type is the
 * pre-approval Nokia name; servers accept both, devices send `operationComplete`.
 */
export const SCOMO_ALERT_TYPES = {
  operationComplete: 'urn:oma:at:scomo:1.0:OperationComplete',
  legacyOperationComplete: 'org.openmobilealliance.dm.softwarecomponent.OperationComplete',
} as const;

export type ScomoAlertType = (typeof SCOMO_ALERT_TYPES)[keyof typeof SCOMO_ALERT_TYPES];

/** DM 1.2 Protocol §8.7: the Generic Alert code. */
export const GENERIC_ALERT_CODE = '1226';

// DM 1.2 Protocol §6.6.2 / reference §2.10: a reverse-DNS Type may carry this namespace prefix.
const REVERSED_DOMAIN_PREFIX = /^reversed-domain-name:\s*/i;

const ALERT_TYPE_SET: ReadonlySet<string> = new Set(
  Object.values(SCOMO_ALERT_TYPES).map((t) => t.toLowerCase()),
);

/** True for either OperationComplete type (case-insensitive; an optional `Reversed-Domain-Name:` prefix). */
export function isOperationCompleteType(type: string | null | undefined): boolean {
  if (typeof type !== 'string') return false;
  return ALERT_TYPE_SET.has(type.trim().replace(REVERSED_DOMAIN_PREFIX, '').toLowerCase());
}

/**
 * Meta Formats a server accepts on an OperationComplete item (reference §1.8): `xml` (the DM 2.0
 * mapping), `chr`, and `text/plain` (MediaTek and Nokia put a MIME type in Format).
 */
export const SCOMO_ALERT_FORMATS = ['xml', 'chr', 'text/plain'] as const;
export type ScomoAlertFormat = (typeof SCOMO_ALERT_FORMATS)[number];

/** The Format scomo's agent sends. */
export const SCOMO_ALERT_FORMAT: ScomoAlertFormat = 'xml';

export function isAcceptedAlertFormat(format: string | null | undefined): boolean {
  if (typeof format !== 'string') return false;
  return (SCOMO_ALERT_FORMATS as readonly string[]).includes(format.trim().toLowerCase());
}
