/**
 * The body of a SCOMO job as the service keeps it in the Store (opaque JSON to the store): what was
 * asked, what was learned (root, DevDetail, chosen variant, target node), and the steps. Plain data
 * with `null` for absent, so it is JSON by construction; `parseJobBody` checks a stored one.
 */
import type { JsonValue } from '../ports/store.ts';
import { scomoServerError } from './errors.ts';
import {
  DELIVERY_PATHS,
  INSTALL_MODES,
  JOB_ORIGINS,
  STEP_KINDS,
  STEP_STATES,
  isTargetOperation,
} from './vocabulary.ts';
import type {
  DeliveryPath,
  InstallMode,
  JobOrigin,
  StepKind,
  StepState,
  TargetOperation,
} from './vocabulary.ts';

/** One OperationComplete item applied to a step. */
export type StepResult = {
  readonly alertId: string;
  readonly code: number;
  readonly meaning: string;
  readonly identifier: string | null;
  readonly target: string | null;
};

/** The OMA DL install notification a device posted for the step's download (installNotifyURI). */
export type DownloadNotice = { readonly status: number; readonly message: string; readonly at: number };

export type JobStep = {
  readonly index: number;
  readonly kind: StepKind;
  readonly state: StepState;
  readonly title: string;
  /** Exec steps: the correlator the device echoes in its OperationComplete. */
  readonly correlator: string | null;
  /** Exec steps: the executed URI. */
  readonly uri: string | null;
  /** Queue ids of the step's commands, in the order they were enqueued. */
  readonly commands: readonly string[];
  /** Queue ids whose outcome has been applied. */
  readonly applied: readonly string[];
  readonly results: readonly StepResult[];
  /** DM Status of the step's last answered command (for Exec: the Exec's). */
  readonly status: number | null;
  readonly resultCode: number | null;
  readonly resultMeaning: string | null;
  readonly detail: string | null;
  /** Kind-specific progress: the discovery or walk planner's state, the snapshot id. */
  readonly progress: JsonValue | null;
  readonly download: DownloadNotice | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly sentAt: number | null;
  readonly finishedAt: number | null;
};

export type DeployRequest = {
  readonly operation: 'deploy';
  readonly packageId: string;
  /** null: the newest version with a matching variant. */
  readonly version: string | null;
  readonly via: DeliveryPath;
  readonly install: InstallMode;
  /** Read the inventory first (seed flows 5.4.1/5.4.2 alt 2): a package already deployed is not sent again. */
  readonly inventoryFirst: boolean;
  /** EnvTypes the operator says the device supports (added to those its inventory shows). */
  readonly envTypes: readonly string[];
};

export type TargetRequest = {
  readonly operation: TargetOperation;
  /** A component ID (deployed operations) or a PkgID (delivered operations); a node name also works. */
  readonly target: string;
};

export type InventoryRequest = { readonly operation: 'inventory' };

export type JobRequest = DeployRequest | TargetRequest | InventoryRequest;

/** The variant chosen for a deploy (5.4.1 step 2) and where it goes on the device. */
export type SelectedPackage = {
  readonly sha256: string;
  readonly packageId: string;
  readonly version: string;
  /** Download/<x> or Delivered/<x> node name. */
  readonly node: string;
  readonly componentIds: readonly string[];
  readonly envType: string | null;
  /** Why this variant (the precedence rule that decided). */
  readonly reason: string;
};

/** The node a target operation executes on, found in the inventory. */
export type TargetNode = {
  readonly kind: 'delivered' | 'deployed';
  readonly node: string;
  readonly id: string;
};

export type JobError = { readonly code: string; readonly message: string };

export type JobBody = {
  readonly origin: { readonly kind: JobOrigin; readonly ref: string | null };
  readonly request: JobRequest;
  readonly root: string | null;
  /** DevDetail leaves read by a devdetail step (full URIs). */
  readonly devDetail: Readonly<Record<string, string>>;
  readonly selected: SelectedPackage | null;
  readonly target: TargetNode | null;
  readonly steps: readonly JobStep[];
  /** The SCOMO result of the job's operation (the last applied). */
  readonly result: { readonly code: number; readonly meaning: string } | null;
  readonly error: JobError | null;
  /** Set by cancel(); the next reconciliation cancels what is still open. */
  readonly cancelRequested: string | null;
  readonly deadline: number | null;
  /** The inventory refresh this job asked for when it completed. */
  readonly inventoryJobId: string | null;
  readonly note: string | null;
};

// ---- parsing a stored body ------------------------------------------------------------------------

type Obj = { readonly [key: string]: JsonValue };

function corrupt(what: string): never {
  throw scomoServerError('SCOMO_SERVER_JOB_CORRUPT', `A stored SCOMO job body is damaged: ${what}.`);
}

function obj(value: JsonValue | undefined, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return corrupt(`${what} is not an object`);
  return value;
}

function str(o: Obj, key: string, what: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : corrupt(`${what}.${key} is not a string`);
}

function strOrNull(o: Obj, key: string, what: string): string | null {
  const v = o[key];
  return v === null ? null : typeof v === 'string' ? v : corrupt(`${what}.${key} is not a string or null`);
}

function num(o: Obj, key: string, what: string): number {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : corrupt(`${what}.${key} is not a number`);
}

function numOrNull(o: Obj, key: string, what: string): number | null {
  const v = o[key];
  return v === null ? null : typeof v === 'number' ? v : corrupt(`${what}.${key} is not a number or null`);
}

function oneOf<T extends string>(o: Obj, key: string, values: readonly T[], what: string): T {
  const v = str(o, key, what);
  return (values as readonly string[]).includes(v) ? (v as T) : corrupt(`${what}.${key} "${v}" is unknown`);
}

function strings(o: Obj, key: string, what: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    return corrupt(`${what}.${key} is not a string list`);
  return v as string[];
}

function parseStep(value: JsonValue, i: number): JobStep {
  const what = `steps[${i}]`;
  const o = obj(value, what);
  const results = o['results'];
  if (!Array.isArray(results)) return corrupt(`${what}.results is not a list`);
  const download = o['download'];
  return {
    index: num(o, 'index', what),
    kind: oneOf(o, 'kind', Object.keys(STEP_KINDS) as StepKind[], what),
    state: oneOf(o, 'state', STEP_STATES, what),
    title: str(o, 'title', what),
    correlator: strOrNull(o, 'correlator', what),
    uri: strOrNull(o, 'uri', what),
    commands: strings(o, 'commands', what),
    applied: strings(o, 'applied', what),
    results: results.map((r, k) => {
      const ro = obj(r, `${what}.results[${k}]`);
      return {
        alertId: str(ro, 'alertId', what),
        code: num(ro, 'code', what),
        meaning: str(ro, 'meaning', what),
        identifier: strOrNull(ro, 'identifier', what),
        target: strOrNull(ro, 'target', what),
      };
    }),
    status: numOrNull(o, 'status', what),
    resultCode: numOrNull(o, 'resultCode', what),
    resultMeaning: strOrNull(o, 'resultMeaning', what),
    detail: strOrNull(o, 'detail', what),
    progress: o['progress'] ?? null,
    download:
      download === null || download === undefined
        ? null
        : (() => {
            const d = obj(download, `${what}.download`);
            return {
              status: num(d, 'status', what),
              message: str(d, 'message', what),
              at: num(d, 'at', what),
            };
          })(),
    createdAt: num(o, 'createdAt', what),
    updatedAt: num(o, 'updatedAt', what),
    sentAt: numOrNull(o, 'sentAt', what),
    finishedAt: numOrNull(o, 'finishedAt', what),
  };
}

function parseRequest(value: JsonValue | undefined): JobRequest {
  const o = obj(value, 'request');
  const operation = str(o, 'operation', 'request');
  if (operation === 'inventory') return { operation };
  if (operation === 'deploy') {
    return {
      operation,
      packageId: str(o, 'packageId', 'request'),
      version: strOrNull(o, 'version', 'request'),
      via: oneOf(o, 'via', DELIVERY_PATHS, 'request'),
      install: oneOf(o, 'install', Object.keys(INSTALL_MODES) as InstallMode[], 'request'),
      inventoryFirst: o['inventoryFirst'] === true,
      envTypes: strings(o, 'envTypes', 'request'),
    };
  }
  if (isTargetOperation(operation)) return { operation, target: str(o, 'target', 'request') };
  return corrupt(`request.operation "${operation}" is unknown`);
}

function parseSelected(value: JsonValue | undefined): SelectedPackage | null {
  if (value === null || value === undefined) return null;
  const o = obj(value, 'selected');
  return {
    sha256: str(o, 'sha256', 'selected'),
    packageId: str(o, 'packageId', 'selected'),
    version: str(o, 'version', 'selected'),
    node: str(o, 'node', 'selected'),
    componentIds: strings(o, 'componentIds', 'selected'),
    envType: strOrNull(o, 'envType', 'selected'),
    reason: str(o, 'reason', 'selected'),
  };
}

function parseTarget(value: JsonValue | undefined): TargetNode | null {
  if (value === null || value === undefined) return null;
  const o = obj(value, 'target');
  return {
    kind: oneOf(o, 'kind', ['delivered', 'deployed'] as const, 'target'),
    node: str(o, 'node', 'target'),
    id: str(o, 'id', 'target'),
  };
}

function parseStringRecord(value: JsonValue | undefined, what: string): Record<string, string> {
  const o = obj(value ?? {}, what);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string') return corrupt(`${what}.${k} is not a string`);
    out[k] = v;
  }
  return out;
}

export function parseJobBody(value: JsonValue): JobBody {
  const o = obj(value, 'body');
  const origin = obj(o['origin'], 'origin');
  const steps = o['steps'];
  if (!Array.isArray(steps)) return corrupt('steps is not a list');
  const result = o['result'];
  const error = o['error'];
  return {
    origin: { kind: oneOf(origin, 'kind', JOB_ORIGINS, 'origin'), ref: strOrNull(origin, 'ref', 'origin') },
    request: parseRequest(o['request']),
    root: strOrNull(o, 'root', 'body'),
    devDetail: parseStringRecord(o['devDetail'], 'devDetail'),
    selected: parseSelected(o['selected']),
    target: parseTarget(o['target']),
    steps: steps.map(parseStep),
    result:
      result === null || result === undefined
        ? null
        : {
            code: num(obj(result, 'result'), 'code', 'result'),
            meaning: str(obj(result, 'result'), 'meaning', 'result'),
          },
    error:
      error === null || error === undefined
        ? null
        : {
            code: str(obj(error, 'error'), 'code', 'error'),
            message: str(obj(error, 'error'), 'message', 'error'),
          },
    cancelRequested: strOrNull(o, 'cancelRequested', 'body'),
    deadline: numOrNull(o, 'deadline', 'body'),
    inventoryJobId: strOrNull(o, 'inventoryJobId', 'body'),
    note: strOrNull(o, 'note', 'body'),
  };
}

/** A body is plain JSON by construction (only strings, numbers, booleans, null, arrays, objects). */
export function bodyToJson(body: JobBody): JsonValue {
  return body as unknown as JsonValue;
}
