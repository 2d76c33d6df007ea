export type { TreeStore } from './port.ts';
export { FileTreeStore } from './file-tree-store.ts';
export type { FileTreeStoreOptions, TreeStoreFs } from './file-tree-store.ts';
export { InMemoryTreeStore } from './memory-tree-store.ts';
export { TreeStoreError, TREE_STORE_ERROR_CODES } from './errors.ts';
export type { TreeStoreErrorCode } from './errors.ts';
export { encodeTreeFile, decodeTreeFile } from './file-format.ts';
export type { TreeFileDecode } from './file-format.ts';
