/**
 * The MO plugin interface: SCOMO and integrators mount dynamic subtrees with their own behaviour
 * (`tree.mount(uri, plugin)`). For a server's Get (plain, without `?prop`/`?list`), Add, Replace,
 * Delete or Exec on a URI at or below the mount point, the tree first checks what it can (URI syntax
 * and limits; AccessType of an existing node; the ACL of the node or, when it does not exist, of its
 * nearest existing ancestor — Add: of the parent) and then calls the plugin's handler. `next()` runs
 * the ordinary tree's behaviour, so a plugin can validate, delegate storage, then react.
 *
 * A handler must not throw; if it does, the tree undoes the operation's changes, reports the error
 * through the tree's `onPluginError` option and answers 500. Changes made through `req.tree` are
 * journaled like any other, so an Atomic rollback undoes them; state kept outside the tree can
 * register its own undo with `req.onRollback`.
 */
import type { LocalTree } from './local.ts';
import type { ExecOutcome, ExecRequest, GetOutcome, NodeItem } from './results.ts';
import type { TreeStatus } from './status.ts';

export interface PluginRequest {
  /** Canonical URI (`./A/B`). */
  readonly uri: string;
  /** Segments from the root. */
  readonly segments: readonly string[];
  /** Segments below the mount point ([] = the mount point itself). */
  readonly relative: readonly string[];
  /** The authenticated server acting. */
  readonly serverId: string;
  readonly now: number | undefined;
  /** Privileged access to the ordinary tree (no ACL, AccessType or permanence checks). */
  readonly tree: LocalTree;
  /** Registers an undo action for state outside the tree; run if this change is rolled back. */
  onRollback(undo: () => void): void;
}

export interface PluginWriteRequest extends PluginRequest {
  readonly item: NodeItem;
}

export interface PluginExecRequest extends PluginRequest {
  readonly exec: ExecRequest;
}

export interface MoPlugin {
  get?(req: PluginRequest, next: () => GetOutcome): GetOutcome;
  add?(req: PluginWriteRequest, next: () => TreeStatus): TreeStatus;
  replace?(req: PluginWriteRequest, next: () => TreeStatus): TreeStatus;
  delete?(req: PluginRequest, next: () => TreeStatus): TreeStatus;
  /** 200 done, 202 accepted (report later, e.g. a Generic Alert with `exec.correlator`), or a failure. */
  exec?(req: PluginExecRequest, next: () => ExecOutcome): ExecOutcome;
}
