// Security primitives of OMA DM 1.2 (reference §3): credentials, nonces, HMAC-MD5 integrity,
// the AAuthType vocabulary and Chal descriptors. Pure computation: randomness is injected.
export { SECURITY_ERROR_CODES } from './errors.ts';
export type { SecurityErrorCode } from './errors.ts';
export {
  AUTH_TYPES,
  AUTH_LEVELS,
  AUTH_CARRIERS,
  isAAuthType,
  metaTypeOf,
  aAuthTypeOf,
  carrierOf,
} from './auth-types.ts';
export type { AAuthType, SyncmlAAuthType, AuthMetaType, AuthLevel, AuthCarrier } from './auth-types.ts';
export { basicCredential, parseBasic } from './basic.ts';
export type { BasicCredential } from './basic.ts';
export { passwordEquivalent } from './md5.ts';
export type { Md5Secret } from './secret.ts';
export { md5Digest, md5DigestFromEquivalent, verifyMd5 } from './digest.ts';
export { NONCE_LENGTH, newNonce, nonceToB64, nonceFromB64, nonceCandidates } from './nonce.ts';
export type { RandomBytes } from './nonce.ts';
export { computeHmacMac, computeHmacMacFromEquivalent, verifyHmac } from './hmac.ts';
export { HMAC_HEADER_NAME, HMAC_ALGORITHMS, formatHmacHeader, parseHmacHeader } from './hmac-header.ts';
export type { HmacHeader, HmacHeaderInput, HmacAlgorithm } from './hmac-header.ts';
export { buildChallenge } from './challenge.ts';
export type { ChallengeDescriptor } from './challenge.ts';
export { utf8, fromUtf8 } from './utf8.ts';
