import { securityError } from './errors.ts';
import { isAAuthType, metaTypeOf } from './auth-types.ts';
import type { AuthMetaType, SyncmlAAuthType } from './auth-types.ts';
import { toB64 } from './base64.ts';

/**
 * The contents of a `<Chal><Meta>…</Meta></Chal>` as a plain object, shaped like the SyncML Meta
 * fields (type, format, nextNonce) so src/syncml can carry it without translation.
 */
export interface ChallengeDescriptor {
  readonly type: AuthMetaType;
  /** DM 1.2 Security §5.3.2: the NextNonce (and the MD5 Cred) MUST be b64. */
  readonly format: 'b64';
  readonly nextNonce?: string;
}

/**
 * Builds the Chal for `aAuthType` (reference §3.3: Meta Type + Format b64 [+ NextNonce]). The
 * nonce is optional because a BASIC challenge has none; MD5 and HMAC challenges should carry one.
 */
export function buildChallenge(aAuthType: SyncmlAAuthType, nonce?: Uint8Array): ChallengeDescriptor {
  if (!isAAuthType(aAuthType)) {
    throw securityError(
      'SCOMO_AUTH_UNKNOWN_TYPE',
      `Unknown AAuthType '${String(aAuthType)}'; expected BASIC, DIGEST, HMAC, …`,
    );
  }
  const type = metaTypeOf(aAuthType);
  if (type === undefined) {
    throw securityError(
      'SCOMO_AUTH_NOT_SYNCML',
      `AAuthType '${aAuthType}' is a transport-level type; a SyncML Chal needs BASIC, DIGEST, HMAC, …`,
    );
  }
  return nonce === undefined ? { type, format: 'b64' } : { type, format: 'b64', nextNonce: toB64(nonce) };
}
