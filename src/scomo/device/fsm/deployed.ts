/**
 * Lifecycle of `Inventory/Deployed/<x>` (reference §1.4–1.6): Activate (Status 50; fail 40, stays
 * Inactive), Deactivate (70; fail 60, stays Active), Remove (30; fail 20; node deleted on success).
 * Activate on an Active component and Deactivate on an Inactive one are answered 202 and reported
 * with 1409 / 1410, the component untouched (README "wrong state"). Remove does not require the
 * component to be Inactive first (Nokia does): the agent deactivates it before removing.
 */
import { SCOMO_RESULTS } from '../../vocabulary/result-codes.ts';
import { DEPLOYED_STATE, DEPLOYED_STATUS, deployedStatusOf } from '../../vocabulary/states.ts';
import { isOperationOf } from '../../vocabulary/operations.ts';
import { ignore, refuse, reject } from './types.ts';
import type { LifecycleEvent, Transition } from './types.ts';

export const DEPLOYED_FSM_STATES = [
  'idle',
  'removeFailed',
  'removing',
  'activateFailed',
  'activating',
  'deactivateFailed',
  'deactivating',
] as const;

export type DeployedFsmName = (typeof DEPLOYED_FSM_STATES)[number];

export interface DeployedFsmState {
  readonly name: DeployedFsmName;
  readonly active: boolean;
}

export const DEPLOYED_STATE_STATUS: Readonly<Record<DeployedFsmName, number>> = {
  idle: DEPLOYED_STATUS.idle.code,
  removeFailed: DEPLOYED_STATUS.removeFailed.code,
  removing: DEPLOYED_STATUS.removing.code,
  activateFailed: DEPLOYED_STATUS.activateFailed.code,
  activating: DEPLOYED_STATUS.activating.code,
  deactivateFailed: DEPLOYED_STATUS.deactivateFailed.code,
  deactivating: DEPLOYED_STATUS.deactivating.code,
};

const BUSY: ReadonlySet<DeployedFsmName> = new Set(['removing', 'activating', 'deactivating']);

export function isDeployedBusy(state: DeployedFsmState): boolean {
  return BUSY.has(state.name);
}

/** The resting state the leaves show; progress values without a running operation read as idle. */
export function deployedStateFromLeaves(
  status: number | undefined,
  state: number | undefined,
): DeployedFsmState {
  const active = state === DEPLOYED_STATE.active.code;
  const name = status === undefined ? undefined : deployedStatusOf(status)?.name;
  if (name === 'removeFailed' || name === 'activateFailed' || name === 'deactivateFailed')
    return { name, active };
  return { name: 'idle', active };
}

function start(
  state: DeployedFsmState,
  name: DeployedFsmName,
  work: 'activate' | 'deactivate' | 'remove',
): Transition<DeployedFsmState> {
  return {
    state: { name, active: state.active },
    effects: [
      { do: 'status', of: 'self', code: DEPLOYED_STATE_STATUS[name] },
      { do: 'work', work },
    ],
  };
}

function finish(
  state: DeployedFsmState,
  name: DeployedFsmName,
  active: boolean,
  resultCode: number,
  setState: boolean,
): Transition<DeployedFsmState> {
  return {
    state: { name, active },
    effects: [
      { do: 'status', of: 'self', code: DEPLOYED_STATE_STATUS[name] },
      ...(setState
        ? [
            {
              do: 'state',
              of: 'self',
              code: active ? DEPLOYED_STATE.active.code : DEPLOYED_STATE.inactive.code,
            } as const,
          ]
        : []),
      { do: 'complete', resultCode, about: 'self' },
    ],
  };
}

export function transitionDeployed(
  state: DeployedFsmState,
  event: LifecycleEvent,
): Transition<DeployedFsmState> {
  const ok = SCOMO_RESULTS.successful.code;
  switch (event.type) {
    case 'exec': {
      const { operation, facts } = event;
      if (!isOperationOf('deployed', operation)) return ignore(state, event);
      if (isDeployedBusy(state) || facts.busy)
        return refuse(state, 503, `Deployed/<x> is busy (${state.name})`);
      if (!facts.supported) return reject(state, SCOMO_RESULTS.notImplemented.code);
      switch (operation) {
        case 'Activate':
          return state.active
            ? reject(state, SCOMO_RESULTS.activateFailed.code)
            : start(state, 'activating', 'activate');
        case 'Deactivate':
          return state.active
            ? start(state, 'deactivating', 'deactivate')
            : reject(state, SCOMO_RESULTS.deactivateFailed.code);
        case 'Remove':
          return start(state, 'removing', 'remove');
        default: {
          const never: never = operation;
          return never;
        }
      }
    }
    case 'activateDone':
      return state.name === 'activating' ? finish(state, 'idle', true, ok, true) : ignore(state, event);
    case 'activateFailed':
      return state.name === 'activating'
        ? finish(state, 'activateFailed', false, event.resultCode, false)
        : ignore(state, event);
    case 'deactivateDone':
      return state.name === 'deactivating' ? finish(state, 'idle', false, ok, true) : ignore(state, event);
    case 'deactivateFailed':
      return state.name === 'deactivating'
        ? finish(state, 'deactivateFailed', true, event.resultCode, false)
        : ignore(state, event);
    case 'removeDone':
      if (state.name !== 'removing') return ignore(state, event);
      return {
        state: { name: 'idle', active: state.active },
        effects: [{ do: 'deleteSelf' }, { do: 'complete', resultCode: ok, about: 'self' }],
      };
    case 'removeFailed':
      return state.name === 'removing'
        ? finish(state, 'removeFailed', state.active, event.resultCode, false)
        : ignore(state, event);
    default:
      return ignore(state, event);
  }
}
