// The BlobStore port (declared by src/server) on the filesystem: package archives and their sidecars.
export { FileBlobStore } from './file-blob-store.ts';
