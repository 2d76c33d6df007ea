// Test support for Store adapters and embedders: the Store contract suite (it imports node:test) and
// the in-memory Store. Kept out of src/server/index.ts so production imports never load node:test.
export { runStoreContract } from '../ports/store-contract.ts';
export type { StoreContractOptions } from '../ports/store-contract.ts';
export { MemoryStore } from './memory-store.ts';
export { runBlobStoreContract } from '../ports/blob-store-contract.ts';
export { MemoryBlobStore } from './memory-blob-store.ts';
export { ScriptedClient } from './scripted-client.ts';
export type { DeviceAnswer, Exchange, ScriptedClientOptions } from './scripted-client.ts';
export { FakeScomoDevice, runSession } from '../scomo/testing/fake-device.ts';
export type { ExecRecord, FakeComponent, FakePackage } from '../scomo/testing/fake-device.ts';
