/**
 * DMAcc AAuthType values and the Cred/Chal Meta Type each one maps to (reference §3.1). HMAC travels in
 * the transport header only; HTTP-BASIC, HTTP-DIGEST and TRANSPORT have no SyncML Meta Type.
 */
export const AUTH_TYPES = {
  BASIC: 'syncml:auth-basic',
  DIGEST: 'syncml:auth-md5',
  HMAC: 'syncml:auth-MAC',
  X509: 'syncml:auth-X509',
  SECURID: 'syncml:auth-securid',
  SAFEWORD: 'syncml:auth-safeword',
  DIGIPASS: 'syncml:auth-digipass',
} as const;

export type AAuthType = keyof typeof AUTH_TYPES;
export type AuthMetaType = (typeof AUTH_TYPES)[AAuthType];

/** AAuthType values handled outside SyncML, by the transport. */
export const TRANSPORT_AUTH_TYPES = ['HTTP-BASIC', 'HTTP-DIGEST', 'TRANSPORT'] as const;

export type TransportAuthType = (typeof TRANSPORT_AUTH_TYPES)[number];

const AUTH_TYPE_BY_META: ReadonlyMap<string, AAuthType> = new Map(
  (Object.keys(AUTH_TYPES) as AAuthType[]).map((name) => [AUTH_TYPES[name].toLowerCase(), name]),
);

/** The AAuthType of a Cred/Chal Meta Type, compared without case (peers vary `auth-MAC`/`auth-mac`). */
export function authTypeForMetaType(metaType: string): AAuthType | undefined {
  return AUTH_TYPE_BY_META.get(metaType.trim().toLowerCase());
}
