import { md5DigestFromEquivalent, nonceCandidates } from '../../security/index.ts';
import type { Cred, Status } from '../../syncml/index.ts';
import type { SessionState } from './state.ts';
import type { DeviceView, Effect, HmacSigning } from './types.ts';

/**
 * The server presenting its own credentials (SRVCRED, reference §3.1) when the device requires them:
 * an md5 Cred in our SyncHdr until the client answers 212, or an x-syncml-hmac signature on every
 * message (the core computes it over the encoded bytes).
 */
export interface ServerPresentation {
  readonly cred: Cred | null;
  /** Our user name for SyncHdr Source/LocName (md5 needs it, reference §3.2). */
  readonly locName: string | null;
  readonly sign: HmacSigning | null;
}

const NONE: ServerPresentation = { cred: null, locName: null, sign: null };

export function presentServerCredentials(state: SessionState, device: DeviceView): ServerPresentation {
  const credential = device.serverCredential;
  if (credential === null) return NONE;
  const nonce = state.serverAuth.nonce ?? device.serverNonce;
  if (credential.authType === 'HMAC') {
    return {
      cred: null,
      locName: credential.username,
      sign: { username: credential.username, passwordEquivalent: credential.passwordEquivalent, nonce },
    };
  }
  if (state.serverAuth.accepted) return NONE;
  // The specified reading of a NextNonce is its base64-decoded bytes (reference §3.2).
  const bytes = nonce === null ? new Uint8Array(0) : (nonceCandidates(nonce)[0] ?? new Uint8Array(0));
  return {
    cred: {
      meta: { type: 'syncml:auth-md5', format: 'b64' },
      data: md5DigestFromEquivalent(credential.passwordEquivalent, bytes),
    },
    locName: credential.username,
    sign: null,
  };
}

/**
 * The client's Status for our SyncHdr (CmdRef 0). Returns true when it refused our credentials
 * (401/407): the commands of that message were not executed and are sent again.
 */
export function acceptHeaderStatus(
  draft: SessionState,
  status: Status,
  code: number,
  effects: Effect[],
): boolean {
  const nextNonce = status.chal?.meta.nextNonce;
  // Reference §3.3: never store a nonce from a peer that has not authenticated.
  if (nextNonce !== undefined && nextNonce !== '' && draft.auth.authenticated) {
    draft.serverAuth.nonce = nextNonce;
    effects.push({ type: 'set-server-nonce', nonce: nextNonce });
  }
  if (code === 212) draft.serverAuth.accepted = true;
  if (code === 401 || code === 407) {
    draft.serverAuth.accepted = false;
    draft.serverAuth.failures += 1;
    return true;
  }
  return false;
}
