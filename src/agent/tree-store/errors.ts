import { ScomoError } from '../../errors/index.ts';

/** Stable codes of the tree stores. */
export const TREE_STORE_ERROR_CODES = [
  /** The file exists but is truncated, fails its checksum or does not hold a valid tree. */
  'SCOMO_TREE_STORE_CORRUPT',
  /** The main file is gone but a backup exists (the backup was used). */
  'SCOMO_TREE_STORE_MISSING',
  /** Reading or writing the file failed at the operating-system level. */
  'SCOMO_TREE_STORE_IO',
] as const;

export type TreeStoreErrorCode = (typeof TREE_STORE_ERROR_CODES)[number];

/** A tree store failure naming the file concerned. */
export class TreeStoreError extends ScomoError {
  readonly file: string;

  constructor(code: TreeStoreErrorCode, file: string, message: string, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
    this.name = 'TreeStoreError';
    this.file = file;
  }
}
