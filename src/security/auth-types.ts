// DMAcc AAuthType ↔ SyncML Cred/Chal Meta Type (DM 1.2 DMAcc MO, AppAuth; reference §3.1).

/** Where the credential of each type travels. */
export const AUTH_CARRIERS = ['cred', 'header', 'transport'] as const;
export type AuthCarrier = (typeof AUTH_CARRIERS)[number];

export const AUTH_TYPES = [
  { aAuthType: 'BASIC', metaType: 'syncml:auth-basic', carrier: 'cred' },
  { aAuthType: 'DIGEST', metaType: 'syncml:auth-md5', carrier: 'cred' },
  // DM 1.2 Security §5.5: HMAC travels in the x-syncml-hmac transport header, never in Cred.
  { aAuthType: 'HMAC', metaType: 'syncml:auth-MAC', carrier: 'header' },
  { aAuthType: 'X509', metaType: 'syncml:auth-X509', carrier: 'cred' },
  { aAuthType: 'SECURID', metaType: 'syncml:auth-securid', carrier: 'cred' },
  { aAuthType: 'SAFEWORD', metaType: 'syncml:auth-safeword', carrier: 'cred' },
  { aAuthType: 'DIGIPASS', metaType: 'syncml:auth-digipass', carrier: 'cred' },
  // Transport-level types (AAuthLevel HTTP / OBEX) have no SyncML Meta Type.
  { aAuthType: 'HTTP-BASIC', metaType: undefined, carrier: 'transport' },
  { aAuthType: 'HTTP-DIGEST', metaType: undefined, carrier: 'transport' },
  { aAuthType: 'TRANSPORT', metaType: undefined, carrier: 'transport' },
] as const;

type AuthTypeRow = (typeof AUTH_TYPES)[number];
export type AAuthType = AuthTypeRow['aAuthType'];
/** The AAuthTypes that SyncML itself carries (they have a Meta Type). */
export type SyncmlAAuthType = Extract<AuthTypeRow, { metaType: string }>['aAuthType'];
export type AuthMetaType = Extract<AuthTypeRow, { metaType: string }>['metaType'];

/** DMAcc `AppAuth/<x>/AAuthLevel` values (reference §3.1). */
export const AUTH_LEVELS = ['CLCRED', 'SRVCRED', 'HTTP', 'OBEX'] as const;
export type AuthLevel = (typeof AUTH_LEVELS)[number];

function rowOf(aAuthType: string): AuthTypeRow | undefined {
  return AUTH_TYPES.find((row) => row.aAuthType === aAuthType);
}

export function isAAuthType(value: string): value is AAuthType {
  return rowOf(value) !== undefined;
}

/** The Meta Type of an AAuthType; undefined for the transport-level types. */
export function metaTypeOf(aAuthType: AAuthType): AuthMetaType | undefined {
  return rowOf(aAuthType)?.metaType;
}

/**
 * The AAuthType named by a Cred/Chal Meta Type, or undefined when unknown. Case-insensitive:
 * peers write `syncml:auth-mac` as often as the specified `syncml:auth-MAC`.
 */
export function aAuthTypeOf(metaType: string): SyncmlAAuthType | undefined {
  const wanted = metaType.trim().toLowerCase();
  for (const row of AUTH_TYPES) {
    if (row.metaType !== undefined && row.metaType.toLowerCase() === wanted) return row.aAuthType;
  }
  return undefined;
}

/** Where credentials of this type travel: SyncML Cred, the x-syncml-hmac header, or the transport. */
export function carrierOf(aAuthType: AAuthType): AuthCarrier | undefined {
  return rowOf(aAuthType)?.carrier;
}
