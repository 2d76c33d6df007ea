/**
 * The one root error class of scomo (DESIGN.md "Errors"). Every local failure is a ScomoError with a
 * stable `code`; device answers (DM Status codes, SCOMO result codes) are values, never exceptions.
 */
export interface ScomoErrorDetails {
  /** Byte offset in the input where a decoder failed. */
  readonly offset?: number;
  /** 1-based line (text inputs) where a decoder failed. */
  readonly line?: number;
  /** 1-based column (text inputs). */
  readonly column?: number;
  readonly cause?: unknown;
}

export class ScomoError extends Error {
  readonly code: string;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: string, message: string, details: ScomoErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ScomoError';
    this.code = code;
    this.offset = details.offset;
    this.line = details.line;
    this.column = details.column;
  }
}

/** True when `err` is a ScomoError, optionally with a code starting with `prefix`. */
export function isScomoError(err: unknown, prefix = ''): err is ScomoError {
  return err instanceof ScomoError && err.code.startsWith(prefix);
}
