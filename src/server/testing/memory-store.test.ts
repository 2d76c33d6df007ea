import { runStoreContract } from '../ports/store-contract.ts';
import { MemoryStore } from './memory-store.ts';

runStoreContract('memory', async () => new MemoryStore());
