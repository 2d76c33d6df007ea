/**
 * The device side's public shapes: what the agent receives (effects), what it reports back (events),
 * and the OperationComplete alert payload. The protocol is described in src/scomo/README.md.
 */
import type { MarkSeverity } from '../../syncml/index.ts';
import type { DownloadOperation, ScomoOperation } from '../vocabulary/operations.ts';
import type { SCOMO_ALERT_TYPES, ScomoAlertFormat } from '../vocabulary/identity.ts';

/** A component the installer produced (reported by the agent in `installDone`). */
export interface InstalledComponent {
  /** The Deployment Component identifier (the manifest's component id): `Deployed/<x>/ID`. */
  readonly id: string;
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly envType?: string;
}

/** A deployed component an operation works on: its node name below Inventory/Deployed and its ID. */
export interface ComponentRef {
  readonly node: string;
  readonly id: string;
}

/** One Item of an OperationComplete alert (reference §1.8); same field names as the agent's queue. */
export interface ScomoAlertItem {
  /** Item/Source/LocURI: the executed operation node. */
  readonly source: string;
  /** Item/Target/LocURI: the affected package or component node. */
  readonly target: string;
  readonly type: typeof SCOMO_ALERT_TYPES.operationComplete;
  readonly format: ScomoAlertFormat;
  readonly mark: MarkSeverity;
  /** `<ResultCode>NNNN</ResultCode><Identifier>ID</Identifier>` (identifier XML-escaped). */
  readonly data: string;
}

/** A Generic Alert (1226) reporting one operation: the Exec's correlator, echoed exactly, or none. */
export interface ScomoAlert {
  readonly correlator?: string;
  readonly items: readonly ScomoAlertItem[];
}

/** The package description copied from the tree when the operation started. */
export interface PackageInfo {
  readonly pkgId: string;
  readonly pkgUrl?: string;
  readonly name?: string;
  readonly description?: string;
  readonly installParams?: string;
  readonly envType?: string;
  readonly pkgType?: string;
}

/**
 * Work for the agent. Every effect with an `opId` ends with exactly one event for that opId (done or
 * failed); `resume: true` means the work was in progress when the agent stopped: continue it or roll
 * it back, then report.
 */
export type ScomoEffect =
  | {
      readonly kind: 'download';
      readonly opId: string;
      readonly operation: DownloadOperation;
      /** `Download/<x>` the server created. */
      readonly downloadNode: string;
      /** `Inventory/Delivered/<x>` that will hold the package: store the bytes under this name. */
      readonly deliveredNode: string;
      readonly pkgUrl: string;
      readonly pkg: PackageInfo;
      readonly resume: boolean;
    }
  | {
      /** Direct delivery: a server wrote the package bytes into `Delivered/<x>/Data`. Store them. */
      readonly kind: 'storeData';
      readonly deliveredNode: string;
      readonly data: Uint8Array;
    }
  | {
      readonly kind: 'install';
      readonly opId: string;
      readonly operation: ScomoOperation;
      readonly deliveredNode: string;
      readonly pkg: PackageInfo;
      /** Create the components Active (true) or Inactive (false). */
      readonly active: boolean;
      readonly resume: boolean;
    }
  | {
      readonly kind: 'activate' | 'deactivate';
      readonly opId: string;
      readonly components: readonly ComponentRef[];
      readonly resume: boolean;
    }
  | {
      readonly kind: 'removeComponent';
      readonly opId: string;
      readonly components: readonly ComponentRef[];
      /** The component was Active: deactivate it before removing. */
      readonly wasActive: boolean;
      readonly resume: boolean;
    }
  | {
      readonly kind: 'removePackage';
      readonly opId: string;
      readonly deliveredNode: string;
      readonly pkgId: string;
      readonly resume: boolean;
    }
  | {
      /** The package bytes kept for `deliveredNode` are no longer needed: delete them (no event). */
      readonly kind: 'discardPackage';
      readonly deliveredNode: string;
    }
  | {
      /**
       * Send this Generic Alert. Enqueue it durably, keyed by `opId` (the same alert is offered again
       * by `resume()` until `alertQueued` is reported), then report `alertQueued`.
       */
      readonly kind: 'alert';
      readonly opId: string;
      readonly alert: ScomoAlert;
    };

export type ScomoEffectKind = ScomoEffect['kind'];

/** What the agent reports back. Failure result codes are SCOMO codes (reference §1.9, 14xx/15xx). */
export type ScomoEvent =
  | {
      readonly type: 'downloadProgress';
      readonly opId: string;
      readonly bytes?: number;
      readonly total?: number;
    }
  | { readonly type: 'downloadDone'; readonly opId: string; readonly bytes?: number }
  | { readonly type: 'downloadFailed'; readonly opId: string; readonly resultCode: number }
  | {
      readonly type: 'installDone';
      readonly opId: string;
      readonly components: readonly InstalledComponent[];
    }
  | {
      readonly type: 'installFailed';
      readonly opId: string;
      readonly resultCode: number;
      /** The package is still on the device (default true); false: it was deleted. */
      readonly packageKept?: boolean;
    }
  | { readonly type: 'activateDone' | 'deactivateDone' | 'removeDone'; readonly opId: string }
  | {
      readonly type: 'activateFailed' | 'deactivateFailed' | 'removeFailed';
      readonly opId: string;
      readonly resultCode: number;
    }
  /** The alert of `opId` is in the agent's durable queue: the operation leaves the journal. */
  | { readonly type: 'alertQueued'; readonly opId: string };

export type ScomoEventType = ScomoEvent['type'];

/** Whether an event was taken; its effects go to the queue (`drainEffects`). */
export type DispatchResult =
  { readonly applied: true } | { readonly applied: false; readonly reason: string };
