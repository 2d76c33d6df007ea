import type { AgentLogger } from '../logger.ts';
import type { SpaceGuard } from '../packages/index.ts';
import type { RetryPolicy } from '../transport/backoff.ts';
import type { DownloadDescriptor } from './descriptor.ts';
import type { InstallNotifyStatus } from './install-notify.ts';
import type { Sha256Stream } from './sha256-stream.ts';

export interface DownloadClientOptions {
  /** Default 10 s. */
  readonly connectTimeoutMs?: number | undefined;
  /** Bound on waiting for response headers and on each silence in the body; default 30 s. */
  readonly responseTimeoutMs?: number | undefined;
  /** Attempts and backoff; default 5 attempts, 1 s doubling to 30 s. */
  readonly retry?: RetryPolicy | undefined;
  /** Uniform [0, 1) for backoff jitter; default Math.random. */
  readonly random?: (() => number) | undefined;
  readonly userAgent?: string | undefined;
  /** PEM trust anchors for https:// download servers instead of the system list. */
  readonly ca?: string | undefined;
  /** Largest object accepted at all; default 4 GiB. */
  readonly maxBytes?: number | undefined;
  /** Checks room before and during the transfer (SCOMO_STORAGE_FULL → 1404). */
  readonly space?: SpaceGuard | undefined;
  /** Progress callbacks at most every this many bytes (and at the end); default 1 MiB. */
  readonly progressIntervalBytes?: number | undefined;
  /** fsync the `.part` file and record the durable length every this many bytes; default 32 MiB. */
  readonly checkpointBytes?: number | undefined;
  /** Hash on a worker thread, in parallel with receiving and writing (objects over 1 MiB); default true. */
  readonly hashInWorker?: boolean | undefined;
  /** Redirects followed per request; default 5. */
  readonly maxRedirections?: number | undefined;
  readonly logger?: AgentLogger | undefined;
}

export interface DownloadRequest {
  /** PkgURL: the package itself or an OMA DL download descriptor. */
  readonly url: string;
  /** Final path of the package; `<dest>.part` and `<dest>.part.json` hold a transfer in progress. */
  readonly dest: string;
  readonly expectedSha256?: string | undefined;
  readonly expectedSize?: number | undefined;
  /** Extra request headers (e.g. Authorization for a protected repository). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Bytes of the object on disk so far and its total size when known. */
  readonly onProgress?: ((bytes: number, total: number | undefined) => void) | undefined;
  /** Called once the descriptor is known (also when resuming), before the object is fetched. */
  readonly onDescriptor?: ((descriptor: DownloadDescriptor) => void) | undefined;
}

export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  /** sha256 of the whole object, lowercase hex, computed while it streamed in. */
  readonly sha256: string;
  readonly contentType?: string;
  /** The URL the object came from (the descriptor's objectURI, or PkgURL). */
  readonly objectUrl: string;
  readonly descriptor?: DownloadDescriptor;
  /** True when some part of the object came through a Range request (a resumed transfer). */
  readonly resumed: boolean;
}

export interface DownloadClient {
  download(request: DownloadRequest): Promise<DownloadResult>;
  /**
   * GETs a small resource whole (a detached signature `<package>.sig`); undefined on 404/410. Other
   * failures throw like a download's (1403, 1402, 1500, 1501).
   */
  fetchSmall(url: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array | undefined>;
  /** POSTs an OMA DL install status ("900 Success", …) to installNotifyURI; true when the server took it. */
  notifyInstallStatus(uri: string, status: InstallNotifyStatus, signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

/** The running digest of bytes [0, bytes) of the `.part` file. */
export interface Hashing {
  hasher: Sha256Stream;
  bytes: number;
}
