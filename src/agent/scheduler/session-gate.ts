/** Who starts a session: Alert 1201 (client) or Alert 1200 after a package #0 (server); reference §2.6. */
export const SESSION_INITIATORS = ['client', 'server'] as const;
export type SessionInitiator = (typeof SESSION_INITIATORS)[number];

/** Why a session was requested: shows in the session's log line. */
export const SESSION_REASONS = ['api', 'poll', 'trigger', 'once'] as const;
export type SessionReason = (typeof SESSION_REASONS)[number];

export interface SessionRequest {
  readonly initiator: SessionInitiator;
  /** The SyncHdr SessionID; for server-initiated sessions the trigger's id in hex. */
  readonly sessionId?: string;
  /** The trigger verified only with the zero nonce (reference §4.2). */
  readonly resync?: boolean;
  /** The ServerID whose trigger asked for the session. */
  readonly serverId?: string;
  readonly reason: SessionReason;
}

/** The gate's named states: nothing runs, or one session runs. */
export type GateState = 'idle' | 'running';

export interface SessionGate<R> {
  /** Runs the request as soon as no other session runs (first come, first served) and returns its result. */
  run(request: SessionRequest): Promise<R>;
  /**
   * Asks for a session without waiting: starts one now when idle, otherwise keeps at most one follow-up
   * (a server request replaces a waiting client one; a newer server request replaces an older one).
   * Returns what became of the request.
   */
  request(request: SessionRequest): 'started' | 'queued' | 'merged' | 'replaced';
  state(): GateState;
  /** Forgets the follow-up and resolves once the running session (if any) has ended. */
  drain(): Promise<void>;
}

/**
 * Never two sessions at once (DM sessions of one device are sequential): a promise chain serialises
 * runs; triggers and polls coalesce into one follow-up slot so a burst of them gives one session.
 */
export function createSessionGate<R>(
  execute: (request: SessionRequest) => Promise<R>,
  onDropped: (dropped: SessionRequest, kept: SessionRequest) => void = () => {},
): SessionGate<R> {
  let tail: Promise<unknown> = Promise.resolve();
  let active = 0;
  let followUp: SessionRequest | undefined;

  const enqueue = (pick: () => SessionRequest | undefined): Promise<R | undefined> => {
    const run = tail.then(async () => {
      const request = pick();
      if (request === undefined) return undefined;
      active++;
      try {
        return await execute(request);
      } finally {
        active--;
      }
    });
    tail = run.catch(() => {});
    return run;
  };

  return {
    async run(request: SessionRequest): Promise<R> {
      const result = await enqueue(() => request);
      // pick() returned the request, so execute ran and produced a result.
      return result as R;
    },
    request(request: SessionRequest) {
      if (followUp !== undefined) {
        const keepOld = followUp.initiator === 'server' && request.initiator === 'client';
        if (keepOld) {
          onDropped(request, followUp);
          return 'merged';
        }
        onDropped(followUp, request);
        followUp = request;
        return 'replaced';
      }
      const wasIdle = active === 0;
      followUp = request;
      void enqueue(() => {
        const next = followUp;
        followUp = undefined;
        return next;
      }).catch(() => {
        // execute() reports its own failures; a failed follow-up must not become an unhandled rejection.
      });
      return wasIdle ? 'started' : 'queued';
    },
    state: () => (active > 0 ? 'running' : 'idle'),
    async drain(): Promise<void> {
      followUp = undefined;
      await tail;
    },
  };
}
