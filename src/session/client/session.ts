import { transition } from './machine.ts';
import { resolveOptions } from './options.ts';
import { createSessionData } from './session-data.ts';
import type {
  ClientSession,
  ClientSessionOptions,
  ClientSessionState,
  ServerResponse,
  SessionSummary,
  Step,
} from './types.ts';

/**
 * A DM client session over `options.tree` with the server of `options.serverId`. Throws a ScomoError
 * (SCOMO_SESSION_BAD_OPTIONS) for unusable options; after that, start() and receive() never throw.
 */
export function createClientSession(options: ClientSessionOptions): ClientSession {
  const data = createSessionData(resolveOptions(options));
  return {
    start: (): Step => transition(data, { kind: 'start' }),
    receive: (response: ServerResponse): Step => transition(data, { kind: 'response', response }),
    get state(): ClientSessionState {
      return data.state;
    },
    get summary(): SessionSummary {
      return data.summary.snapshot();
    },
  };
}
