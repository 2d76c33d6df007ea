/**
 * InMemoryTreeStore: the TreeStore port for tests and simulations of many devices in one process.
 * It keeps the JSON text (no aliasing with the live tree) and validates it on load like the file store.
 */
import { parseSnapshot } from '../../tree/index.ts';
import type { TreeSnapshot } from '../../tree/index.ts';
import type { TreeStore } from './port.ts';

export class InMemoryTreeStore implements TreeStore {
  #json: string | undefined;
  #saves = 0;

  constructor(initial?: TreeSnapshot) {
    this.#json = initial === undefined ? undefined : JSON.stringify(initial);
  }

  /** How many saves have completed. */
  get saves(): number {
    return this.#saves;
  }

  load(): Promise<TreeSnapshot | undefined> {
    try {
      return Promise.resolve(this.#json === undefined ? undefined : parseSnapshot(JSON.parse(this.#json)));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  save(snapshot: TreeSnapshot): Promise<void> {
    this.#json = JSON.stringify(snapshot);
    this.#saves++;
    return Promise.resolve();
  }
}
