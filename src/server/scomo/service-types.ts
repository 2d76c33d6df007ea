/** The SCOMO service's public shapes (service.ts wires them). */
import type { BlobInfo, BlobRange, BlobStore } from '../ports/blob-store.ts';
import type { Clock, Logger, RandomSource } from '../ports/clock.ts';
import type {
  InventorySnapshotRecord,
  ListInventoryQuery,
  ListScomoJobsQuery,
  ListScomoResultsQuery,
  PackageRecord,
  ScomoJobRecord,
  ScomoResultRecord,
} from '../ports/scomo-store.ts';
import type { Store, StoredAlert } from '../ports/store.ts';
import type { DmServer } from '../server.ts';
import type { DownloadClaims } from './download-tokens.ts';
import type { JobBody } from './job-model.ts';
import type { ScomoOptions } from './options.ts';
import type { PackageRepository } from './packages/repository.ts';
import type { DeliveryPath, InstallMode, TargetOperation } from './vocabulary.ts';

export interface ScomoServiceDeps {
  readonly server: DmServer;
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger?: Logger;
}

/** A job as the service shows it: the stored record with its body read. */
export type ScomoJob = Omit<ScomoJobRecord, 'body'> & { readonly body: JobBody };

export interface DeployInput {
  /** `ID` or `ID@VERSION` of a package in the repository. */
  readonly package: string;
  readonly via?: DeliveryPath;
  /** After delivery: none, active (default), inactive, or activate (the combined operation, 5.4.4). */
  readonly install?: InstallMode;
  /** Read the inventory before choosing and sending (seed flows 5.4.1/5.4.2 alt 2). */
  readonly inventoryFirst?: boolean;
  /** EnvTypes the device supports (added to those its inventory shows). */
  readonly envTypes?: readonly string[];
}

export interface JobOptions {
  /** Idempotency key: creating the same id twice creates one job. */
  readonly id?: string;
  /** Absolute deadline (ms since the epoch); default now + jobTtlMs; null: none. */
  readonly deadline?: number | null;
}

export type DownloadLookup =
  | {
      readonly ok: true;
      readonly claims: DownloadClaims;
      /** The device the URL was made for. */
      readonly devId: string;
      readonly package: PackageRecord;
      readonly blob: BlobInfo;
    }
  | { readonly ok: false; readonly status: 403 | 404; readonly reason: string };

export type DownloadNoticeOutcome =
  | { readonly ok: true; readonly jobId: string; readonly status: number }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

export interface ScomoService {
  readonly options: ScomoOptions;
  readonly packages: PackageRepository;
  /** Delivers a package (variant chosen for the device), by URL or over DM, and installs it as asked. */
  deploy(devId: string, input: DeployInput, options?: JobOptions): Promise<ScomoJob>;
  /** Install / activate / deactivate / remove something already on the device (5.4.3). */
  operate(devId: string, operation: TargetOperation, target: string, options?: JobOptions): Promise<ScomoJob>;
  /** The inventory check (change request flow 5.4.5). */
  refreshInventory(devId: string, options?: JobOptions): Promise<ScomoJob>;
  /** The device's inventory snapshots, newest first, each with its changes. */
  inventoryHistory(devId: string, query?: ListInventoryQuery): Promise<InventorySnapshotRecord[]>;
  getJob(id: string): Promise<ScomoJob | null>;
  listJobs(query?: ListScomoJobsQuery): Promise<ScomoJob[]>;
  /** Cancels what of the job has not happened yet; a finished job is returned unchanged. */
  cancelJob(id: string, reason?: string): Promise<ScomoJob | null>;
  /** Brings a job up to date with its commands' outcomes and results. */
  reconcile(id: string): Promise<ScomoJob | null>;
  results(query?: ListScomoResultsQuery): Promise<ScomoResultRecord[]>;
  /** Reconciles every open job (deadlines, missed events); returns how many were looked at. */
  sweep(): Promise<{ readonly reconciled: number }>;
  /** The Generic Alert handler (registered with the server's alert intake by createScomoService). */
  handleAlert(alert: StoredAlert): Promise<void>;
  /** Checks a repository token: the package it grants, or why not (403 forged/expired, 404 gone). */
  openDownload(token: string): Promise<DownloadLookup>;
  readPackage(sha256: string, range?: BlobRange): Promise<AsyncIterable<Uint8Array>>;
  packageSignature(sha256: string): Promise<Uint8Array | null>;
  /** Records an OMA DL install notification ("900 Success") posted to a token's notify URL. */
  recordDownloadNotice(token: string, body: string): Promise<DownloadNoticeOutcome>;
  /** The repository URLs of a token. */
  repositoryUrls(
    token: string,
    sha256: string,
  ): { package: string; descriptor: string; notify: string; signature: string };
  /** Detaches the service from the server's alert intake and queue. */
  close(): void;
}
