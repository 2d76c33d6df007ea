import {
  aAuthTypeOf,
  buildChallenge,
  newNonce,
  nonceCandidates,
  nonceToB64,
  parseBasic,
  parseHmacHeader,
  passwordEquivalent,
  verifyHmac,
  verifyMd5,
} from '../../security/index.ts';
import type { Chal } from '../../syncml/index.ts';
import type { SessionState } from './state.ts';
import type { DeviceView, Effect, EngineEnv, IncomingMessage } from './types.ts';

/**
 * The server authenticating the client (reference §3.3):
 * - no Cred when one is required → 407 with a Chal; wrong Cred → 401 with a Chal (fresh nonce);
 * - basic or md5 verified → 212, valid for the session; md5 also carries the NextNonce for the next
 *   session (stored, so a replayed package #1 no longer verifies);
 * - HMAC (x-syncml-hmac) → 200 for this message only, with a new NextNonce every message.
 */
export type AuthVerdict =
  | { readonly ok: true; readonly status: 200 | 212; readonly chal: Chal | null }
  | {
      readonly ok: false;
      readonly status: 401 | 407;
      readonly chal: Chal | null;
      readonly terminal: boolean;
    };

type ClientCredential = NonNullable<DeviceView['clientCredential']>;

export function authenticateClient(
  draft: SessionState,
  input: IncomingMessage,
  env: EngineEnv,
  effects: Effect[],
): AuthVerdict {
  const credential = input.device.clientCredential;
  if (credential === null) {
    if (!draft.auth.authenticated) effects.push({ type: 'client-authenticated', authType: 'none' });
    draft.auth.authenticated = true;
    return { ok: true, status: 200, chal: null };
  }
  if (credential.authType === 'HMAC') return hmac(draft, input, env, effects, credential);
  // DM 1.2 Security §5.3: after 212 the credentials hold for the whole session.
  if (draft.auth.authenticated) return { ok: true, status: 200, chal: null };
  const cred = input.message.header.cred;
  if (cred === undefined) return fail(draft, env, effects, credential, 407);
  // SyncML MetInf default: a Cred without Meta Type is basic.
  const presented = aAuthTypeOf(cred.meta?.type ?? 'syncml:auth-basic');
  if (presented !== credential.authType) return fail(draft, env, effects, credential, 401);
  const verified =
    credential.authType === 'BASIC'
      ? basicMatches(cred.data, credential)
      : md5Matches(cred.data, input, draft, credential);
  if (!verified) return fail(draft, env, effects, credential, 401);
  draft.auth.authenticated = true;
  effects.push({ type: 'client-authenticated', authType: credential.authType });
  // DIGEST: the next session's nonce travels with the 212 (reference §3.3) and replaces the used one.
  const chal = credential.authType === 'DIGEST' ? issue(draft, env, effects, 'DIGEST') : null;
  return { ok: true, status: 212, chal };
}

function hmac(
  draft: SessionState,
  input: IncomingMessage,
  env: EngineEnv,
  effects: Effect[],
  credential: ClientCredential,
): AuthVerdict {
  if (input.hmacHeader === null) return fail(draft, env, effects, credential, 407);
  let verified = false;
  try {
    const header = parseHmacHeader(input.hmacHeader);
    const locName = input.message.header.source.locName;
    // Reference §3.4: the header's username equals SyncHdr Source/LocName (when the client sends one).
    if (locName === undefined || locName === header.username) {
      const secret = { name: credential.username, passwordEquivalent: credential.passwordEquivalent };
      verified = nonceTexts(draft, input.device).some((text) =>
        nonceCandidates(text).some((nonce) => verifyHmac(header, secret, nonce, input.body)),
      );
    }
  } catch {
    verified = false; // a malformed header is a failed authentication, answered with 401
  }
  if (!verified) return fail(draft, env, effects, credential, 401);
  if (!draft.auth.authenticated) effects.push({ type: 'client-authenticated', authType: 'HMAC' });
  draft.auth.authenticated = true;
  // Reference §3.4: each authenticated message gets 200 and a NextNonce for the next message.
  return { ok: true, status: 200, chal: issue(draft, env, effects, 'HMAC') };
}

function fail(
  draft: SessionState,
  env: EngineEnv,
  effects: Effect[],
  credential: ClientCredential,
  status: 401 | 407,
): AuthVerdict {
  draft.auth.failures += 1;
  if (credential.authType === 'HMAC') draft.auth.authenticated = false;
  if (draft.auth.failures >= env.options.maxAuthAttempts) {
    // No Chal: the client must not retry; the session closes.
    return { ok: false, status: 401, chal: null, terminal: true };
  }
  return { ok: false, status, chal: issue(draft, env, effects, credential.authType), terminal: false };
}

/** A Chal of `type`; md5 and HMAC carry a fresh nonce that is stored (DM 1.2 Security §5.3.2). */
function issue(
  draft: SessionState,
  env: EngineEnv,
  effects: Effect[],
  type: ClientCredential['authType'],
): Chal {
  if (type === 'BASIC') return { meta: { ...buildChallenge('BASIC') } };
  const bytes = newNonce(env.random);
  const nonce = nonceToB64(bytes);
  draft.auth.nonce = nonce;
  effects.push({ type: 'set-client-nonce', nonce });
  return { meta: { ...buildChallenge(type, bytes) } };
}

function basicMatches(data: string, credential: ClientCredential): boolean {
  try {
    const { name, password } = parseBasic(data);
    // Only the equivalent is stored: compare hashes, never a clear password.
    return (
      name === credential.username && passwordEquivalent(name, password) === credential.passwordEquivalent
    );
  } catch {
    return false; // undecodable basic data is a wrong credential (401), not a crash
  }
}

function md5Matches(
  data: string,
  input: IncomingMessage,
  draft: SessionState,
  credential: ClientCredential,
): boolean {
  // Reference §3.2: the user name travels in SyncHdr Source/LocName.
  const name = input.message.header.source.locName ?? credential.username;
  if (name !== credential.username) return false;
  const secret = { name, passwordEquivalent: credential.passwordEquivalent };
  return nonceTexts(draft, input.device).some((text) =>
    nonceCandidates(text).some((nonce) => verifyMd5(data, secret, nonce)),
  );
}

/** The nonce issued in this session (a challenge answered in-session), then the stored one. */
function nonceTexts(draft: SessionState, device: DeviceView): string[] {
  const texts = [draft.auth.nonce, device.clientNonce].filter((t): t is string => t !== null);
  return [...new Set(texts)];
}
