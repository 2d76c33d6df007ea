/**
 * Runs reconciliations against the Store: loads a job, its commands (by the job's queue tag), its
 * results and the facts a decision needs; performs the effects and enqueues (all idempotent by
 * derived ids); then saves with compare-and-set, starting again when another node or process saved
 * first. Within one process a job is reconciled by one caller at a time; a request that arrives
 * meanwhile makes the running one go round once more.
 */
import type { Inventory } from '../../scomo/index.ts';
import { serverError } from '../errors.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { InventorySnapshotRecord, NewScomoJob, ScomoJobRecord } from '../ports/scomo-store.ts';
import type { QueuedCommand, Store } from '../ports/store.ts';
import type { DmServer } from '../server.ts';
import { scomoServerError } from './errors.ts';
import { jobTag } from './ids.ts';
import { bodyToJson, parseJobBody } from './job-model.ts';
import type { JobBody } from './job-model.ts';
import type { Facts, PlannerConfig } from './reconcile/draft.ts';
import { reconcile } from './reconcile/reconcile.ts';

const SAVE_ATTEMPTS = 8;

export interface RunnerDeps {
  readonly server: DmServer;
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Resolved lazily: the repository secret may come from the Store. */
  readonly config: () => Promise<PlannerConfig>;
  /** Creates the inventory refresh a finished job asks for (the service's refreshInventory). */
  readonly refreshInventory: (devId: string, jobId: string, parent: string) => Promise<unknown>;
}

/** Reads a stored inventory back (written by the inventory step from src/scomo's Inventory). */
export function storedInventory(snapshot: InventorySnapshotRecord): Inventory | null {
  const value = snapshot.inventory;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  if (!Array.isArray(value['deployed']) || !Array.isArray(value['delivered'])) return null;
  return value as unknown as Inventory;
}

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

export class JobRunner {
  readonly #deps: RunnerDeps;
  readonly #running = new Map<string, Promise<ScomoJobRecord | null>>();
  readonly #again = new Set<string>();

  constructor(deps: RunnerDeps) {
    this.#deps = deps;
  }

  /** Creates a job (idempotent on its id) and plans its first step. */
  async create(job: NewScomoJob): Promise<ScomoJobRecord> {
    if ((await this.#deps.store.getDevice(job.devId)) === null) {
      throw serverError(
        'SCOMO_SERVER_UNKNOWN_DEVICE',
        `No device ${job.devId}: provision it before queueing work for it.`,
      );
    }
    const { job: stored } = await this.#deps.store.createScomoJob(job);
    return (await this.reconcile(stored.id)) ?? stored;
  }

  /** Brings a job up to date with what happened; returns it as saved (null: no such job). */
  reconcile(jobId: string): Promise<ScomoJobRecord | null> {
    const running = this.#running.get(jobId);
    if (running !== undefined) {
      this.#again.add(jobId);
      return running;
    }
    const run = (async () => {
      try {
        let job = await this.#once(jobId);
        while (this.#again.delete(jobId)) job = await this.#once(jobId);
        return job;
      } finally {
        this.#running.delete(jobId);
      }
    })();
    this.#running.set(jobId, run);
    return run;
  }

  /**
   * For listeners that run inside a reconciliation's own calls (a cancel resolves a command, whose
   * listener pokes the job): when the job is being reconciled, ask for one more round and return at
   * once instead of waiting for the round that is waiting for us.
   */
  async poke(jobId: string): Promise<void> {
    if (this.#running.has(jobId)) {
      this.#again.add(jobId);
      return;
    }
    await this.reconcile(jobId);
  }

  /** Applies `change` to a job's body with compare-and-set (no reconciliation). */
  async update(
    jobId: string,
    change: (body: JobBody, job: ScomoJobRecord) => JobBody | null,
  ): Promise<ScomoJobRecord | null> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt += 1) {
      const job = await this.#deps.store.getScomoJob(jobId);
      if (job === null) return null;
      const body = change(parseJobBody(job.body), job);
      if (body === null) return job;
      const saved = await this.#deps.store.saveScomoJob(
        jobId,
        {
          state: job.state,
          updatedAt: this.#deps.clock.now(),
          finishedAt: job.finishedAt,
          body: bodyToJson(body),
        },
        job.version,
      );
      if (saved.saved) return saved.job;
    }
    throw conflict(jobId);
  }

  async #once(jobId: string): Promise<ScomoJobRecord | null> {
    const { store, clock } = this.#deps;
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt += 1) {
      const job = await store.getScomoJob(jobId);
      if (job === null) return null;
      const body = parseJobBody(job.body);
      const commands = new Map<string, QueuedCommand>(
        (await store.listCommands({ tag: jobTag(jobId) })).map((c) => [c.id, c]),
      );
      const results = await store.listScomoResults({ jobId });
      const config = await this.#deps.config();
      const now = clock.now();
      let facts = await this.#facts(job, body);
      let out = reconcile({ job, body, commands, results, facts, now, config });
      const load = out.effects.find((e) => e.type === 'load-blob');
      if (load !== undefined) {
        facts = {
          ...facts,
          blob: { sha256: load.sha256, bytes: await readAll(await this.#deps.blobs.read(load.sha256)) },
        };
        out = reconcile({ job, body, commands, results, facts, now, config });
      }
      if (!out.changed) return job;
      for (const { id, operation } of out.enqueue) {
        await this.#deps.server.enqueue(job.devId, operation, {
          id,
          tag: jobTag(jobId),
          expiresAt: out.body.deadline,
        });
      }
      for (const id of out.cancel) await this.#deps.server.queue.cancel(id, `job ${jobId} ${out.state}`);
      for (const effect of out.effects) await this.#perform(job, effect);
      const saved = await store.saveScomoJob(
        jobId,
        { state: out.state, updatedAt: now, finishedAt: out.finishedAt, body: bodyToJson(out.body) },
        job.version,
      );
      if (saved.saved) return saved.job;
    }
    throw conflict(jobId);
  }

  async #perform(
    job: ScomoJobRecord,
    effect: ReturnType<typeof reconcile>['effects'][number],
  ): Promise<void> {
    const { store, clock } = this.#deps;
    switch (effect.type) {
      case 'root':
        await store.putScomoRoot({
          devId: job.devId,
          root: effect.root,
          moVersion: effect.moVersion,
          discoveredAt: clock.now(),
        });
        return;
      case 'forget-root':
        await store.deleteScomoRoot(job.devId);
        return;
      case 'snapshot':
        await store.recordInventorySnapshot(effect.snapshot);
        return;
      case 'refresh-inventory':
        try {
          await this.#deps.refreshInventory(job.devId, effect.jobId, job.id);
        } catch (error) {
          // The job's own outcome stands; a refresh that cannot be queued (device deleted) is logged.
          this.#deps.logger.warn('The inventory refresh after a SCOMO job could not be queued', {
            jobId: job.id,
            error,
          });
        }
        return;
      case 'load-blob':
        return;
      default: {
        const never: never = effect;
        throw scomoServerError('SCOMO_SERVER_JOB_CORRUPT', `Unknown job effect ${JSON.stringify(never)}.`);
      }
    }
  }

  async #facts(job: ScomoJobRecord, body: JobBody): Promise<Facts> {
    const { store } = this.#deps;
    const [latest] = await store.listInventorySnapshots(job.devId, { limit: 1 });
    const inventory = latest === undefined ? null : storedInventory(latest);
    const request = body.request;
    return {
      device: await store.getDevice(job.devId),
      cachedRoot: body.root === null ? await store.getScomoRoot(job.devId) : null,
      latestInventory: latest === undefined || inventory === null ? null : { snapshot: latest, inventory },
      variants:
        request.operation === 'deploy' ? await store.listPackages({ packageId: request.packageId }) : [],
      blob: null,
    };
  }
}

function conflict(jobId: string) {
  return scomoServerError(
    'SCOMO_SERVER_JOB_CONFLICT',
    `SCOMO job ${jobId} kept changing under concurrent updates (${SAVE_ATTEMPTS} attempts); try again.`,
  );
}
