/**
 * The SCOMO service's vocabulary as data: job and step states with the one transition table, step
 * kinds, job operations, install modes per delivery path, and the device request alert.
 */
import type { DeliveredOperation, DeployedOperation, DownloadOperation } from '../../scomo/index.ts';
import { FINISHED_JOB_STATES, SCOMO_JOB_STATES } from '../ports/scomo-store.ts';
import type { ScomoJobState } from '../ports/scomo-store.ts';

// ---- step states and the transition table ---------------------------------------------------

/** A step's states are the job states (ports/scomo-store.ts); a job's state summarises its steps. */
export const STEP_STATES = SCOMO_JOB_STATES;
export type StepState = ScomoJobState;

export const STEP_EVENTS = {
  sent: 'a command of the step was claimed by a session',
  accept: 'the device answered the Exec with 200 or 202: the result follows as OperationComplete',
  succeed: 'the step is done: every command answered with success, or a successful SCOMO result',
  fail: 'an error Status, a failed SCOMO result, or a command that could not be delivered',
  expire: 'the job deadline passed, or a command expired before delivery',
  cancel: 'an operator (or a failing sibling step) cancelled it',
} as const;
export type StepEvent = keyof typeof STEP_EVENTS;

/**
 * The one transition table of a step: state → event → next state; a missing entry means the event
 * does not apply in that state (the transition function reports it and changes nothing). A result
 * may arrive before the Exec's Status is seen (the same reconciliation round), hence queued/sent →
 * succeeded | failed. `succeeded --fail--> failed` exists for one case only: an OperationComplete
 * carries one item per component (reference §1.8), and a later failing item fails the step.
 */
export const STEP_TRANSITIONS = {
  queued: {
    sent: 'sent',
    accept: 'accepted',
    succeed: 'succeeded',
    fail: 'failed',
    expire: 'expired',
    cancel: 'cancelled',
  },
  sent: { accept: 'accepted', succeed: 'succeeded', fail: 'failed', expire: 'expired', cancel: 'cancelled' },
  accepted: { succeed: 'succeeded', fail: 'failed', expire: 'expired', cancel: 'cancelled' },
  succeeded: { fail: 'failed' },
  failed: {},
  expired: {},
  cancelled: {},
} as const satisfies Record<StepState, Partial<Record<StepEvent, StepState>>>;

export const FINISHED_STATES: readonly StepState[] = FINISHED_JOB_STATES;

export function isFinished(state: StepState): boolean {
  return FINISHED_STATES.includes(state);
}

// ---- steps --------------------------------------------------------------------------------------

export const STEP_KINDS = {
  discover: 'find the SCOMO root by its Type property (reference §1.1)',
  devdetail: 'read DevDetail to choose the package variant (seed flow 5.4.1 alt 2)',
  inventory: 'read the inventory: Get ?list=StructData, or a walk with plain Gets on 406 (5.4.5)',
  deliver: 'put the package description, and over DM the package itself, on the device (§1.10)',
  exec: 'execute a SCOMO operation; its result arrives as OperationComplete (§1.7, §1.8)',
} as const;
export type StepKind = keyof typeof STEP_KINDS;

// ---- operations -----------------------------------------------------------------------------------

/** How a package reaches the device: by URL (Download/<x>, 5.4.2) or over DM (Delivered/<x>/Data, 5.4.1). */
export const DELIVERY_PATHS = ['url', 'dm'] as const;
export type DeliveryPath = (typeof DELIVERY_PATHS)[number];

/**
 * What happens after delivery, and the operation executed for it on each path. Over DM, `activate`
 * is Install: Install already creates the components Active (reference §1.4); `none` executes
 * nothing over DM (flow 5.4.1 ends with the device acknowledging the Data).
 */
export const INSTALL_MODES = {
  none: { url: 'Download', dm: null },
  active: { url: 'DownloadInstall', dm: 'Install' },
  inactive: { url: 'DownloadInstallInactive', dm: 'InstallInactive' },
  activate: { url: 'DownloadInstallActivate', dm: 'Install' },
} as const satisfies Record<
  string,
  { url: DownloadOperation; dm: Extract<DeliveredOperation, 'Install' | 'InstallInactive'> | null }
>;
export type InstallMode = keyof typeof INSTALL_MODES;

/** Operations on something already on the device (seed flow 5.4.3), and the Exec each sends. */
export const TARGET_OPERATIONS = {
  install: { object: 'delivered', exec: 'Install' },
  installInactive: { object: 'delivered', exec: 'InstallInactive' },
  removePackage: { object: 'delivered', exec: 'Remove' },
  activate: { object: 'deployed', exec: 'Activate' },
  deactivate: { object: 'deployed', exec: 'Deactivate' },
  removeComponent: { object: 'deployed', exec: 'Remove' },
} as const satisfies Record<
  string,
  { object: 'delivered'; exec: DeliveredOperation } | { object: 'deployed'; exec: DeployedOperation }
>;
export type TargetOperation = keyof typeof TARGET_OPERATIONS;

export const JOB_OPERATIONS = [
  'deploy',
  'inventory',
  ...(Object.keys(TARGET_OPERATIONS) as TargetOperation[]),
] as const;
export type JobOperation = 'deploy' | 'inventory' | TargetOperation;

export function isTargetOperation(value: string): value is TargetOperation {
  return Object.hasOwn(TARGET_OPERATIONS, value);
}

/** Who asked for a job. */
export const JOB_ORIGINS = ['operator', 'device', 'job'] as const;
export type JobOrigin = (typeof JOB_ORIGINS)[number];

// ---- device requests (alternative flows 1) ---------------------------------------------------

/**
 * The Generic Alert (1226) Meta Type a device sends to ask the server for an operation (seed flows
 * 5.4.1–5.4.4, alternative flow 1). Not an OMNA-registered type: a scomo extension (the `x-` marks
 * it), documented in docs/scomo.md.
 */
export const DEVICE_REQUEST_ALERT_TYPE = 'urn:oma:at:scomo:1.0:x-scomo-request';

/** What a device may ask for: `<Operation>` of the request Data, and the job it becomes. */
export const DEVICE_REQUEST_OPERATIONS = {
  Download: { job: 'deploy', via: 'url', install: 'none' },
  DownloadInstall: { job: 'deploy', via: 'url', install: 'active' },
  DownloadInstallInactive: { job: 'deploy', via: 'url', install: 'inactive' },
  DownloadInstallActivate: { job: 'deploy', via: 'url', install: 'activate' },
  Deliver: { job: 'deploy', via: 'dm', install: 'none' },
  DeliverInstall: { job: 'deploy', via: 'dm', install: 'active' },
  DeliverInstallInactive: { job: 'deploy', via: 'dm', install: 'inactive' },
  Install: { job: 'install' },
  InstallInactive: { job: 'installInactive' },
  Activate: { job: 'activate' },
  Deactivate: { job: 'deactivate' },
  Remove: { job: 'removeComponent' },
  RemovePackage: { job: 'removePackage' },
  Inventory: { job: 'inventory' },
} as const satisfies Record<
  string,
  { job: 'deploy'; via: DeliveryPath; install: InstallMode } | { job: Exclude<JobOperation, 'deploy'> }
>;
export type DeviceRequestOperation = keyof typeof DEVICE_REQUEST_OPERATIONS;

/**
 * How the server answers device requests:
 * - `allow`: every well-formed request becomes a job;
 * - `deny`: none does (each is recorded as a failed job, SCOMO_SERVER_REQUEST_DENIED);
 * - `allow-known-packages`: package requests only for packages in the repository, component
 *   operations only on components some stored package provides, inventory always.
 */
export const DEVICE_REQUEST_POLICIES = ['allow', 'deny', 'allow-known-packages'] as const;
export type DeviceRequestPolicy = (typeof DEVICE_REQUEST_POLICIES)[number];
