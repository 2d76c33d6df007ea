// Management tree persistence (src/agent/tree-store).
export {
  FileTreeStore,
  InMemoryTreeStore,
  TreeStoreError,
  TREE_STORE_ERROR_CODES,
} from './tree-store/index.ts';
export type { TreeStore, FileTreeStoreOptions, TreeStoreFs, TreeStoreErrorCode } from './tree-store/index.ts';

// The device agent runtime (src/agent): createAgent, options, transport, listeners, alert queue.
export { createAgent, AGENT_STATES } from './agent.ts';
export type { Agent, AgentState, AgentEndpoints, RunSessionRequest, TriggerBearer } from './agent.ts';
export { resolveAgentOptions, isResolvedAgentOptions } from './options/resolve.ts';
export { AGENT_AUTH_MODES, AGENT_ENCODINGS, AGENT_INSTALLERS } from './options/types.ts';
export type { AgentInstaller, AgentScomoOptions, ResolvedScomoOptions } from './options/types.ts';
export { DEFAULT_SCOMO_WAIT_SECONDS } from './session/run-once.ts';
export type {
  AgentOptions,
  ResolvedAgentOptions,
  AgentAuthMode,
  AgentEncoding,
  DeviceDescription,
} from './options/types.ts';
export { AGENT_VERSION, DEFAULT_DEVICE } from './options/defaults.ts';
export {
  AGENT_CONFIG_KEYS,
  AGENT_LOG_LEVELS,
  checkAgentConfig,
  agentOptionsFromConfig,
} from './options/config.ts';
export type { AgentConfig, AgentConfigKey, AgentLogLevel } from './options/config.ts';
export { AGENT_ERROR_CODES } from './errors.ts';
export type { AgentErrorCode } from './errors.ts';
export { silentLogger } from './logger.ts';
export type { AgentLogger } from './logger.ts';
export { SESSION_OUTCOMES } from './session/report.ts';
export type { SessionReport, SessionOutcome } from './session/report.ts';
export { SESSION_INITIATORS, SESSION_REASONS } from './scheduler/session-gate.ts';
export type { SessionInitiator, SessionReason } from './scheduler/session-gate.ts';
export { ALERT_MARKS } from './alerts/types.ts';
export type { GenericAlert, GenericAlertItem, QueuedAlert, AlertMark, AlertQueue } from './alerts/types.ts';
export { ALERT_QUEUE_FILE, openFileAlertQueue, createMemoryAlertQueue } from './alerts/alert-queue.ts';
export { TREE_FILE, openTreeState } from './state/tree-state.ts';
export type { TreeState } from './state/tree-state.ts';
export { createHttpTransport } from './transport/http-transport.ts';
export type {
  Transport,
  OutgoingMessage,
  IncomingMessage,
  HttpTransportOptions,
} from './transport/http-transport.ts';
export { backoffDelay } from './transport/backoff.ts';
export type { RetryPolicy } from './transport/backoff.ts';
export { createTriggerGate } from './listener/trigger-gate.ts';
export type { TriggerGate, TriggerOutcome, TriggerSecretLookup } from './listener/trigger-gate.ts';

// The SCOMO runtime of the device: package format and checks, installers, the alternate download
// client, and the executor that carries out the SCOMO MO's effects.
export * from './packages/index.ts';
export * from './installers/index.ts';
export * from './download/index.ts';
export * from './scomo/index.ts';
