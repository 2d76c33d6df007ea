import { passwordEquivalent } from './md5.ts';

/**
 * What a verifier knows about a peer: the clear password, or only the password equivalent
 * `B64(MD5(name ":" password))` so a server need not store clear passwords (reference §3.2).
 */
export type Md5Secret =
  | { readonly name: string; readonly password: string }
  | { readonly name: string; readonly passwordEquivalent: string };

export function equivalentOf(secret: Md5Secret): string {
  return 'password' in secret ? passwordEquivalent(secret.name, secret.password) : secret.passwordEquivalent;
}
