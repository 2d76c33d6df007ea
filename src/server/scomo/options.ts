import { scomoServerError } from './errors.ts';
import { DELIVERY_PATHS, DEVICE_REQUEST_POLICIES } from './vocabulary.ts';
import type { DeliveryPath, DeviceRequestPolicy } from './vocabulary.ts';

export interface ScomoOptions {
  /** Base URL of the package repository routes (`/dl/…`), without a trailing slash. */
  readonly repositoryUrl: string;
  /** How long a package URL handed to a device stays valid. */
  readonly downloadUrlTtlMs: number;
  /** PkgURL names the OMA DL download descriptor (`/dl/<token>/dd`) instead of the package. */
  readonly useDownloadDescriptor: boolean;
  readonly deviceRequests: DeviceRequestPolicy;
  /** How a deploy delivers when the request does not say. */
  readonly defaultDelivery: DeliveryPath;
  /** A job not finished this long after its creation expires; null: jobs wait for ever. */
  readonly jobTtlMs: number | null;
  /** The download tokens' HMAC key; null: a random key kept in the Store (shared by every node). */
  readonly repositorySecret: Uint8Array | null;
}

export type ScomoOptionsInput = Partial<ScomoOptions> & { readonly repositoryUrl: string };

const DAY = 24 * 60 * 60 * 1000;

function bad(message: string): never {
  throw scomoServerError('SCOMO_SERVER_BAD_REQUEST', message);
}

/** Checks the options once, at the edge, and fills defaults (STYLE.md "Options compiled once"). */
export function resolveScomoOptions(input: ScomoOptionsInput): ScomoOptions {
  if (typeof input.repositoryUrl !== 'string' || !URL.canParse(input.repositoryUrl)) {
    bad(`repositoryUrl must be an absolute http(s) URL, got ${String(input.repositoryUrl)}.`);
  }
  const url = new URL(input.repositoryUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    bad(`repositoryUrl must be http: or https:, got ${url.protocol}.`);
  if (url.search !== '' || url.hash !== '') bad('repositoryUrl must have no query or fragment.');
  const ttl = input.downloadUrlTtlMs ?? 7 * DAY;
  if (!Number.isSafeInteger(ttl) || ttl < 1000) bad('downloadUrlTtlMs must be an integer ≥ 1000.');
  const jobTtl = input.jobTtlMs === undefined ? null : input.jobTtlMs;
  if (jobTtl !== null && (!Number.isSafeInteger(jobTtl) || jobTtl < 1000))
    bad('jobTtlMs must be null or an integer ≥ 1000.');
  const policy = input.deviceRequests ?? 'allow-known-packages';
  if (!DEVICE_REQUEST_POLICIES.includes(policy))
    bad(`deviceRequests must be one of ${DEVICE_REQUEST_POLICIES.join(', ')}.`);
  const delivery = input.defaultDelivery ?? 'url';
  if (!DELIVERY_PATHS.includes(delivery)) bad(`defaultDelivery must be one of ${DELIVERY_PATHS.join(', ')}.`);
  const secret = input.repositorySecret ?? null;
  if (secret !== null && secret.length < 32) bad('repositorySecret must have at least 32 bytes.');
  return Object.freeze({
    repositoryUrl: input.repositoryUrl.replace(/\/+$/, ''),
    downloadUrlTtlMs: ttl,
    useDownloadDescriptor: input.useDownloadDescriptor ?? false,
    deviceRequests: policy,
    defaultDelivery: delivery,
    jobTtlMs: jobTtl,
    repositorySecret: secret,
  });
}
