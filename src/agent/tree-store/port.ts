/**
 * The persistence port of the management tree: the agent saves `tree.snapshot()` after each
 * committed change (`tree.subscribe`) and restores the last saved one at start-up.
 */
import type { TreeSnapshot } from '../../tree/index.ts';

export interface TreeStore {
  /** The last saved snapshot, or undefined when nothing was ever saved. */
  load(): Promise<TreeSnapshot | undefined>;
  /** Durably replaces the stored snapshot; resolves once it survives a crash. */
  save(snapshot: TreeSnapshot): Promise<void>;
}
