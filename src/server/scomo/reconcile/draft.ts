/**
 * The working copy of a job during one reconciliation: the body being changed, the commands to
 * enqueue and cancel, and the effects for the runner. Everything here is pure; the runner performs
 * the effects and saves the body with compare-and-set.
 */
import type { Inventory } from '../../../scomo/index.ts';
import type { Operation } from '../../../session/index.ts';
import type {
  InventorySnapshotRecord,
  PackageRecord,
  ScomoJobState,
  ScomoRootRecord,
} from '../../ports/scomo-store.ts';
import type { DeviceRecord, JsonValue, QueuedCommand } from '../../ports/store.ts';
import { scomoServerError } from '../errors.ts';
import type { ScomoServerErrorCode } from '../errors.ts';
import { commandId } from '../ids.ts';
import type { JobBody, JobError, JobStep, SelectedPackage, TargetNode } from '../job-model.ts';
import { stepEvent } from '../transitions.ts';
import type { StepEvent, StepKind } from '../vocabulary.ts';

/** What the runner loaded for this reconciliation. */
export interface Facts {
  readonly device: DeviceRecord | null;
  readonly cachedRoot: ScomoRootRecord | null;
  /** The device's latest stored inventory snapshot, parsed. */
  readonly latestInventory: {
    readonly snapshot: InventorySnapshotRecord;
    readonly inventory: Inventory;
  } | null;
  /** Stored variants of the package a deploy names (empty for other jobs). */
  readonly variants: readonly PackageRecord[];
  /** The package bytes, once asked for with a `load-blob` effect (deploy over DM). */
  readonly blob: { readonly sha256: string; readonly bytes: Uint8Array } | null;
}

/** How package URLs are made (the service closes over the repository's tokens and base URL). */
export interface PlannerConfig {
  /**
   * The PkgURL for one job step: a time-limited repository URL (or its download descriptor); the
   * sha256 pins the package for the device (URL fragment).
   */
  readonly pkgUrl: (request: {
    readonly jobId: string;
    readonly devId: string;
    readonly step: number;
    readonly sha256: string;
    readonly packageId: string;
    readonly version: string;
    readonly now: number;
  }) => string;
}

export type Effect =
  | { readonly type: 'root'; readonly root: string; readonly moVersion: string | null }
  | { readonly type: 'forget-root' }
  | { readonly type: 'snapshot'; readonly snapshot: InventorySnapshotRecord }
  | { readonly type: 'refresh-inventory'; readonly jobId: string }
  /** The planner needs the package bytes: the runner loads them and reconciles again. */
  | { readonly type: 'load-blob'; readonly sha256: string };

export interface Enqueue {
  readonly id: string;
  readonly operation: Operation;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Draft {
  readonly jobId: string;
  readonly devId: string;
  readonly now: number;
  readonly facts: Facts;
  readonly config: PlannerConfig;
  readonly body: Mutable<JobBody>;
  readonly enqueue: Enqueue[] = [];
  readonly cancel: string[] = [];
  readonly effects: Effect[] = [];
  /** Set when the job ends in this reconciliation. */
  final: ScomoJobState | null = null;

  constructor(jobId: string, devId: string, body: JobBody, now: number, facts: Facts, config: PlannerConfig) {
    this.jobId = jobId;
    this.devId = devId;
    this.now = now;
    this.facts = facts;
    this.config = config;
    this.body = { ...body, steps: [...body.steps] };
  }

  step(index: number): JobStep {
    const step = this.body.steps[index];
    if (step === undefined)
      throw scomoServerError('SCOMO_SERVER_JOB_CORRUPT', `Job ${this.jobId} has no step ${index}.`);
    return step;
  }

  setStep(step: JobStep): void {
    const steps = [...this.body.steps];
    steps[step.index] = step;
    this.body.steps = steps;
  }

  /** Applies an event (and its facts) to a step. */
  event(index: number, event: StepEvent, changes: Parameters<typeof stepEvent>[3] = {}): JobStep {
    const next = stepEvent(this.step(index), event, this.now, changes);
    this.setStep(next);
    return next;
  }

  /** Fails a step and, unless the job already has one, records the job's error. */
  failStep(
    index: number,
    code: ScomoServerErrorCode,
    detail: string,
    changes: Parameters<typeof stepEvent>[3] = {},
  ): void {
    this.event(index, 'fail', { ...changes, detail });
    if (this.body.error === null) this.body.error = { code, message: detail };
  }

  /** Adds a step with its first commands (enqueued in order). */
  addStep(
    kind: StepKind,
    title: string,
    operations: readonly Operation[],
    extra: { correlator?: string; uri?: string; progress?: JsonValue } = {},
  ): number {
    const index = this.body.steps.length;
    const step: JobStep = {
      index,
      kind,
      state: 'queued',
      title,
      correlator: extra.correlator ?? null,
      uri: extra.uri ?? null,
      commands: [],
      applied: [],
      results: [],
      status: null,
      resultCode: null,
      resultMeaning: null,
      detail: null,
      progress: extra.progress ?? null,
      download: null,
      createdAt: this.now,
      updatedAt: this.now,
      sentAt: null,
      finishedAt: null,
    };
    this.body.steps = [...this.body.steps, step];
    this.addCommands(index, operations);
    return index;
  }

  /** Enqueues more commands for a step (the next round of a discovery or walk); returns their ids. */
  addCommands(index: number, operations: readonly Operation[]): string[] {
    const step = this.step(index);
    const ids = operations.map((_, i) => commandId(this.jobId, index, step.commands.length + i));
    operations.forEach((operation, i) => this.enqueue.push({ id: ids[i] ?? '', operation }));
    this.setStep({ ...step, commands: [...step.commands, ...ids], updatedAt: this.now });
    return ids;
  }

  markApplied(index: number, queueId: string): void {
    const step = this.step(index);
    if (!step.applied.includes(queueId)) this.setStep({ ...step, applied: [...step.applied, queueId] });
  }

  /** Ends the job as failed with this error (steps still open are cancelled by the caller). */
  failJob(error: JobError): void {
    if (this.body.error === null) this.body.error = error;
    this.final = 'failed';
  }

  succeed(note: string | null = null): void {
    if (note !== null) this.body.note = note;
    this.final = 'succeeded';
  }

  select(selected: SelectedPackage): void {
    this.body.selected = selected;
  }

  setTarget(target: TargetNode): void {
    this.body.target = target;
  }

  stepsOf(kind: StepKind): JobStep[] {
    return this.body.steps.filter((s) => s.kind === kind);
  }
}

/** The commands of a job by queue id (the runner lists them by the job's tag). */
export type CommandIndex = ReadonlyMap<string, QueuedCommand>;
