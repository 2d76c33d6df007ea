/**
 * Shared shapes of the three lifecycle machines (Download/<x>, Delivered/<x>, Deployed/<x>). Each
 * is one pure function `(state, event) → { state, effects }`; the effects here are lifecycle steps
 * that the controller turns into tree writes, agent work and alerts (controller.ts).
 */
import type { InstalledComponent } from '../types.ts';
import type { ScomoOperation } from '../../vocabulary/operations.ts';

/** Whose leaves a step touches: the object the operation runs on, its package, or its components. */
export type StepTarget = 'self' | 'package' | 'components';

export type WorkKind = 'download' | 'install' | 'activate' | 'deactivate' | 'remove';

export type LifecycleEffect =
  /** Answer the Exec at once with this DM status; nothing else happens (README "wrong state"). */
  | { readonly do: 'refuse'; readonly status: 403 | 503; readonly reason: string }
  | { readonly do: 'status'; readonly of: StepTarget; readonly code: number }
  | { readonly do: 'state'; readonly of: StepTarget; readonly code: number }
  | { readonly do: 'work'; readonly work: WorkKind; readonly active?: boolean }
  /** The downloaded package becomes `Inventory/Delivered/<slot>` (State Delivered). */
  | { readonly do: 'deliver' }
  /** Create or upgrade in place the `Inventory/Deployed` nodes of these components. */
  | {
      readonly do: 'deploy';
      readonly components: readonly InstalledComponent[];
      readonly active: boolean;
      readonly status: number;
    }
  /** The package was deleted with its record: `Delivered/<slot>` goes. */
  | { readonly do: 'dropPackage' }
  /** The package bytes are gone; `Delivered/<self>` stays (Status 60). */
  | { readonly do: 'dropData' }
  | { readonly do: 'deleteSelf' }
  /** The operation is over: report `resultCode` about `about`. */
  | { readonly do: 'complete'; readonly resultCode: number; readonly about: StepTarget };

/** What the controller found in the tree before an Exec (README "wrong state" table). */
export interface ExecFacts {
  /** The object takes part in an operation running on another object. */
  readonly busy: boolean;
  /** The operation is not disabled by the MO options. */
  readonly supported: boolean;
  /** Download: PkgURL is set and not empty. */
  readonly hasPkgUrl: boolean;
  /** Delivered: the package bytes are on the device. */
  readonly hasPackage: boolean;
  /** The package's EnvType is absent or one the device supports. */
  readonly envTypeSupported: boolean;
}

/** Events the machines take: the Exec, and the agent's reports (without their opId). */
export type LifecycleEvent =
  | { readonly type: 'exec'; readonly operation: ScomoOperation; readonly facts: ExecFacts }
  | { readonly type: 'downloadProgress' }
  | { readonly type: 'downloadDone' }
  | { readonly type: 'downloadFailed'; readonly resultCode: number }
  | { readonly type: 'installDone'; readonly components: readonly InstalledComponent[] }
  | { readonly type: 'installFailed'; readonly resultCode: number; readonly packageKept: boolean }
  | { readonly type: 'activateDone' | 'deactivateDone' | 'removeDone' }
  | { readonly type: 'activateFailed' | 'deactivateFailed' | 'removeFailed'; readonly resultCode: number };

export interface Transition<S> {
  readonly state: S;
  readonly effects: readonly LifecycleEffect[];
  /** Set when the event does not apply in `state`: nothing changed. */
  readonly ignored?: string;
}

export function ignore<S extends { readonly name: string }>(state: S, event: LifecycleEvent): Transition<S> {
  return { state, effects: [], ignored: `${event.type} does not apply in state ${state.name}` };
}

export function refuse<S>(state: S, status: 403 | 503, reason: string): Transition<S> {
  return { state, effects: [{ do: 'refuse', status, reason }] };
}

/** An Exec answered 202 whose result is a refusal alert; the object does not change. */
export function reject<S>(state: S, resultCode: number): Transition<S> {
  return { state, effects: [{ do: 'complete', resultCode, about: 'self' }] };
}
