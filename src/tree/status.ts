/**
 * The DM status codes the management tree answers with (reference §2.3, §2.7). The tree works on
 * values: every operation returns one of these numbers and never throws for a protocol-level failure.
 */
export const TREE_STATUS = {
  OK: 200,
  ACCEPTED: 202,
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_ALLOWED: 405,
  OPTIONAL_FEATURE_NOT_SUPPORTED: 406,
  REQUEST_ENTITY_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE_OR_FORMAT: 415,
  ALREADY_EXISTS: 418,
  DEVICE_FULL: 420,
  SIZE_MISMATCH: 424,
  PERMISSION_DENIED: 425,
  COMMAND_FAILED: 500,
  COMMAND_NOT_IMPLEMENTED: 501,
  SERVICE_UNAVAILABLE: 503,
  DATA_STORE_FAILURE: 510,
} as const;

export type TreeStatus = (typeof TREE_STATUS)[keyof typeof TREE_STATUS];

/** Every status except the two successes. */
export type TreeFailureStatus = Exclude<TreeStatus, 200 | 202>;

const KNOWN: ReadonlySet<number> = new Set(Object.values(TREE_STATUS));

/** True for a status the tree vocabulary knows (used to vet what plugins return). */
export function isTreeStatus(value: unknown): value is TreeStatus {
  return typeof value === 'number' && KNOWN.has(value);
}

/** 2xx: the operation succeeded (200) or was accepted for asynchronous processing (202). */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
