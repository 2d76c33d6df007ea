// Test support for Store adapters and embedders: the Store contract suite (it imports node:test) and
// the in-memory Store. Kept out of src/server/index.ts so production imports never load node:test.
export { runStoreContract } from '../ports/store-contract.ts';
export type { StoreContractOptions } from '../ports/store-contract.ts';
export { MemoryStore } from './memory-store.ts';
