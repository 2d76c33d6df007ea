import { ScomoError } from '../errors/index.ts';

/**
 * Prints one line that says what went wrong, never a stack trace, and sets exit code 1. An unexpected
 * error (a bug) still gets one line, plus the stack when SCOMO_DEBUG is set.
 */
export function reportFailure(err: unknown): void {
  process.exitCode = 1;
  if (err instanceof ScomoError) {
    const where =
      err.line !== undefined
        ? ` (line ${err.line}, column ${err.column ?? '?'})`
        : err.offset !== undefined
          ? ` (at byte ${err.offset})`
          : '';
    process.stderr.write(`scomo: ${err.message}${where} [${err.code}]\n`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`scomo: ${message}\n`);
  if (process.env['SCOMO_DEBUG'] && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}
