/**
 * Authenticating the server (DMAcc SRVCRED; DM 1.2 Security §5, reference §3.1–3.4). The answer is
 * the Status for the server's SyncHdr:
 * - no SRVCRED requirement: 200;
 * - basic / md5 Cred in the SyncHdr verified: 212 (valid for the session) with a fresh Chal for the
 *   server's next session (md5); later messages need no Cred: 200;
 * - HMAC: every message's x-syncml-hmac verified over the exact body: 200 with a fresh NextNonce each
 *   time (a nonce per message);
 * - missing credentials: 407 + Chal; wrong ones: 401 + Chal, each Chal with a new nonce that we
 *   store in SRVCRED AAuthData (it is ours: the server must use it next).
 */
import {
  buildChallenge,
  parseBasic,
  parseHmacHeader,
  verifyHmac,
  verifyMd5,
} from '../../../security/index.ts';
import type { Chal, SyncHdr } from '../../../syncml/index.ts';
import type { AccountCredential } from '../ports/tree-port.ts';
import type { ClientAuthMode } from '../types.ts';
import { AAUTH_TYPE_OF_MODE, META_TYPE_OF_MODE, modeOfAAuthType } from './modes.ts';
import { storedNonceCandidates } from './nonce.ts';

const NONCE_BYTES = 16;
const UTF8 = new TextEncoder();

export interface ServerAuthState {
  readonly required: ClientAuthMode;
  /** basic / md5: 212 given; HMAC: the latest message verified; none: always. */
  authenticated: boolean;
  /** Consecutive failed verifications. */
  failures: number;
}

export function initialServerAuth(credential: AccountCredential | undefined): ServerAuthState {
  const required = credential === undefined ? 'none' : modeOfAAuthType(credential.type);
  return { required, authenticated: required === 'none', failures: 0 };
}

export interface HeaderStatusPlan {
  readonly code: '200' | '212' | '401' | '407';
  readonly chal?: Chal;
  /** A nonce issued in the Chal: the caller stores it in SRVCRED AAuthData. */
  readonly issuedNonce?: Uint8Array;
}

export interface ServerEvidence {
  readonly header: SyncHdr;
  /** The x-syncml-hmac header of the response, if any. */
  readonly hmac: string | undefined;
  readonly body: Uint8Array;
}

/** Compares without an early exit, so the time does not tell how much of a guess was right. */
function sameText(a: string, b: string): boolean {
  const x = UTF8.encode(a);
  const y = UTF8.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i % Math.max(y.length, 1)] ?? 0);
  return diff === 0;
}

type Verdict = 'ok' | 'missing' | 'wrong';

function verifyCred(required: 'basic' | 'md5', credential: AccountCredential, header: SyncHdr): Verdict {
  const cred = header.cred;
  if (cred === undefined) return 'missing';
  // SyncML MetInf: a Cred without Meta Type is syncml:auth-basic.
  const type = (cred.meta?.type ?? META_TYPE_OF_MODE.basic).trim().toLowerCase();
  if (type !== META_TYPE_OF_MODE[required].toLowerCase()) return 'wrong';
  if (required === 'basic') {
    try {
      const presented = parseBasic(cred.data.trim());
      return sameText(presented.name, credential.name) && sameText(presented.password, credential.secret)
        ? 'ok'
        : 'wrong';
    } catch {
      return 'wrong';
    }
  }
  const locName = header.source.locName;
  if (locName !== undefined && locName !== credential.name) return 'wrong';
  const secret = { name: credential.name, password: credential.secret };
  return storedNonceCandidates(credential.nonce).some((nonce) => verifyMd5(cred.data.trim(), secret, nonce))
    ? 'ok'
    : 'wrong';
}

function verifyHmacEvidence(credential: AccountCredential, evidence: ServerEvidence): Verdict {
  if (evidence.hmac === undefined) return 'missing';
  try {
    const parsed = parseHmacHeader(evidence.hmac);
    const locName = evidence.header.source.locName;
    if (locName !== undefined && locName !== parsed.username) return 'wrong';
    const secret = { name: credential.name, password: credential.secret };
    return storedNonceCandidates(credential.nonce).some((nonce) =>
      verifyHmac(parsed, secret, nonce, evidence.body),
    )
      ? 'ok'
      : 'wrong';
  } catch {
    return 'wrong';
  }
}

function challenge(
  mode: 'basic' | 'md5' | 'hmac',
  randomBytes: (n: number) => Uint8Array,
): { chal: Chal; nonce?: Uint8Array } {
  if (mode === 'basic') {
    const descriptor = buildChallenge(AAUTH_TYPE_OF_MODE.basic);
    return { chal: { meta: { type: descriptor.type, format: descriptor.format } } };
  }
  const nonce = Uint8Array.from(randomBytes(NONCE_BYTES));
  const descriptor = buildChallenge(AAUTH_TYPE_OF_MODE[mode], nonce);
  const meta = {
    type: descriptor.type,
    format: descriptor.format,
    ...(descriptor.nextNonce === undefined ? {} : { nextNonce: descriptor.nextNonce }),
  };
  return { chal: { meta }, nonce };
}

function withChallenge(
  code: HeaderStatusPlan['code'],
  mode: 'basic' | 'md5' | 'hmac',
  randomBytes: (n: number) => Uint8Array,
): HeaderStatusPlan {
  const { chal, nonce } = challenge(mode, randomBytes);
  return nonce === undefined ? { code, chal } : { code, chal, issuedNonce: nonce };
}

/** Verifies the server's message and plans the Status for its SyncHdr. */
export function checkServer(
  state: ServerAuthState,
  credential: AccountCredential | undefined,
  evidence: ServerEvidence,
  randomBytes: (n: number) => Uint8Array,
): HeaderStatusPlan {
  const required = state.required;
  if (required === 'none' || credential === undefined) return { code: '200' };
  if (required !== 'hmac' && state.authenticated) return { code: '200' };
  const verdict =
    required === 'hmac'
      ? verifyHmacEvidence(credential, evidence)
      : verifyCred(required, credential, evidence.header);
  if (verdict === 'ok') {
    state.authenticated = true;
    state.failures = 0;
    // md5: a fresh nonce for the server's next session; HMAC: for its next message. Basic has none.
    return required === 'basic'
      ? { code: '212' }
      : withChallenge(required === 'hmac' ? '200' : '212', required, randomBytes);
  }
  state.authenticated = false;
  state.failures++;
  return withChallenge(verdict === 'missing' ? '407' : '401', required, randomBytes);
}
