/**
 * `createScomoMo`: the SCOMO client's MO on a device tree (reference §1). It lays out the tree,
 * mounts the plugin that answers servers, and is the agent's handle: effects to drain, events to
 * dispatch, resume after a restart.
 */
import { ScomoError } from '../../errors/index.ts';
import type { DmTree, MoPlugin } from '../../tree/index.ts';
import { DEFAULT_SCOMO_ROOT, SCOMO_MO_IDS } from '../vocabulary/identity.ts';
import type { ScomoVersion } from '../vocabulary/identity.ts';
import { OPERATIONS } from '../vocabulary/operations.ts';
import type { ScomoOperation } from '../vocabulary/operations.ts';
import { ScomoController } from './controller.ts';
import type { ScomoJournal } from './journal.ts';
import { DEFAULT_SCOMO_ACL, layoutRoot } from './layout.ts';
import { scomoPaths } from './paths.ts';
import type { ScomoPaths } from './paths.ts';
import { scomoPlugin } from './plugin.ts';
import type { DispatchResult, ScomoAlert, ScomoEffect, ScomoEvent } from './types.ts';

export interface ScomoMoOptions {
  readonly tree: DmTree;
  /** Where the MO lives; default ./SCOMO. */
  readonly root?: string;
  /** Which MOID the root's Type carries; default '1.0'. */
  readonly version?: ScomoVersion;
  /** ACL of the root, inherited by everything below; default every server may do everything. */
  readonly acl?: string;
  /** EnvTypes the device can install; an operation on a package of another EnvType gets 1413. */
  readonly envTypes?: readonly string[];
  /** Operations this device does not implement (answered 202, then result 1411). */
  readonly unsupportedOperations?: readonly ScomoOperation[];
  /** Called whenever effects were queued (e.g. to wake the agent's worker). Must not throw. */
  readonly onEffects?: () => void;
}

export interface PendingAlert {
  readonly opId: string;
  readonly alert: ScomoAlert;
}

export interface ScomoMo {
  readonly paths: ScomoPaths;
  readonly plugin: MoPlugin;
  /** Creates the fixed nodes that are missing (idempotent; run again after `tree.restore`). */
  layout(): void;
  /** layout() then mounts the plugin at the root; returns the unmount function. */
  mount(): () => void;
  /** Takes the queued effects, oldest first. */
  drainEffects(): ScomoEffect[];
  /** Reports an agent event; its effects are queued. Throws SCOMO_EVENT_INVALID for a malformed one. */
  dispatch(event: ScomoEvent): DispatchResult;
  /**
   * Start-up after a restart: returns the effects that continue every journaled operation (work with
   * `resume: true`, alerts not yet confirmed) and empties the queue, which they supersede.
   */
  resume(): ScomoEffect[];
  /** Package bytes the agent stored itself for `Delivered/<node>` (streamed direct delivery). */
  registerPackage(node: string, bytes: number): void;
  /** A copy of the journal. */
  journal(): ScomoJournal;
  /** Completed operations whose alert the agent has not confirmed with `alertQueued`. */
  pendingAlerts(): PendingAlert[];
}

export function createScomoMo(options: ScomoMoOptions): ScomoMo {
  const { tree } = options;
  const paths = scomoPaths(options.root ?? DEFAULT_SCOMO_ROOT);
  const version = options.version ?? '1.0';
  if (!(version in SCOMO_MO_IDS)) {
    throw new ScomoError('SCOMO_MO_OPTIONS', `Unknown SCOMO version "${version}"; expected 1.0 or 1.1`);
  }
  for (const op of options.unsupportedOperations ?? []) {
    if (!(op in OPERATIONS))
      throw new ScomoError('SCOMO_MO_OPTIONS', `Unknown SCOMO operation "${op}" in unsupportedOperations`);
  }
  const controller = new ScomoController(tree.local, {
    paths,
    envTypes: options.envTypes === undefined ? undefined : new Set(options.envTypes),
    unsupported: new Set(options.unsupportedOperations ?? []),
  });
  let queue: ScomoEffect[] = [];
  const notify = (): void => options.onEffects?.();
  const enqueue = (effects: readonly ScomoEffect[]): void => {
    if (effects.length === 0) return;
    queue.push(...effects);
    notify();
  };
  const plugin = scomoPlugin(controller, (effects, req) => {
    if (effects.length === 0) return;
    enqueue(effects);
    // An Atomic rollback undoes the tree changes; the effects of that command must go too.
    req.onRollback(() => {
      queue = queue.filter((e) => !effects.includes(e));
    });
  });
  const layout = (): void => layoutRoot(tree.local, paths, options.acl ?? DEFAULT_SCOMO_ACL, version);

  return {
    paths,
    plugin,
    layout,
    mount() {
      layout();
      return tree.mount(paths.root, plugin);
    },
    drainEffects() {
      const out = queue;
      queue = [];
      return out;
    },
    dispatch(event) {
      const result = controller.dispatch(event);
      if (!result.applied) return result;
      enqueue(result.effects);
      return { applied: true };
    },
    resume() {
      queue = [];
      return controller.resume();
    },
    registerPackage(node, bytes) {
      const r = controller.storePackage(node, undefined, bytes);
      if (r.status !== 200) {
        throw new ScomoError(
          'SCOMO_MO_BUSY',
          `Delivered/${node} is busy with an operation; register its package later`,
        );
      }
      enqueue(r.effects);
    },
    journal: () => controller.readJournal(),
    pendingAlerts: () =>
      controller
        .readJournal()
        .operations.flatMap((op) => (op.report === undefined ? [] : [{ opId: op.id, alert: op.report }])),
  };
}

/** createScomoMo + mount: the usual way to give a device tree its SCOMO MO. */
export function mountScomoMo(options: ScomoMoOptions): ScomoMo {
  const mo = createScomoMo(options);
  mo.mount();
  return mo;
}
