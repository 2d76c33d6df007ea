import type { HookName, PackageManifest } from '../packages/index.ts';

/**
 * The Installer port: what the SCOMO executor needs to turn a verified Delivery Package into
 * Deployment Components and to manage them (reference §1.4, §1.6). Two implementations ship: the
 * `directory` installer (the default) and the `command` installer; both pass contract.ts.
 *
 * Every method takes the operation id of the SCOMO operation it serves: an installer journals its
 * work under that id so `recover()` can finish or undo it after a crash.
 */
export interface Installer {
  /** 'directory', 'command', or an integrator's name (logs only). */
  readonly kind: string;
  /**
   * Installs every component of the package; on success they are `active` or `inactive` as asked.
   * A component id already deployed is upgraded in place (the previous version stays until the new
   * one succeeds). On any failure nothing changes: the previous versions are back as they were.
   */
  install(request: InstallRequest): Promise<readonly DeployedComponent[]>;
  /** Makes an inactive component available; SCOMO_INSTALL_WRONG_STATE when it is active already. */
  activate(componentId: string, operationId: string): Promise<DeployedComponent>;
  /** Makes an active component unavailable; SCOMO_INSTALL_WRONG_STATE when it is inactive already. */
  deactivate(componentId: string, operationId: string): Promise<DeployedComponent>;
  /** Removes a component (deactivating it first when active). */
  remove(componentId: string, operationId: string): Promise<void>;
  list(): Promise<readonly DeployedComponent[]>;
  get(componentId: string): Promise<DeployedComponent | undefined>;
  /**
   * Finishes or rolls back what a crash interrupted. Call once at start, before any other method;
   * reports each interrupted install by its operation id.
   */
  recover(): Promise<readonly RecoveredInstall[]>;
}

export const COMPONENT_STATES = ['active', 'inactive'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

/** A Deployment Component as the installer keeps it (→ Inventory/Deployed/<x>). */
export interface DeployedComponent {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly envType?: string;
  /** The Delivery Package it came from (→ PkgIDRef). */
  readonly packageId: string;
  readonly packageVersion: string;
  readonly state: ComponentState;
  /** Where its files are, when the installer keeps files (the directory installer). */
  readonly location?: string;
}

export interface InstallRequest {
  /** The SCOMO operation this install serves: the key of the installer's journal entry. */
  readonly operationId: string;
  /** The verified package archive (inspectPackage has passed). */
  readonly packagePath: string;
  readonly manifest: PackageManifest;
  /** true: the components end Active (Install); false: Inactive (InstallInactive). */
  readonly active: boolean;
  /** Download/<x>/InstallParams or Delivered/<x>/InstallParams, passed to hooks and commands. */
  readonly installParams?: string | undefined;
}

export const RECOVERY_OUTCOMES = ['rolled-back', 'completed'] as const;
export type RecoveryOutcome = (typeof RECOVERY_OUTCOMES)[number];

export interface RecoveredInstall {
  readonly operationId: string;
  readonly outcome: RecoveryOutcome;
  /** The components the install produced (completed) or would have produced (rolled back). */
  readonly components: readonly DeployedComponent[];
}

/** The hooks a package declares, kept with each component to run them later. */
export type HookTable = Readonly<Partial<Record<HookName, string>>>;
