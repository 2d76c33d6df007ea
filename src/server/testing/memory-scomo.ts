import type {
  InventorySnapshotRecord,
  ListInventoryQuery,
  ListPackagesQuery,
  ListScomoJobsQuery,
  ListScomoResultsQuery,
  NewScomoJob,
  PackageRecord,
  SaveScomoJobResult,
  ScomoJobRecord,
  ScomoJobUpdate,
  ScomoResultRecord,
  ScomoRootRecord,
  ScomoStore,
} from '../ports/scomo-store.ts';

/**
 * The SCOMO tables of the in-memory Store (MemoryStore extends this). Same rules as MemoryStore:
 * every method runs to completion without awaiting, records are cloned in and out.
 */
export class MemoryScomoTables implements ScomoStore {
  readonly #packages = new Map<string, PackageRecord>();
  readonly #jobs = new Map<string, ScomoJobRecord>();
  readonly #results: ScomoResultRecord[] = [];
  readonly #snapshots: InventorySnapshotRecord[] = [];
  readonly #roots = new Map<string, ScomoRootRecord>();
  readonly #settings = new Map<string, string>();
  #jobSeq = 0;

  /** Overridden by MemoryStore to refuse use after close(). */
  protected assertOpen(): void {}

  async putPackage(record: PackageRecord): Promise<{ created: boolean; package: PackageRecord }> {
    this.assertOpen();
    const existing = this.#packages.get(record.sha256);
    if (existing !== undefined) return { created: false, package: structuredClone(existing) };
    this.#packages.set(record.sha256, structuredClone(record));
    return { created: true, package: structuredClone(record) };
  }

  async getPackage(sha256: string): Promise<PackageRecord | null> {
    this.assertOpen();
    const record = this.#packages.get(sha256);
    return record === undefined ? null : structuredClone(record);
  }

  async listPackages(query: ListPackagesQuery = {}): Promise<PackageRecord[]> {
    this.assertOpen();
    return [...this.#packages.values()]
      .filter(
        (p) =>
          (query.packageId === undefined || p.packageId === query.packageId) &&
          (query.version === undefined || p.version === query.version),
      )
      .sort(
        (a, b) => compare(a.packageId, b.packageId) || a.addedAt - b.addedAt || compare(a.sha256, b.sha256),
      )
      .map((p) => structuredClone(p));
  }

  async deletePackage(sha256: string): Promise<boolean> {
    this.assertOpen();
    return this.#packages.delete(sha256);
  }

  async createScomoJob(job: NewScomoJob): Promise<{ created: boolean; job: ScomoJobRecord }> {
    this.assertOpen();
    const existing = this.#jobs.get(job.id);
    if (existing !== undefined) return { created: false, job: structuredClone(existing) };
    this.#jobSeq += 1;
    const stored: ScomoJobRecord = { ...structuredClone(job), seq: this.#jobSeq, version: 1 };
    this.#jobs.set(job.id, stored);
    return { created: true, job: structuredClone(stored) };
  }

  async getScomoJob(id: string): Promise<ScomoJobRecord | null> {
    this.assertOpen();
    const job = this.#jobs.get(id);
    return job === undefined ? null : structuredClone(job);
  }

  async saveScomoJob(
    id: string,
    update: ScomoJobUpdate,
    expectedVersion: number,
  ): Promise<SaveScomoJobResult> {
    this.assertOpen();
    const current = this.#jobs.get(id);
    if (current === undefined) return { saved: false, currentVersion: null };
    if (current.version !== expectedVersion) return { saved: false, currentVersion: current.version };
    const saved: ScomoJobRecord = {
      ...current,
      state: update.state,
      updatedAt: update.updatedAt,
      finishedAt: update.finishedAt,
      body: structuredClone(update.body),
      version: current.version + 1,
    };
    this.#jobs.set(id, saved);
    return { saved: true, job: structuredClone(saved) };
  }

  async listScomoJobs(query: ListScomoJobsQuery = {}): Promise<ScomoJobRecord[]> {
    this.assertOpen();
    const matching = [...this.#jobs.values()]
      .filter(
        (j) =>
          (query.devId === undefined || j.devId === query.devId) &&
          (query.states === undefined || query.states.includes(j.state)) &&
          (query.operation === undefined || j.operation === query.operation) &&
          (query.afterSeq === undefined || j.seq > query.afterSeq),
      )
      .sort((a, b) => a.seq - b.seq);
    return limited(matching, query.limit).map((j) => structuredClone(j));
  }

  async recordScomoResult(result: ScomoResultRecord): Promise<boolean> {
    this.assertOpen();
    if (this.#results.some((r) => r.alertId === result.alertId)) return false;
    this.#results.push(structuredClone(result));
    return true;
  }

  async listScomoResults(query: ListScomoResultsQuery = {}): Promise<ScomoResultRecord[]> {
    this.assertOpen();
    const matching = this.#results
      .map((result, index) => ({ result, index }))
      .filter(
        ({ result }) =>
          (query.devId === undefined || result.devId === query.devId) &&
          (query.jobId === undefined || result.jobId === query.jobId) &&
          (query.orphans === undefined || (result.jobId === null) === query.orphans),
      )
      .sort((a, b) => a.result.receivedAt - b.result.receivedAt || a.index - b.index)
      .map(({ result }) => result);
    return limited(matching, query.limit).map((r) => structuredClone(r));
  }

  async recordInventorySnapshot(snapshot: InventorySnapshotRecord): Promise<boolean> {
    this.assertOpen();
    if (this.#snapshots.some((s) => s.id === snapshot.id)) return false;
    this.#snapshots.push(structuredClone(snapshot));
    return true;
  }

  async listInventorySnapshots(
    devId: string,
    query: ListInventoryQuery = {},
  ): Promise<InventorySnapshotRecord[]> {
    this.assertOpen();
    const matching = this.#snapshots
      .map((snapshot, index) => ({ snapshot, index }))
      .filter(
        ({ snapshot }) =>
          snapshot.devId === devId && (query.before === undefined || snapshot.takenAt < query.before),
      )
      .sort((a, b) => b.snapshot.takenAt - a.snapshot.takenAt || b.index - a.index)
      .map(({ snapshot }) => snapshot);
    return limited(matching, query.limit).map((s) => structuredClone(s));
  }

  async putScomoRoot(record: ScomoRootRecord): Promise<void> {
    this.assertOpen();
    this.#roots.set(record.devId, structuredClone(record));
  }

  async getScomoRoot(devId: string): Promise<ScomoRootRecord | null> {
    this.assertOpen();
    const root = this.#roots.get(devId);
    return root === undefined ? null : structuredClone(root);
  }

  async deleteScomoRoot(devId: string): Promise<boolean> {
    this.assertOpen();
    return this.#roots.delete(devId);
  }

  async ensureSetting(key: string, candidate: string): Promise<string> {
    this.assertOpen();
    const existing = this.#settings.get(key);
    if (existing !== undefined) return existing;
    this.#settings.set(key, candidate);
    return candidate;
  }

  /** deleteDevice's part: the device's jobs, results, snapshots and root. */
  protected deleteScomoDeviceData(devId: string): void {
    for (const [id, job] of this.#jobs) if (job.devId === devId) this.#jobs.delete(id);
    removeWhere(this.#results, (r) => r.devId === devId);
    removeWhere(this.#snapshots, (s) => s.devId === devId);
    this.#roots.delete(devId);
  }
}

function limited<T>(values: T[], limit: number | undefined): T[] {
  return limit === undefined ? values : values.slice(0, Math.max(0, limit));
}

function removeWhere<T>(values: T[], predicate: (value: T) => boolean): void {
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const value = values[i];
    if (value !== undefined && predicate(value)) values.splice(i, 1);
  }
}

/** Code-unit order, what SQL `COLLATE "C"` / BINARY gives. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
