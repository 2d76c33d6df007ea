/**
 * The logging port of the agent: the subset of pino's API the agent calls, so an embedder can pass a
 * pino logger, a child of one, or anything shaped alike. Structured fields first, message second.
 */
export interface AgentLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const ignore = (): void => {};

/** A logger that drops everything: the default when the embedder gives none. */
export const silentLogger: AgentLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * The fields worth logging about a failure: its code and message, never a stack. (Named `error`, not
 * pino's `err`, which would add the stack and constructor name.)
 */
export function errorFields(err: unknown): { error: { code?: string; message: string } } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { error: typeof code === 'string' ? { code, message: err.message } : { message: err.message } };
  }
  return { error: { message: String(err) } };
}
