/**
 * Lifecycle of `Inventory/Delivered/<x>` (reference §1.4–1.6): Install, InstallInactive, Remove.
 * State 10 Delivered → 20 Installed; Status 40 while installing (fail 50, or 60 when the package was
 * deleted), 30 while removing (fail 20). Remove drops the package only: components installed from it
 * stay deployed (reference §9 leaves this open; scomo's choice, README.md).
 */
import { SCOMO_RESULTS } from '../../vocabulary/result-codes.ts';
import {
  DELIVERED_STATE,
  DELIVERED_STATUS,
  DEPLOYED_STATUS,
  deliveredStatusOf,
} from '../../vocabulary/states.ts';
import { installModeOf, isOperationOf } from '../../vocabulary/operations.ts';
import type { DeliveredOperation } from '../../vocabulary/operations.ts';
import { ignore, refuse, reject } from './types.ts';
import type { LifecycleEvent, Transition } from './types.ts';

export const DELIVERED_FSM_STATES = [
  'idle',
  'removeFailed',
  'removing',
  'installing',
  'installFailed',
  'installFailedDeleted',
] as const;

export type DeliveredFsmName = (typeof DELIVERED_FSM_STATES)[number];
type BusyName = 'removing' | 'installing';

export type DeliveredFsmState =
  | { readonly name: Exclude<DeliveredFsmName, BusyName>; readonly installed: boolean }
  | { readonly name: BusyName; readonly installed: boolean; readonly operation: DeliveredOperation };

export const DELIVERED_STATE_STATUS: Readonly<Record<DeliveredFsmName, number>> = {
  idle: DELIVERED_STATUS.idle.code,
  removeFailed: DELIVERED_STATUS.removeFailed.code,
  removing: DELIVERED_STATUS.removing.code,
  installing: DELIVERED_STATUS.installing.code,
  installFailed: DELIVERED_STATUS.installFailed.code,
  installFailedDeleted: DELIVERED_STATUS.installFailedDeleted.code,
};

/** The resting state the leaves show (Status 70 is Verizon's 60); progress values read as idle. */
export function deliveredStateFromLeaves(
  status: number | undefined,
  state: number | undefined,
): DeliveredFsmState {
  const installed = state === DELIVERED_STATE.installed.code;
  const name = status === undefined ? undefined : deliveredStatusOf(status)?.name;
  if (name === 'removeFailed' || name === 'installFailed' || name === 'installFailedDeleted') {
    return { name, installed };
  }
  return { name: 'idle', installed };
}

export function transitionDelivered(
  state: DeliveredFsmState,
  event: LifecycleEvent,
): Transition<DeliveredFsmState> {
  const busy = 'operation' in state;
  switch (event.type) {
    case 'exec': {
      const { operation, facts } = event;
      if (!isOperationOf('delivered', operation)) return ignore(state, event);
      if (busy || facts.busy) return refuse(state, 503, `Delivered/<x> is busy (${state.name})`);
      if (!facts.supported) return reject(state, SCOMO_RESULTS.notImplemented.code);
      if (operation === 'Remove') {
        return {
          state: { name: 'removing', installed: state.installed, operation },
          effects: [
            { do: 'status', of: 'self', code: DELIVERED_STATUS.removing.code },
            { do: 'work', work: 'remove' },
          ],
        };
      }
      if (!facts.hasPackage) return refuse(state, 403, 'the delivery package is not on the device');
      if (!facts.envTypeSupported) return reject(state, SCOMO_RESULTS.unsupportedEnvType.code);
      return {
        state: { name: 'installing', installed: state.installed, operation },
        effects: [
          { do: 'status', of: 'self', code: DELIVERED_STATUS.installing.code },
          { do: 'work', work: 'install', active: installModeOf(operation) === 'active' },
        ],
      };
    }
    case 'installDone': {
      if (state.name !== 'installing' || !('operation' in state)) return ignore(state, event);
      const active = installModeOf(state.operation) === 'active';
      return {
        state: { name: 'idle', installed: true },
        effects: [
          { do: 'status', of: 'self', code: DELIVERED_STATUS.idle.code },
          { do: 'state', of: 'self', code: DELIVERED_STATE.installed.code },
          { do: 'deploy', components: event.components, active, status: DEPLOYED_STATUS.idle.code },
          { do: 'complete', resultCode: SCOMO_RESULTS.successful.code, about: 'components' },
        ],
      };
    }
    case 'installFailed':
      if (state.name !== 'installing') return ignore(state, event);
      if (event.packageKept) {
        return {
          state: { name: 'installFailed', installed: state.installed },
          effects: [
            { do: 'status', of: 'self', code: DELIVERED_STATUS.installFailed.code },
            { do: 'complete', resultCode: event.resultCode, about: 'self' },
          ],
        };
      }
      return {
        state: { name: 'installFailedDeleted', installed: state.installed },
        effects: [
          { do: 'status', of: 'self', code: DELIVERED_STATUS.installFailedDeleted.code },
          { do: 'dropData' },
          { do: 'complete', resultCode: event.resultCode, about: 'self' },
        ],
      };
    case 'removeDone':
      if (state.name !== 'removing') return ignore(state, event);
      return {
        state: { name: 'idle', installed: state.installed },
        effects: [
          { do: 'deleteSelf' },
          { do: 'complete', resultCode: SCOMO_RESULTS.successful.code, about: 'self' },
        ],
      };
    case 'removeFailed':
      if (state.name !== 'removing') return ignore(state, event);
      return {
        state: { name: 'removeFailed', installed: state.installed },
        effects: [
          { do: 'status', of: 'self', code: DELIVERED_STATUS.removeFailed.code },
          { do: 'complete', resultCode: event.resultCode, about: 'self' },
        ],
      };
    default:
      return ignore(state, event);
  }
}
