import { aAuthTypeOf } from '../../../security/index.ts';
import type { ClientAuthMode } from '../types.ts';

/** DMAcc AAuthType ↔ the engine's auth modes (reference §3.1); others are not SyncML-level types we speak. */
const MODE_BY_AAUTH_TYPE: Readonly<Record<string, ClientAuthMode>> = {
  BASIC: 'basic',
  DIGEST: 'md5',
  HMAC: 'hmac',
};

export function modeOfAAuthType(aAuthType: string | undefined): ClientAuthMode {
  return aAuthType === undefined ? 'none' : (MODE_BY_AAUTH_TYPE[aAuthType.trim().toUpperCase()] ?? 'none');
}

/** The mode a Chal's Meta Type asks for, or undefined for a type we cannot answer. */
export function modeOfChallengeType(metaType: string | undefined): ClientAuthMode | undefined {
  if (metaType === undefined) return undefined;
  const aAuthType = aAuthTypeOf(metaType);
  return aAuthType === undefined ? undefined : MODE_BY_AAUTH_TYPE[aAuthType];
}

export const AAUTH_TYPE_OF_MODE = { basic: 'BASIC', md5: 'DIGEST', hmac: 'HMAC' } as const;

export const META_TYPE_OF_MODE = {
  basic: 'syncml:auth-basic',
  md5: 'syncml:auth-md5',
  hmac: 'syncml:auth-MAC',
} as const;
