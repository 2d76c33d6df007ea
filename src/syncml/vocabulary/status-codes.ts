/**
 * SyncML status codes (reference §2.7: the SyncML RepPro 1.2 list). `dm: true` marks the codes the DM
 * 1.2 per-command tables use; the other meanings come from RepPro and serve display only.
 * Keys name the code for callers (`STATUS_CODES.ACCEPTED.code === '202'`); the model carries the code
 * as a string (Status Data), so that is the form here too.
 */
export const STATUS_CODES = {
  IN_PROGRESS: { code: '101', meaning: 'In progress', dm: true },
  OK: { code: '200', meaning: 'OK', dm: true },
  ITEM_ADDED: { code: '201', meaning: 'Item added', dm: false },
  ACCEPTED: { code: '202', meaning: 'Accepted for processing', dm: true },
  NON_AUTHORITATIVE: { code: '203', meaning: 'Non-authoritative response', dm: false },
  NO_CONTENT: { code: '204', meaning: 'No content', dm: false },
  RESET_CONTENT: { code: '205', meaning: 'Reset content', dm: false },
  PARTIAL_CONTENT: { code: '206', meaning: 'Partial content', dm: false },
  CONFLICT_MERGED: { code: '207', meaning: 'Conflict resolved with merge', dm: false },
  CONFLICT_CLIENT_WINS: { code: '208', meaning: 'Conflict resolved, client wins', dm: false },
  CONFLICT_DUPLICATE: { code: '209', meaning: 'Conflict resolved with duplicate', dm: false },
  DELETE_WITHOUT_ARCHIVE: { code: '210', meaning: 'Delete without archive', dm: false },
  ITEM_NOT_DELETED: { code: '211', meaning: 'Item not deleted', dm: false },
  AUTHENTICATION_ACCEPTED: { code: '212', meaning: 'Authentication accepted', dm: true },
  CHUNK_ACCEPTED: { code: '213', meaning: 'Chunked item accepted and buffered', dm: true },
  OPERATION_CANCELLED: { code: '214', meaning: 'Operation cancelled', dm: true },
  NOT_EXECUTED: { code: '215', meaning: 'Not executed', dm: true },
  ATOMIC_ROLLBACK_OK: { code: '216', meaning: 'Atomic roll back OK', dm: true },
  MULTIPLE_CHOICES: { code: '300', meaning: 'Multiple choices', dm: false },
  MOVED_PERMANENTLY: { code: '301', meaning: 'Moved permanently', dm: false },
  FOUND: { code: '302', meaning: 'Found', dm: false },
  SEE_OTHER: { code: '303', meaning: 'See other', dm: false },
  NOT_MODIFIED: { code: '304', meaning: 'Not modified', dm: true },
  USE_PROXY: { code: '305', meaning: 'Use proxy', dm: false },
  BAD_REQUEST: { code: '400', meaning: 'Bad request', dm: false },
  UNAUTHORIZED: { code: '401', meaning: 'Invalid credentials', dm: true },
  PAYMENT_REQUIRED: { code: '402', meaning: 'Payment required', dm: false },
  FORBIDDEN: { code: '403', meaning: 'Forbidden', dm: true },
  NOT_FOUND: { code: '404', meaning: 'Not found', dm: true },
  COMMAND_NOT_ALLOWED: { code: '405', meaning: 'Command not allowed', dm: true },
  OPTIONAL_FEATURE_NOT_SUPPORTED: { code: '406', meaning: 'Optional feature not supported', dm: true },
  MISSING_CREDENTIALS: { code: '407', meaning: 'Missing credentials', dm: true },
  REQUEST_TIMEOUT: { code: '408', meaning: 'Request timeout', dm: true },
  CONFLICT: { code: '409', meaning: 'Conflict', dm: false },
  GONE: { code: '410', meaning: 'Gone', dm: false },
  SIZE_REQUIRED: { code: '411', meaning: 'Size required', dm: false },
  INCOMPLETE_COMMAND: { code: '412', meaning: 'Incomplete command', dm: true },
  REQUEST_ENTITY_TOO_LARGE: { code: '413', meaning: 'Request entity too large', dm: true },
  URI_TOO_LONG: { code: '414', meaning: 'URI too long', dm: true },
  UNSUPPORTED_MEDIA_TYPE: { code: '415', meaning: 'Unsupported media type or format', dm: true },
  REQUESTED_SIZE_TOO_BIG: { code: '416', meaning: 'Requested size too big', dm: true },
  RETRY_LATER: { code: '417', meaning: 'Retry later', dm: false },
  ALREADY_EXISTS: { code: '418', meaning: 'Already exists', dm: true },
  CONFLICT_SERVER_DATA: { code: '419', meaning: 'Conflict resolved with server data', dm: false },
  DEVICE_FULL: { code: '420', meaning: 'Device full', dm: true },
  UNKNOWN_SEARCH_GRAMMAR: { code: '421', meaning: 'Unknown search grammar', dm: false },
  BAD_CGI_SCRIPT: { code: '422', meaning: 'Bad CGI script', dm: false },
  SOFT_DELETE_CONFLICT: { code: '423', meaning: 'Soft-delete conflict', dm: false },
  SIZE_MISMATCH: { code: '424', meaning: 'Size mismatch', dm: true },
  PERMISSION_DENIED: { code: '425', meaning: 'Permission denied', dm: true },
  PARTIAL_ITEM_NOT_ACCEPTED: { code: '426', meaning: 'Partial item not accepted', dm: false },
  ITEM_NOT_EMPTY: { code: '427', meaning: 'Item not empty', dm: false },
  MOVE_FAILED: { code: '428', meaning: 'Move failed', dm: false },
  COMMAND_FAILED: { code: '500', meaning: 'Command failed', dm: true },
  COMMAND_NOT_IMPLEMENTED: { code: '501', meaning: 'Command not implemented', dm: true },
  BAD_GATEWAY: { code: '502', meaning: 'Bad gateway', dm: false },
  SERVICE_UNAVAILABLE: { code: '503', meaning: 'Service unavailable', dm: false },
  GATEWAY_TIMEOUT: { code: '504', meaning: 'Gateway timeout', dm: false },
  DTD_VERSION_NOT_SUPPORTED: { code: '505', meaning: 'DTD version not supported', dm: false },
  PROCESSING_ERROR: { code: '506', meaning: 'Processing error', dm: true },
  ATOMIC_FAILED: { code: '507', meaning: 'Atomic failed', dm: true },
  REFRESH_REQUIRED: { code: '508', meaning: 'Refresh required', dm: false },
  DATA_STORE_FAILURE: { code: '510', meaning: 'Data store failure', dm: true },
  SERVER_FAILURE: { code: '511', meaning: 'Server failure', dm: false },
  SYNC_FAILED: { code: '512', meaning: 'Synchronization failed', dm: false },
  PROTOCOL_VERSION_NOT_SUPPORTED: { code: '513', meaning: 'Protocol version not supported', dm: false },
  OPERATION_CANCELLED_514: { code: '514', meaning: 'Operation cancelled', dm: true },
  ATOMIC_ROLLBACK_FAILED: { code: '516', meaning: 'Atomic roll back failed', dm: true },
  ATOMIC_RESPONSE_TOO_LARGE: { code: '517', meaning: 'Atomic response too large to fit', dm: true },
} as const;

export type StatusName = keyof typeof STATUS_CODES;
export type StatusCode = (typeof STATUS_CODES)[StatusName]['code'];

const MEANING_BY_CODE: ReadonlyMap<string, string> = new Map(
  Object.values(STATUS_CODES).map((entry) => [entry.code, entry.meaning]),
);

/** The meaning of a status code, or undefined for a code outside the list. */
export function statusMeaning(code: string): string | undefined {
  return MEANING_BY_CODE.get(code.trim());
}

/** True for a code in the list (any three-digit code is still accepted on input). */
export function isKnownStatusCode(code: string): code is StatusCode {
  return MEANING_BY_CODE.has(code);
}

/** 2xx: the command succeeded (reference §2.7). */
export function isSuccessStatus(code: string): boolean {
  return /^2\d\d$/.test(code.trim());
}
