import { runBlobStoreContract } from '../ports/blob-store-contract.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';

runBlobStoreContract('memory', async () => new MemoryBlobStore());
