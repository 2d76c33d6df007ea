/**
 * Per-device, time-limited package URLs of the repository (the Alternate Download Server). The token
 * in `/dl/<token>` names one Exec step of one job — the job names the device and the package variant
 * chosen for it (id, version, sha256) — and an expiry, and is signed with HMAC-SHA256 (RFC 2104)
 * under a server secret: a forged or expired URL is refused without a lookup, and a URL handed to one
 * device names that device's job. Binary claims keep the URL short (devices store PkgURL in a tree
 * leaf; some bound its length):
 *
 *   claims = 0x01 | expiry (u32, seconds since the epoch) | step (u16) | job id (UTF-8)
 *   token  = base64url(claims) "." base64url(first 16 bytes of HMAC-SHA256(secret, claims))
 *
 * base64url has no ".", so `<token>.sig` (the agent's detached-signature URL) parses unambiguously.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { scomoServerError } from './errors.ts';

export interface DownloadClaims {
  readonly jobId: string;
  /** The job's Exec step the URL was made for. */
  readonly step: number;
  /** ms since the epoch (carried in whole seconds, rounded up). */
  readonly expiresAt: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: DownloadClaims }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'forged' | 'expired';
      readonly claims?: DownloadClaims;
    };

const VERSION = 1;
const HEADER = 7;
const MAC_BYTES = 16;
const MIN_SECRET_BYTES = 32;
const MAX_JOB_ID_BYTES = 128;

export class DownloadTokens {
  readonly #secret: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw scomoServerError(
        'SCOMO_SERVER_BAD_REQUEST',
        `The repository secret has ${secret.length} bytes; at least ${MIN_SECRET_BYTES} are needed.`,
      );
    }
    this.#secret = Buffer.from(secret);
  }

  sign(claims: DownloadClaims): string {
    const id = Buffer.from(claims.jobId, 'utf8');
    if (
      id.length === 0 ||
      id.length > MAX_JOB_ID_BYTES ||
      !Number.isInteger(claims.step) ||
      claims.step < 0 ||
      claims.step > 0xffff
    ) {
      throw scomoServerError(
        'SCOMO_SERVER_BAD_REQUEST',
        `Cannot make a download token for job "${claims.jobId}" step ${claims.step}.`,
      );
    }
    const payload = Buffer.alloc(HEADER + id.length);
    payload.writeUInt8(VERSION, 0);
    payload.writeUInt32BE(Math.min(0xffffffff, Math.ceil(claims.expiresAt / 1000)), 1);
    payload.writeUInt16BE(claims.step, 5);
    id.copy(payload, HEADER);
    return `${payload.toString('base64url')}.${this.#mac(payload).toString('base64url')}`;
  }

  /**
   * Checks the MAC first (a forged token says nothing), then the expiry against `now`. With
   * `allowExpired` an authentic expired token passes (an install notification may come late).
   */
  verify(token: string, now: number, options: { readonly allowExpired?: boolean } = {}): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 2 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p)))
      return { ok: false, reason: 'malformed' };
    const payload = Buffer.from(parts[0] ?? '', 'base64url');
    const given = Buffer.from(parts[1] ?? '', 'base64url');
    if (payload.length <= HEADER || payload.readUInt8(0) !== VERSION)
      return { ok: false, reason: 'malformed' };
    const expected = this.#mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'forged' };
    const claims: DownloadClaims = {
      expiresAt: payload.readUInt32BE(1) * 1000,
      step: payload.readUInt16BE(5),
      jobId: payload.subarray(HEADER).toString('utf8'),
    };
    if (claims.expiresAt <= now && options.allowExpired !== true)
      return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }

  #mac(payload: Uint8Array): Buffer {
    return createHmac('sha256', this.#secret).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

/** The repository's URLs for one token (`base` without a trailing slash). */
export const REPOSITORY_PATHS = {
  /** The package itself; the fragment pins its sha256 for the agent (never sent to the server). */
  package: (base: string, token: string, sha256: string) => `${base}/dl/${token}#sha256=${sha256}`,
  /** Its detached Ed25519 signature (the agent looks for `<objectURI>.sig`). */
  signature: (base: string, token: string) => `${base}/dl/${token}.sig`,
  /** The OMA DL 1.0 download descriptor. */
  descriptor: (base: string, token: string) => `${base}/dl/${token}/dd`,
  /** installNotifyURI of the descriptor (OMA DL §6.2). */
  notify: (base: string, token: string) => `${base}/dl/${token}/notify`,
} as const;
