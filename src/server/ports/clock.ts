/** Wall-clock time in milliseconds since the Unix epoch (a port so tests and nodes control "now"). */
export interface Clock {
  now(): number;
}

/** Cryptographically random bytes (nonces, session tokens), e.g. node:crypto randomBytes. */
export type RandomSource = (length: number) => Uint8Array;

/** Where the core reports problems it handles itself (a failing alert handler, a notifier error). */
export interface Logger {
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
}

export const SILENT_LOGGER: Logger = { warn: () => undefined };
