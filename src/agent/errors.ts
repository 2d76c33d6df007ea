import { ScomoError } from '../errors/index.ts';

/** Stable error codes of src/agent (vocabulary as data). */
export const AGENT_ERROR_CODES = [
  /** resolveAgentOptions refused an option: the message names it and what was expected. */
  'SCOMO_AGENT_BAD_OPTION',
  /** A config document (file or flags) has an unknown key or a value of the wrong kind. */
  'SCOMO_AGENT_CONFIG',
  /** The server could not be reached (connection refused, DNS, TLS) after every retry. */
  'SCOMO_AGENT_UNREACHABLE',
  /** The server did not answer within the response timeout after every retry. */
  'SCOMO_AGENT_TIMEOUT',
  /** The server answered with an HTTP status other than 200 (after retrying 5xx). */
  'SCOMO_AGENT_HTTP_STATUS',
  /** The server's answer is larger than the agent accepts. */
  'SCOMO_AGENT_RESPONSE_TOO_LARGE',
  /** The session was aborted because the agent is stopping. */
  'SCOMO_AGENT_ABORTED',
  /** A file of the state directory cannot be read, parsed or written. */
  'SCOMO_AGENT_STATE',
  /** The agent was used in a state that does not allow the call (e.g. start() twice). */
  'SCOMO_AGENT_ILLEGAL_STATE',
  /** A listener could not bind its port. */
  'SCOMO_AGENT_LISTEN',
  /** An unexpected failure (a bug) inside a session; the session ended, the agent did not. */
  'SCOMO_AGENT_INTERNAL',
] as const;

export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

export function agentError(code: AgentErrorCode, message: string, cause?: unknown): ScomoError {
  return new ScomoError(code, message, cause === undefined ? {} : { cause });
}
