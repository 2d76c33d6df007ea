/**
 * Our credentials towards the server (DMAcc CLCRED; DM 1.2 Security §5, reference §3.2–3.4) and how
 * we react to the server's Status for our SyncHdr:
 * - 212: accepted for the session, no more Cred (HMAC still signs every message);
 * - 200: accepted for this message; repeat the Cred next time, with the new nonce if a Chal came;
 * - 401 / 407 + Chal: resend with credentials of the challenged type and nonce, until
 *   `maxAuthFailures` rejections of credentials we presented (a 407 to a message without
 *   credentials is not a rejection);
 * - anything else that is not 2xx: the server refused the message — the session fails.
 */
import type { ScomoError } from '../../../errors/index.ts';
import { basicCredential, computeHmacMac, formatHmacHeader, md5Digest } from '../../../security/index.ts';
import type { Cred, Status } from '../../../syncml/index.ts';
import { sessionError } from '../errors.ts';
import type { AccountCredential } from '../ports/tree-port.ts';
import type { ClientAuthMode } from '../types.ts';
import { META_TYPE_OF_MODE, modeOfChallengeType } from './modes.ts';
import { orEmpty, receivedNonce } from './nonce.ts';

export interface ClientAuthState {
  mode: ClientAuthMode;
  /** The nonce for the next md5 Cred / HMAC mac: the latest NextNonce, else CLCRED AAuthData. */
  nonce: Uint8Array | undefined;
  /** 212 received: the Cred is no longer needed in this session. */
  sessionAccepted: boolean;
  /** Rejections of credentials we presented. */
  rejections: number;
  /** The last message carried credentials (Cred or x-syncml-hmac). */
  presented: boolean;
  /**
   * A NextNonce not yet written to CLCRED AAuthData because the server is not authenticated yet
   * (reference §3.3: use the latest nonce even from an unauthenticated peer, but do not overwrite
   * the stored one with it). Written once the server is trusted.
   */
  pendingNonce: Uint8Array | undefined;
}

export function initialClientAuth(
  mode: ClientAuthMode,
  credential: AccountCredential | undefined,
): ClientAuthState {
  return {
    mode,
    nonce: credential?.nonce,
    sessionAccepted: false,
    rejections: 0,
    presented: false,
    pendingNonce: undefined,
  };
}

export interface HeaderCredentials {
  readonly cred?: Cred;
  /** SyncHdr Source LocName: the user name for md5 and HMAC (reference §2.2). */
  readonly locName?: string;
}

/** The Cred (and LocName) of our next SyncHdr. Throws a ScomoError for an unusable basic user name. */
export function headerCredentials(
  state: ClientAuthState,
  credential: AccountCredential | undefined,
): HeaderCredentials {
  if (credential === undefined || state.mode === 'none') return {};
  const { name, secret } = credential;
  switch (state.mode) {
    case 'basic':
      if (state.sessionAccepted) return {};
      return {
        cred: { meta: { type: META_TYPE_OF_MODE.basic, format: 'b64' }, data: basicCredential(name, secret) },
      };
    case 'md5':
      if (state.sessionAccepted) return { locName: name };
      return {
        cred: {
          meta: { type: META_TYPE_OF_MODE.md5, format: 'b64' },
          data: md5Digest(name, secret, orEmpty(state.nonce)),
        },
        locName: name,
      };
    case 'hmac':
      return { locName: name };
  }
}

/** The x-syncml-hmac header value over the exact body bytes (reference §3.4), in HMAC mode. */
export function hmacHeaderValue(
  state: ClientAuthState,
  credential: AccountCredential | undefined,
  body: Uint8Array,
): string | undefined {
  if (state.mode !== 'hmac' || credential === undefined) return undefined;
  const mac = computeHmacMac(credential.name, credential.secret, orEmpty(state.nonce), body);
  return formatHmacHeader({ username: credential.name, mac });
}

/** Whether the message about to be sent carries credentials. */
export function presentsCredentials(
  state: ClientAuthState,
  credential: AccountCredential | undefined,
): boolean {
  if (credential === undefined || state.mode === 'none') return false;
  return state.mode === 'hmac' || !state.sessionAccepted;
}

export type HeaderVerdict =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'retry' }
  | { readonly kind: 'failed'; readonly error: ScomoError };

function takeNonce(state: ClientAuthState, status: Status): void {
  const text = status.chal?.meta.nextNonce;
  if (text === undefined) return;
  const nonce = receivedNonce(text);
  state.nonce = nonce;
  state.pendingNonce = nonce;
}

/** Reacts to the server's Status for our SyncHdr (undefined when the server sent none). */
export function onHeaderStatus(
  state: ClientAuthState,
  status: Status | undefined,
  credential: AccountCredential | undefined,
  maxFailures: number,
): HeaderVerdict {
  if (status === undefined) return { kind: 'accepted' };
  const code = status.data.trim();
  if (code === '212' || code === '200') {
    if (code === '212' && state.mode !== 'hmac') state.sessionAccepted = true;
    state.rejections = 0;
    takeNonce(state, status);
    return { kind: 'accepted' };
  }
  if (code !== '401' && code !== '407') {
    if (code.startsWith('2')) return { kind: 'accepted' };
    return {
      kind: 'failed',
      error: sessionError(
        'SCOMO_SESSION_HEADER_REJECTED',
        `The server answered our SyncHdr with ${code}; expected 200 or 212.`,
      ),
    };
  }
  if (code === '401' || state.presented) state.rejections++;
  if (state.rejections >= maxFailures) {
    return {
      kind: 'failed',
      error: sessionError(
        'SCOMO_SESSION_AUTH_REJECTED',
        `The server rejected our credentials ${state.rejections} times (last status ${code}); check CLCRED AAuthName/AAuthSecret.`,
      ),
    };
  }
  takeNonce(state, status);
  const chalType = status.chal?.meta.type;
  const wanted = chalType === undefined ? state.mode : modeOfChallengeType(chalType);
  if (wanted === undefined || wanted === 'none') {
    return {
      kind: 'failed',
      error: sessionError(
        'SCOMO_SESSION_AUTH_REJECTED',
        `The server challenged with ${chalType ?? 'no Chal'}; we answer syncml:auth-basic, syncml:auth-md5 or syncml:auth-MAC.`,
      ),
    };
  }
  if (credential === undefined) {
    return {
      kind: 'failed',
      error: sessionError(
        'SCOMO_SESSION_AUTH_REJECTED',
        `The server asks for ${wanted} credentials but the DMAcc account has no CLCRED entry.`,
      ),
    };
  }
  state.mode = wanted;
  state.sessionAccepted = false;
  return { kind: 'retry' };
}
