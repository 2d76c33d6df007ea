/**
 * The SCOMO Server (DESIGN.md "Data flow of a deployment"): turns SCOMO operations into jobs whose
 * steps are DM command sequences queued on the DM server core, follows them through the queue's
 * resolutions and the devices' OperationComplete alerts, keeps each device's inventory with its
 * history, serves device requests under a policy, and backs the package repository.
 *
 *   const scomo = createScomoService({ server, store, blobs, clock, random }, resolveScomoOptions({ … }));
 *   await scomo.packages.add(bytes, { signingKey });
 *   const job = await scomo.deploy('IMEI:1', { package: 'com.example.app@1.2' });
 *
 * Every process that opens the store may create one (the CLI does); the one that serves devices is
 * the one whose listeners see resolutions and alerts. `sweep()` (called periodically by the
 * composition root) reconciles open jobs, which covers a process that stopped half-way.
 */
import { ANY_ALERT_TYPE } from '../alerts.ts';
import { SILENT_LOGGER } from '../ports/clock.ts';
import type { ScomoJobRecord } from '../ports/scomo-store.ts';
import type { StoredAlert } from '../ports/store.ts';
import { handleScomoAlert } from './alert-handler.ts';
import type { AlertHandlerDeps } from './alert-handler.ts';
import { Downloads } from './downloads.ts';
import { scomoServerError } from './errors.ts';
import { jobIdOfTag, newJobId } from './ids.ts';
import { bodyToJson, parseJobBody } from './job-model.ts';
import type { JobBody, JobRequest } from './job-model.ts';
import type { ScomoOptions } from './options.ts';
import { PackageRepository, parsePackageSpec } from './packages/repository.ts';
import type { PlannerConfig } from './reconcile/draft.ts';
import { JobRunner } from './runner.ts';
import type { JobOptions, ScomoJob, ScomoService, ScomoServiceDeps } from './service-types.ts';
import { DELIVERY_PATHS, FINISHED_STATES, INSTALL_MODES, isTargetOperation } from './vocabulary.ts';
import type { JobOrigin } from './vocabulary.ts';

export type {
  DeployInput,
  DownloadLookup,
  DownloadNoticeOutcome,
  JobOptions,
  ScomoJob,
  ScomoService,
  ScomoServiceDeps,
} from './service-types.ts';

const OPEN_STATES = ['queued', 'sent', 'accepted'] as const;
const SWEEP_PAGE = 200;

function newBody(
  request: JobRequest,
  origin: { kind: JobOrigin; ref: string | null },
  deadline: number | null,
): JobBody {
  return {
    origin,
    request,
    root: null,
    devDetail: {},
    selected: null,
    target: null,
    steps: [],
    result: null,
    error: null,
    cancelRequested: null,
    deadline,
    inventoryJobId: null,
    note: null,
  };
}

export function viewJob(record: ScomoJobRecord): ScomoJob {
  return { ...record, body: parseJobBody(record.body) };
}

export function createScomoService(deps: ScomoServiceDeps, options: ScomoOptions): ScomoService {
  const { server, store, blobs, clock, random } = deps;
  const logger = deps.logger ?? SILENT_LOGGER;
  const packages = new PackageRepository(store, blobs, clock);

  const deadlineOf = (jobOptions: JobOptions): number | null =>
    jobOptions.deadline !== undefined
      ? jobOptions.deadline
      : options.jobTtlMs === null
        ? null
        : clock.now() + options.jobTtlMs;

  // `downloads` (below) and the runner refer to each other; the closure runs after both exist.
  const runner: JobRunner = new JobRunner({
    server,
    store,
    blobs,
    clock,
    logger,
    config: (): Promise<PlannerConfig> => downloads.plannerConfig(),
    refreshInventory: (devId, jobId, parent) =>
      createJob(devId, { operation: 'inventory' }, { kind: 'job', ref: parent }, { id: jobId }),
  });

  // A declaration (hoisted): the runner's inventory refresh and the service both create jobs.
  async function createJob(
    devId: string,
    request: JobRequest,
    origin: { kind: JobOrigin; ref: string | null },
    jobOptions: JobOptions,
  ): Promise<ScomoJob> {
    const now = clock.now();
    const record = await runner.create({
      id: jobOptions.id ?? newJobId(random),
      devId,
      operation: request.operation,
      state: 'queued',
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      body: bodyToJson(newBody(request, origin, deadlineOf(jobOptions))),
    });
    return viewJob(record);
  }

  const downloads: Downloads = new Downloads({ store, blobs, clock, random, options, runner });

  const handlerDeps: AlertHandlerDeps = {
    store,
    policy: options.deviceRequests,
    poke: (jobId) => runner.poke(jobId),
    refreshInventory: (devId, jobId, ref) =>
      createJob(devId, { operation: 'inventory' }, { kind: 'device', ref }, { id: jobId }),
    async requestJob(devId, jobId, alertId, request, refusal) {
      const origin = { kind: 'device' as const, ref: alertId };
      if (refusal === null && request !== null) {
        await createJob(devId, request, origin, { id: jobId });
        return;
      }
      const now = clock.now();
      const body: JobBody = {
        ...newBody(request ?? { operation: 'inventory' }, origin, null),
        error: refusal ?? {
          code: 'SCOMO_SERVER_BAD_REQUEST',
          message: 'The device request cannot be served.',
        },
      };
      await store.createScomoJob({
        id: jobId,
        devId,
        operation: request?.operation ?? 'request',
        state: 'failed',
        createdAt: now,
        updatedAt: now,
        finishedAt: now,
        body: bodyToJson(body),
      });
    },
  };

  const handleAlert = (alert: StoredAlert): Promise<void> => handleScomoAlert(handlerDeps, alert);
  const detachAlerts = server.alerts.on(ANY_ALERT_TYPE, handleAlert);
  const detachQueue = server.queue.onResolved(async (command) => {
    const jobId = jobIdOfTag(command.tag);
    if (jobId !== null) await runner.poke(jobId);
  });

  return {
    options,
    packages,
    async deploy(devId, input, jobOptions = {}) {
      const { packageId, version } = parsePackageSpec(input.package);
      const via = input.via ?? options.defaultDelivery;
      const install = input.install ?? 'active';
      if (!DELIVERY_PATHS.includes(via))
        throw scomoServerError('SCOMO_SERVER_BAD_REQUEST', `--via must be url or dm, got ${String(via)}.`);
      if (!Object.hasOwn(INSTALL_MODES, install)) {
        throw scomoServerError(
          'SCOMO_SERVER_BAD_REQUEST',
          `install must be one of ${Object.keys(INSTALL_MODES).join(', ')}.`,
        );
      }
      if (
        (await store.listPackages(version === null ? { packageId } : { packageId, version })).length === 0
      ) {
        throw scomoServerError(
          'SCOMO_SERVER_PACKAGE_NOT_FOUND',
          `The repository has no package ${input.package} (scomo package add FILE).`,
        );
      }
      const request: JobRequest = {
        operation: 'deploy',
        packageId,
        version,
        via,
        install,
        inventoryFirst: input.inventoryFirst ?? false,
        envTypes: [...(input.envTypes ?? [])],
      };
      return createJob(devId, request, { kind: 'operator', ref: null }, jobOptions);
    },
    async operate(devId, operation, target, jobOptions = {}) {
      if (!isTargetOperation(operation))
        throw scomoServerError('SCOMO_SERVER_BAD_REQUEST', `Unknown operation "${String(operation)}".`);
      if (target.trim() === '')
        throw scomoServerError('SCOMO_SERVER_BAD_REQUEST', `${operation} needs a component or package id.`);
      return createJob(devId, { operation, target }, { kind: 'operator', ref: null }, jobOptions);
    },
    refreshInventory: (devId, jobOptions = {}) =>
      createJob(devId, { operation: 'inventory' }, { kind: 'operator', ref: null }, jobOptions),
    inventoryHistory: (devId, query) => store.listInventorySnapshots(devId, query),
    async getJob(id) {
      const record = await store.getScomoJob(id);
      return record === null ? null : viewJob(record);
    },
    async listJobs(query) {
      return (await store.listScomoJobs(query)).map(viewJob);
    },
    async cancelJob(id, reason = 'cancelled by an operator') {
      await runner.update(id, (body, job) =>
        FINISHED_STATES.includes(job.state) || body.cancelRequested !== null
          ? null
          : { ...body, cancelRequested: reason },
      );
      const record = await runner.reconcile(id);
      return record === null ? null : viewJob(record);
    },
    async reconcile(id) {
      const record = await runner.reconcile(id);
      return record === null ? null : viewJob(record);
    },
    results: (query) => store.listScomoResults(query),
    async sweep() {
      let reconciled = 0;
      let afterSeq: number | undefined;
      for (;;) {
        const page = await store.listScomoJobs({
          states: OPEN_STATES,
          limit: SWEEP_PAGE,
          ...(afterSeq === undefined ? {} : { afterSeq }),
        });
        for (const job of page) {
          try {
            await runner.reconcile(job.id);
          } catch (error) {
            logger.warn('Reconciling a SCOMO job failed', { jobId: job.id, error });
          }
          reconciled += 1;
        }
        if (page.length < SWEEP_PAGE) return { reconciled };
        afterSeq = page.at(-1)?.seq;
      }
    },
    handleAlert,
    openDownload: (token) => downloads.open(token),
    readPackage: (sha256, range) => blobs.read(sha256, range),
    packageSignature: (sha256) => packages.signature(sha256),
    recordDownloadNotice: (token, body) => downloads.recordNotice(token, body),
    repositoryUrls: (token, sha256) => downloads.urls(token, sha256),
    close() {
      detachAlerts();
      detachQueue();
    },
  };
}
