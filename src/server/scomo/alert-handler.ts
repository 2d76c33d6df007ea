/**
 * What the SCOMO service does with a device's Generic Alerts (reference §1.8, §2.10):
 *
 * - OperationComplete (the OMNA type or Nokia's legacy one; Format xml, chr or text/plain): read
 *   the result, find the job step its correlator names (only a job of the same device, only the
 *   step that holds that correlator), store the result linked to it — or as an orphan — and
 *   reconcile the job. An orphan (a device-initiated operation, 5.4.3 alt 1) still makes the
 *   server re-read the inventory. An unreadable item is stored as an orphan with its problem.
 * - A device request (DEVICE_REQUEST_ALERT_TYPE): becomes a job under the server's policy.
 */
import { createHash } from 'node:crypto';
import { isScomoError } from '../../errors/index.ts';
import { isOperationCompleteType, parseScomoAlertItem } from '../../scomo/index.ts';
import type { ScomoAlertResult } from '../../scomo/index.ts';
import type { ScomoResultRecord } from '../ports/scomo-store.ts';
import type { Store, StoredAlert } from '../ports/store.ts';
import { isDeviceRequestType, parseDeviceRequest } from './device-request.ts';
import { parseCorrelator } from './ids.ts';
import { parseJobBody } from './job-model.ts';
import type { JobRequest } from './job-model.ts';
import type { DeviceRequestPolicy } from './vocabulary.ts';

export interface AlertHandlerDeps {
  readonly store: Store;
  readonly policy: DeviceRequestPolicy;
  /** Reconciles a job (the runner's poke). */
  readonly poke: (jobId: string) => Promise<void>;
  readonly refreshInventory: (devId: string, jobId: string, ref: string) => Promise<unknown>;
  /** Creates the job a device asked for (or a finished failed one recording a refusal). */
  readonly requestJob: (
    devId: string,
    jobId: string,
    alertId: string,
    request: JobRequest | null,
    refusal: { code: 'SCOMO_SERVER_REQUEST_DENIED' | 'SCOMO_SERVER_BAD_REQUEST'; message: string } | null,
  ) => Promise<unknown>;
}

/** A short stable id derived from an alert id (alert ids are deterministic per message and item). */
export function derivedId(prefix: string, alertId: string): string {
  return `${prefix}-${createHash('sha256').update(alertId).digest('hex').slice(0, 24)}`;
}

async function linkedStep(
  store: Store,
  devId: string,
  correlator: string | null,
): Promise<{ jobId: string; index: number } | null> {
  if (correlator === null) return null;
  const named = parseCorrelator(correlator);
  if (named === null) return null;
  const job = await store.getScomoJob(named.jobId);
  // A device can only complete its own job's steps, and only with the correlator that step holds.
  if (job === null || job.devId !== devId) return null;
  const step = parseJobBody(job.body).steps[named.index];
  return step?.correlator === correlator ? named : null;
}

export async function handleOperationComplete(deps: AlertHandlerDeps, alert: StoredAlert): Promise<void> {
  let result: ScomoAlertResult | undefined;
  let problem: string | null = null;
  try {
    result = parseScomoAlertItem(alert);
  } catch (error) {
    if (!isScomoError(error)) throw error;
    problem = `${error.message} [${error.code}]`;
  }
  const link = result === undefined ? null : await linkedStep(deps.store, alert.devId, alert.correlator);
  const record: ScomoResultRecord = {
    alertId: alert.id,
    devId: alert.devId,
    receivedAt: alert.receivedAt,
    correlator: alert.correlator,
    jobId: link?.jobId ?? null,
    step: link?.index ?? null,
    resultCode: result?.resultCode ?? null,
    meaning: result?.meaning ?? 'unreadable OperationComplete',
    identifier: result === undefined || result.identifier === '' ? null : result.identifier,
    source: alert.source,
    target: alert.target,
    problem,
  };
  await deps.store.recordScomoResult(record);
  if (link !== null) {
    await deps.poke(link.jobId);
    return;
  }
  // An operation the server did not order (or whose job is gone) still changed the device.
  if (result !== undefined) await deps.refreshInventory(alert.devId, derivedId('inv', alert.id), alert.id);
}

async function allowedByPolicy(
  store: Store,
  policy: DeviceRequestPolicy,
  request: JobRequest,
): Promise<string | null> {
  if (policy === 'allow') return null;
  if (policy === 'deny') return 'the server policy refuses device requests (deny)';
  if (request.operation === 'inventory') return null;
  const packages = await store.listPackages();
  if (request.operation === 'deploy') {
    const known = packages.some(
      (p) => p.packageId === request.packageId && (request.version === null || p.version === request.version),
    );
    return known
      ? null
      : `the repository has no package ${request.packageId}${request.version === null ? '' : `@${request.version}`} (policy allow-known-packages)`;
  }
  const delivered =
    request.operation === 'install' ||
    request.operation === 'installInactive' ||
    request.operation === 'removePackage';
  const known = delivered
    ? packages.some((p) => p.packageId === request.target)
    : packages.some((p) => p.components.some((c) => c.id === request.target));
  return known
    ? null
    : `"${request.target}" is not provided by any package in the repository (policy allow-known-packages)`;
}

export async function handleDeviceRequest(deps: AlertHandlerDeps, alert: StoredAlert): Promise<void> {
  const jobId = derivedId('req', alert.id);
  const parsed = parseDeviceRequest(alert);
  if (!parsed.ok) {
    await deps.requestJob(alert.devId, jobId, alert.id, null, {
      code: 'SCOMO_SERVER_BAD_REQUEST',
      message: `The device sent ${parsed.problem}.`,
    });
    return;
  }
  const refused = await allowedByPolicy(deps.store, deps.policy, parsed.request);
  await deps.requestJob(
    alert.devId,
    jobId,
    alert.id,
    parsed.request,
    refused === null
      ? null
      : { code: 'SCOMO_SERVER_REQUEST_DENIED', message: `Request ${parsed.operation} refused: ${refused}.` },
  );
}

/** The intake handler: every alert passes; SCOMO ones are acted on, others ignored. */
export async function handleScomoAlert(deps: AlertHandlerDeps, alert: StoredAlert): Promise<void> {
  if (isOperationCompleteType(alert.type)) await handleOperationComplete(deps, alert);
  else if (isDeviceRequestType(alert.type)) await handleDeviceRequest(deps, alert);
}
