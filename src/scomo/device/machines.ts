/** Dispatch to the lifecycle machine of an operation's object kind, and the resting state of an object. */
import type { LocalTree } from '../../tree/index.ts';
import type { ScomoObjectKind } from '../vocabulary/operations.ts';
import { parseIntLeaf } from '../vocabulary/states.ts';
import { deliveredStateFromLeaves, transitionDelivered } from './fsm/delivered.ts';
import type { DeliveredFsmState } from './fsm/delivered.ts';
import { deployedStateFromLeaves, transitionDeployed } from './fsm/deployed.ts';
import type { DeployedFsmState } from './fsm/deployed.ts';
import { downloadStateFromStatus, transitionDownload } from './fsm/download.ts';
import type { DownloadFsmState } from './fsm/download.ts';
import type { LifecycleEvent, Transition } from './fsm/types.ts';
import type { JournalOperation } from './journal.ts';
import type { ScomoPaths } from './paths.ts';

export type ObjectState = DownloadFsmState | DeliveredFsmState | DeployedFsmState;

/** The resting state of an object without a running operation, read from its Status/State leaves. */
export function restingState(
  local: LocalTree,
  paths: ScomoPaths,
  kind: ScomoObjectKind,
  node: string,
): ObjectState {
  const status = parseIntLeaf(local.read(paths.leaf(kind, node, 'Status')));
  if (kind === 'download') return downloadStateFromStatus(status);
  const state = parseIntLeaf(local.read(paths.leaf(kind, node, 'State')));
  return kind === 'delivered'
    ? deliveredStateFromLeaves(status, state)
    : deployedStateFromLeaves(status, state);
}

/** Runs the machine of `kind`; the caller guarantees `state` belongs to that kind. */
export function transitionOf(
  kind: ScomoObjectKind,
  state: ObjectState,
  event: LifecycleEvent,
): Transition<ObjectState> {
  switch (kind) {
    case 'download':
      return transitionDownload(state as DownloadFsmState, event);
    case 'delivered':
      return transitionDelivered(state as DeliveredFsmState, event);
    case 'deployed':
      return transitionDeployed(state as DeployedFsmState, event);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Runs the machine of a journal operation and stores the new state on it. */
export function advance(op: JournalOperation, event: LifecycleEvent): Transition<ObjectState> {
  switch (op.object) {
    case 'download': {
      const t = transitionDownload(op.state, event);
      op.state = t.state;
      return t;
    }
    case 'delivered': {
      const t = transitionDelivered(op.state, event);
      op.state = t.state;
      return t;
    }
    case 'deployed': {
      const t = transitionDeployed(op.state, event);
      op.state = t.state;
      return t;
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}
