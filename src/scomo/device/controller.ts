/**
 * The SCOMO client's core: Exec requests and agent events go through the lifecycle machines, the
 * journal and the tree change together (one tree batch per step), and the agent effects of the step
 * come back to the caller. Pure: the tree is the only state; no I/O, no clock reads.
 */
import { ScomoError } from '../../errors/index.ts';
import type { LocalTree } from '../../tree/index.ts';
import { isOperationOf } from '../vocabulary/operations.ts';
import type { ScomoObjectKind, ScomoOperation } from '../vocabulary/operations.ts';
import { DELIVERED_STATE, DELIVERED_STATUS } from '../vocabulary/states.ts';
import { applyEffects, workEffect } from './apply.ts';
import type { ExecFacts, LifecycleEvent, WorkKind } from './fsm/types.ts';
import {
  decodeJournal,
  encodeJournal,
  findOperation,
  forgetPackage,
  involvedElsewhere,
  operationOn,
} from './journal.ts';
import type { JournalOperation, ScomoJournal } from './journal.ts';
import { layoutDelivered, readText, writeLeaf } from './layout.ts';
import { advance, restingState, transitionOf } from './machines.ts';
import type { ObjectState } from './machines.ts';
import type { DeliveredFsmState } from './fsm/delivered.ts';
import type { DeployedFsmState } from './fsm/deployed.ts';
import type { DownloadFsmState } from './fsm/download.ts';
import type { ScomoPaths } from './paths.ts';
import type { PackageInfo, ScomoEffect, ScomoEvent } from './types.ts';
import { validateEvent } from './validate-event.ts';

export interface ControllerConfig {
  readonly paths: ScomoPaths;
  /** EnvTypes the device supports; undefined accepts any. */
  readonly envTypes: ReadonlySet<string> | undefined;
  /** Operations answered with 1411 "not implemented". */
  readonly unsupported: ReadonlySet<ScomoOperation>;
}

export interface ExecCall {
  readonly kind: ScomoObjectKind;
  readonly node: string;
  readonly operation: ScomoOperation;
  readonly source: string;
  readonly correlator: string | undefined;
  readonly serverId: string;
  readonly now: number | undefined;
}

export type DispatchOutcome =
  | { readonly applied: true; readonly effects: readonly ScomoEffect[] }
  | { readonly applied: false; readonly reason: string };

export interface ExecAnswer {
  readonly status: 202 | 403 | 503;
  readonly effects: readonly ScomoEffect[];
  readonly opId?: string;
}

export interface StoreAnswer {
  readonly status: 200 | 503;
  readonly effects: readonly ScomoEffect[];
}

const PACKAGE_LEAVES = [
  ['PkgURL', 'pkgUrl'],
  ['Name', 'name'],
  ['Description', 'description'],
  ['InstallParams', 'installParams'],
  ['EnvType', 'envType'],
  ['PkgType', 'pkgType'],
] as const;

const RESUME_WORK: Readonly<Record<string, WorkKind>> = {
  downloading: 'download',
  installing: 'install',
  activating: 'activate',
  deactivating: 'deactivate',
  removing: 'remove',
};

export class ScomoController {
  readonly #local: LocalTree;
  readonly #config: ControllerConfig;

  constructor(local: LocalTree, config: ControllerConfig) {
    this.#local = local;
    this.#config = config;
  }

  get paths(): ScomoPaths {
    return this.#config.paths;
  }

  readJournal(): ScomoJournal {
    return decodeJournal(this.#local.read(this.#config.paths.journal));
  }

  #writeJournal(journal: ScomoJournal): void {
    const status = this.#local.set(this.#config.paths.journal, {
      format: 'chr',
      data: encodeJournal(journal),
    });
    if (status !== 200) {
      throw new ScomoError('SCOMO_MO_LAYOUT', `Cannot write the SCOMO journal: the tree answered ${status}`);
    }
  }

  /** Runs `step` on a fresh journal copy inside one tree batch; the journal is saved with the changes. */
  #step<T>(step: (journal: ScomoJournal) => { result: T; save: boolean }): T {
    let out: T | undefined;
    let done = false;
    this.#local.batch(() => {
      const journal = this.readJournal();
      const r = step(journal);
      if (r.save) this.#writeJournal(journal);
      out = r.result;
      done = true;
      return 200;
    });
    if (!done) throw new ScomoError('SCOMO_MO_INTERNAL', 'SCOMO step did not run');
    return out as T;
  }

  #package(kind: 'download' | 'delivered', node: string): PackageInfo {
    const leaf = (name: string): string | undefined =>
      readText(this.#local, this.#config.paths.leaf(kind, node, name));
    const pkg: Record<string, string> = { pkgId: leaf('PkgID') ?? node };
    for (const [name, key] of PACKAGE_LEAVES) {
      const value = leaf(name);
      if (value !== undefined) pkg[key] = value;
    }
    // Built from the known leaf names above.
    return pkg as unknown as PackageInfo;
  }

  #facts(journal: ScomoJournal, call: ExecCall): ExecFacts {
    const { kind, node } = call;
    const leaf = (name: string): string =>
      (readText(this.#local, this.#config.paths.leaf(kind, node, name)) ?? '').trim();
    const envType = kind === 'deployed' ? '' : leaf('EnvType');
    const envTypes = this.#config.envTypes;
    return {
      busy:
        involvedElsewhere(journal, kind, node) ||
        (kind === 'download' && operationOn(journal, 'delivered', node) !== undefined),
      supported: !this.#config.unsupported.has(call.operation),
      hasPkgUrl: kind === 'download' && leaf('PkgURL') !== '',
      hasPackage: kind === 'delivered' && journal.packages[node] !== undefined,
      envTypeSupported: envType === '' || envTypes === undefined || envTypes.has(envType),
    };
  }

  #newOperation(journal: ScomoJournal, call: ExecCall, state: ObjectState): JournalOperation {
    const base = {
      id: `op-${journal.nextId}`,
      node: call.node,
      source: call.source,
      serverId: call.serverId,
      ...(call.correlator === undefined ? {} : { correlator: call.correlator }),
      ...(call.now === undefined ? {} : { startedAt: call.now }),
    };
    journal.nextId++;
    const { operation } = call;
    // `state` came from the machine of `call.kind` (exec below), so the casts only restate that.
    if (call.kind === 'download' && isOperationOf('download', operation)) {
      return {
        ...base,
        object: 'download',
        operation,
        state: state as DownloadFsmState,
        slot: call.node,
        pkg: this.#package('download', call.node),
      };
    }
    if (call.kind === 'delivered' && isOperationOf('delivered', operation)) {
      return {
        ...base,
        object: 'delivered',
        operation,
        state: state as DeliveredFsmState,
        pkg: this.#package('delivered', call.node),
      };
    }
    if (call.kind === 'deployed' && isOperationOf('deployed', operation)) {
      const id = readText(this.#local, this.#config.paths.leaf('deployed', call.node, 'ID')) ?? call.node;
      return {
        ...base,
        object: 'deployed',
        operation,
        state: state as DeployedFsmState,
        components: [{ node: call.node, id }],
      };
    }
    throw new ScomoError('SCOMO_MO_INTERNAL', `${operation} is not an operation of ${call.kind} objects`);
  }

  /** True when an operation runs on the object or involves it. */
  isBusy(kind: ScomoObjectKind, node: string): boolean {
    const journal = this.readJournal();
    return operationOn(journal, kind, node) !== undefined || involvedElsewhere(journal, kind, node);
  }

  /** An Exec on `<object>/<x>/Operations/<operation>` (README "Exec answers"). */
  exec(call: ExecCall): ExecAnswer {
    return this.#step<ExecAnswer>((journal) => {
      // The same Exec again (a server re-sending a command whose Status it never saw): already taken.
      if (
        call.correlator !== undefined &&
        journal.operations.some((op) => op.source === call.source && op.correlator === call.correlator)
      ) {
        return { result: { status: 202, effects: [] }, save: false };
      }
      const own = operationOn(journal, call.kind, call.node);
      const state = own?.state ?? restingState(this.#local, this.#config.paths, call.kind, call.node);
      const event: LifecycleEvent = {
        type: 'exec',
        operation: call.operation,
        facts: this.#facts(journal, call),
      };
      const t = transitionOf(call.kind, state, event);
      for (const e of t.effects)
        if (e.do === 'refuse') return { result: { status: e.status, effects: [] }, save: false };
      if (t.ignored !== undefined) throw new ScomoError('SCOMO_MO_INTERNAL', t.ignored);
      const op = this.#newOperation(journal, call, t.state);
      journal.operations.push(op);
      const effects = applyEffects({ local: this.#local, paths: this.#config.paths, journal }, op, t.effects);
      return { result: { status: 202, effects, opId: op.id }, save: true };
    });
  }

  /** An agent report. Throws ScomoError SCOMO_EVENT_INVALID for a malformed event. */
  dispatch(event: ScomoEvent): DispatchOutcome {
    validateEvent(event);
    return this.#step<DispatchOutcome>((journal) => {
      const op = findOperation(journal, event.opId);
      if (op === undefined)
        return {
          result: { applied: false, reason: `no operation ${event.opId} in the journal` },
          save: false,
        };
      if (event.type === 'alertQueued') {
        if (op.report === undefined)
          return { result: { applied: false, reason: `${op.id} has not completed` }, save: false };
        journal.operations = journal.operations.filter((o) => o !== op);
        return { result: { applied: true, effects: [] }, save: true };
      }
      if (op.report !== undefined)
        return { result: { applied: false, reason: `${op.id} has already completed` }, save: false };
      const t = advance(op, toLifecycle(event));
      if (t.ignored !== undefined)
        return { result: { applied: false, reason: `${op.id}: ${t.ignored}` }, save: false };
      // Progress that changes nothing is not written: no tree change, nothing for the agent to save.
      if (t.effects.length === 0) return { result: { applied: true, effects: [] }, save: false };
      const input = event.type === 'downloadDone' && event.bytes !== undefined ? { bytes: event.bytes } : {};
      const effects = applyEffects(
        { local: this.#local, paths: this.#config.paths, journal },
        op,
        t.effects,
        input,
      );
      return { result: { applied: true, effects }, save: true };
    });
  }

  /** The effects that continue every journaled operation after a restart (README "Resume"). */
  resume(): ScomoEffect[] {
    const out: ScomoEffect[] = [];
    for (const op of this.readJournal().operations) {
      if (op.report !== undefined) {
        out.push({ kind: 'alert', opId: op.id, alert: op.report });
        continue;
      }
      const work = RESUME_WORK[op.state.name];
      if (work !== undefined) out.push(workEffect(op, work, true));
    }
    return out;
  }

  /**
   * Package bytes for `Delivered/<node>` arrived (a server's Add/Replace of Data, or the agent's own
   * streamed delivery when `data` is undefined and `bytes` says how many it stored). The node is laid
   * out if needed and shows a fresh package: State 10, Status 10.
   */
  storePackage(node: string, data: Uint8Array | undefined, bytes: number): StoreAnswer {
    return this.#step<StoreAnswer>((journal) => {
      if (
        operationOn(journal, 'delivered', node) !== undefined ||
        involvedElsewhere(journal, 'delivered', node)
      ) {
        return { result: { status: 503, effects: [] }, save: false };
      }
      const paths = this.#config.paths;
      layoutDelivered(this.#local, paths, node);
      writeLeaf(
        this.#local,
        paths.leaf('delivered', node, 'Status'),
        String(DELIVERED_STATUS.idle.code),
        'int',
      );
      writeLeaf(
        this.#local,
        paths.leaf('delivered', node, 'State'),
        String(DELIVERED_STATE.delivered.code),
        'int',
      );
      const effects: ScomoEffect[] = [];
      if (bytes > 0) {
        journal.packages[node] = { origin: 'dm', bytes };
        if (data !== undefined) effects.push({ kind: 'storeData', deliveredNode: node, data });
      } else {
        if (journal.packages[node] !== undefined)
          effects.push({ kind: 'discardPackage', deliveredNode: node });
        forgetPackage(journal, node);
      }
      return { result: { status: 200, effects }, save: true };
    });
  }

  /** A server deleted `Delivered/<node>`: its bytes may go. */
  packageDeleted(node: string): ScomoEffect[] {
    return this.#step<ScomoEffect[]>((journal) => {
      if (journal.packages[node] === undefined) return { result: [], save: false };
      forgetPackage(journal, node);
      return { result: [{ kind: 'discardPackage', deliveredNode: node }], save: true };
    });
  }
}

function toLifecycle(event: Exclude<ScomoEvent, { type: 'alertQueued' }>): LifecycleEvent {
  switch (event.type) {
    case 'downloadProgress':
    case 'downloadDone':
    case 'activateDone':
    case 'deactivateDone':
    case 'removeDone':
      return { type: event.type };
    case 'downloadFailed':
    case 'activateFailed':
    case 'deactivateFailed':
    case 'removeFailed':
      return { type: event.type, resultCode: event.resultCode };
    case 'installDone':
      return { type: 'installDone', components: event.components };
    case 'installFailed':
      return { type: 'installFailed', resultCode: event.resultCode, packageKept: event.packageKept ?? true };
    default: {
      const never: never = event;
      return never;
    }
  }
}
