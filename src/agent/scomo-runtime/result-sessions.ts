/**
 * "When the executor finishes an operation while the agent is running, start a client-initiated
 * session promptly so the server learns the result" — debounced: the first result starts a short
 * wait, and the results queued during it go out in the same session.
 */
export interface ResultSessions {
  /** A result alert was queued. */
  notify(): void;
  /** No more sessions (the agent is stopping). */
  cancel(): void;
}

export interface ResultSessionOptions {
  /** Wait between the first result and the session; 0 = at once (still asynchronously). */
  readonly delayMs: number;
  /** Whether sessions may start now (the agent is running, not `--once` or stopping). */
  readonly active: () => boolean;
  /** Asks the agent's session gate for a client-initiated session. */
  readonly request: () => void;
}

export function createResultSessions(options: ResultSessionOptions): ResultSessions {
  let timer: NodeJS.Timeout | undefined;
  return {
    notify() {
      if (timer !== undefined || !options.active()) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (options.active()) options.request();
      }, options.delayMs);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
