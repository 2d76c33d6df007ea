/**
 * The SCOMO part of the Store port (DESIGN.md "Data flow of a deployment"): the package repository's
 * metadata, SCOMO jobs, the OperationComplete results received, inventory snapshots per device,
 * each device's discovered SCOMO root, and server settings. The conventions of ./store.ts hold
 * here too: async, atomic per method, caller-supplied times, `null` for absent, copies returned.
 */
import type { JsonValue } from './store.ts';

// ---------------------------------------------------------------------------------------------
// Packages (the repository's metadata; the bytes live in the BlobStore)
// ---------------------------------------------------------------------------------------------

/** Archive formats of a Delivery Package (the manifest `scomo.json` sits at the archive root). */
export const PACKAGE_FORMATS = ['tar.gz', 'tar', 'zip'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];

/**
 * Which devices a package variant is for (seed flow 5.4.1 step 2): glob patterns (`*` wildcard,
 * case-insensitive) on DevInfo Man / Mod and DevDetail FwV; FwV also takes a version comparison
 * (`>=2.1`). null: any value.
 */
export interface PackageMatch {
  readonly man: string | null;
  readonly mod: string | null;
  readonly fwV: string | null;
}

/** One Deployment Component the package yields, as its manifest says. */
export interface PackageComponentRecord {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string | null;
  readonly envType: string | null;
}

/**
 * One stored package archive: a variant of `packageId@version`. Keyed by the sha256 of its bytes
 * (content addressing: the same bytes are stored once).
 */
export interface PackageRecord {
  /** Lowercase hex sha256 of the archive; the BlobStore key. */
  readonly sha256: string;
  readonly packageId: string;
  readonly version: string;
  readonly size: number;
  /** Content type served by the repository (application/gzip, application/zip, application/x-tar). */
  readonly contentType: string;
  readonly format: PackageFormat;
  /** The file name it was added from, if known. */
  readonly fileName: string | null;
  /** The package's EnvType (reference §1.3), from its manifest. */
  readonly envType: string | null;
  readonly components: readonly PackageComponentRecord[];
  readonly match: PackageMatch;
  /** Id of the Ed25519 key that signed it (16 hex digits of the sha256 of its SPKI), or null. */
  readonly signedBy: string | null;
  /** The manifest as read (for display; the fields above are what the server uses). */
  readonly manifest: JsonValue;
  readonly addedAt: number;
}

export interface ListPackagesQuery {
  readonly packageId?: string;
  readonly version?: string;
}

// ---------------------------------------------------------------------------------------------
// SCOMO jobs
// ---------------------------------------------------------------------------------------------

/**
 * Job (and job step) states. A job's state summarises its steps; its body (opaque to the store)
 * holds the steps. queued → sent (in a session) → accepted (Exec answered 202) → succeeded | failed;
 * expired and cancelled end a job that never finished.
 */
export const SCOMO_JOB_STATES = [
  'queued',
  'sent',
  'accepted',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
] as const;
export type ScomoJobState = (typeof SCOMO_JOB_STATES)[number];

export const FINISHED_JOB_STATES: readonly ScomoJobState[] = ['succeeded', 'failed', 'expired', 'cancelled'];

export interface ScomoJobRecord {
  /** Caller-chosen unique id: creating the same id twice is idempotent. */
  readonly id: string;
  /** Store-assigned, strictly increasing in creation order. */
  readonly seq: number;
  readonly devId: string;
  /** The operation (deploy, activate, inventory, …), as the SCOMO service names it. */
  readonly operation: string;
  readonly state: ScomoJobState;
  /** Incremented by the store on every successful save (compare-and-set). */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly finishedAt: number | null;
  /** The service's job details: request, steps, results (opaque to the store). */
  readonly body: JsonValue;
}

/** What the caller writes on creation; the store assigns seq and version (1). */
export type NewScomoJob = Omit<ScomoJobRecord, 'seq' | 'version'>;

/** What a save may change. */
export interface ScomoJobUpdate {
  readonly state: ScomoJobState;
  readonly updatedAt: number;
  readonly finishedAt: number | null;
  readonly body: JsonValue;
}

export type SaveScomoJobResult =
  | { readonly saved: true; readonly job: ScomoJobRecord }
  | { readonly saved: false; readonly currentVersion: number | null };

export interface ListScomoJobsQuery {
  readonly devId?: string;
  readonly states?: readonly ScomoJobState[];
  readonly operation?: string;
  /** Keyset paging: only jobs with seq greater than this. Results are in seq order. */
  readonly afterSeq?: number;
  readonly limit?: number;
}

// ---------------------------------------------------------------------------------------------
// OperationComplete results
// ---------------------------------------------------------------------------------------------

/**
 * One OperationComplete item as the SCOMO service read it (reference §1.8), linked to the job step
 * its correlator names — or an orphan (jobId null) when no job of this device owns the correlator.
 */
export interface ScomoResultRecord {
  /** The id of the stored alert item it was read from (idempotency key). */
  readonly alertId: string;
  readonly devId: string;
  readonly receivedAt: number;
  readonly correlator: string | null;
  /** null: an orphan. */
  readonly jobId: string | null;
  readonly step: number | null;
  /** The SCOMO result code (§1.9); null when the item was unreadable (see `problem`). */
  readonly resultCode: number | null;
  readonly meaning: string;
  readonly identifier: string | null;
  readonly source: string | null;
  readonly target: string | null;
  readonly problem: string | null;
}

export interface ListScomoResultsQuery {
  readonly devId?: string;
  readonly jobId?: string;
  /** true: orphans only; false: linked results only. */
  readonly orphans?: boolean;
  readonly limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Inventory snapshots and discovered roots
// ---------------------------------------------------------------------------------------------

export const INVENTORY_METHODS = ['structdata', 'walk'] as const;
export type InventoryMethod = (typeof INVENTORY_METHODS)[number];

/** One inventory read of a device (change request flow 5.4.5), with what changed since the last. */
export interface InventorySnapshotRecord {
  /** Caller-chosen unique id: recording the same id twice keeps the first. */
  readonly id: string;
  readonly devId: string;
  readonly takenAt: number;
  /** The SCOMO root it was read from. */
  readonly root: string;
  readonly method: InventoryMethod;
  readonly jobId: string | null;
  readonly inventory: JsonValue;
  /** The changes against the previous snapshot of the device; null for the first one. */
  readonly changes: JsonValue | null;
}

export interface ListInventoryQuery {
  /** Only snapshots taken strictly before this time. */
  readonly before?: number;
  readonly limit?: number;
}

/** The SCOMO root a device's Type property named (reference §1.1), cached per device. */
export interface ScomoRootRecord {
  readonly devId: string;
  readonly root: string;
  /** `1.0` / `1.1`, or null when unknown. */
  readonly moVersion: string | null;
  readonly discoveredAt: number;
}

// ---------------------------------------------------------------------------------------------
// The port's SCOMO methods
// ---------------------------------------------------------------------------------------------

export interface ScomoStore {
  // Packages -----------------------------------------------------------------------------------
  /** Stores a package unless one with this sha256 exists; returns it as stored. */
  putPackage(record: PackageRecord): Promise<{ created: boolean; package: PackageRecord }>;
  getPackage(sha256: string): Promise<PackageRecord | null>;
  /** Ordered by packageId, then addedAt, then sha256. */
  listPackages(query?: ListPackagesQuery): Promise<PackageRecord[]>;
  deletePackage(sha256: string): Promise<boolean>;

  // Jobs ----------------------------------------------------------------------------------------
  /** Creates the job (version 1) unless the id exists; returns it as stored. */
  createScomoJob(job: NewScomoJob): Promise<{ created: boolean; job: ScomoJobRecord }>;
  getScomoJob(id: string): Promise<ScomoJobRecord | null>;
  /** Compare-and-set: saves only if the stored version equals `expectedVersion`; version + 1. */
  saveScomoJob(id: string, update: ScomoJobUpdate, expectedVersion: number): Promise<SaveScomoJobResult>;
  listScomoJobs(query?: ListScomoJobsQuery): Promise<ScomoJobRecord[]>;

  // Results -------------------------------------------------------------------------------------
  /** Idempotent on alertId (returns false if it already existed). */
  recordScomoResult(result: ScomoResultRecord): Promise<boolean>;
  /** In receivedAt order, then recording order. */
  listScomoResults(query?: ListScomoResultsQuery): Promise<ScomoResultRecord[]>;

  // Inventory -------------------------------------------------------------------------------------
  /** Idempotent on id (returns false if it already existed). */
  recordInventorySnapshot(snapshot: InventorySnapshotRecord): Promise<boolean>;
  /** Newest (takenAt) first, then latest recorded first. */
  listInventorySnapshots(devId: string, query?: ListInventoryQuery): Promise<InventorySnapshotRecord[]>;

  // Roots and settings --------------------------------------------------------------------------
  /** Creates or replaces the device's root. */
  putScomoRoot(record: ScomoRootRecord): Promise<void>;
  getScomoRoot(devId: string): Promise<ScomoRootRecord | null>;
  deleteScomoRoot(devId: string): Promise<boolean>;
  /**
   * Returns the stored value of a server setting, storing `candidate` first when there is none (so
   * every node and the CLI agree on e.g. the repository's token secret).
   */
  ensureSetting(key: string, candidate: string): Promise<string>;
}
