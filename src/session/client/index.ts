/**
 * The DM client session engine (DESIGN.md L3, pure): the device side's protocol brain. It turns the
 * server's response bytes into the next request bytes and applies the server's commands to the
 * device tree; the agent adapter only does HTTP.
 *
 * ```ts
 * const session = createClientSession({ tree, serverId, sessionId: '1A', initiator: 'client',
 *   encoding: 'wbxml', maxMsgSize: 16384, maxObjSize: 1 << 20, genericAlerts: queued,
 *   ui: nonInteractiveUi(), clock: () => Date.now(), randomBytes });
 * let step = session.start();                      // package #1
 * while (step.kind === 'send') {
 *   const response = await post(step.url, step.body, step.headers);
 *   step = session.receive(response);              // { body, contentType, headers }
 * }
 * // step.kind: 'done' | 'failed'; step.summary.acknowledgedAlerts → drop them from the queue;
 * // step.summary.treeChanged → persist the tree.
 * ```
 *
 * Protocol: OMA DM 1.2 (reference §2, §3): package #1 with DevInfo and Generic Alerts; basic, MD5 and
 * HMAC client credentials with challenges; server authentication per SRVCRED; RespURI; Add, Replace,
 * Delete, Copy, Get (+Results), Exec, Atomic, Sequence, UI alerts 1100–1104, 1222 and 1223; MaxMsgSize
 * splitting and large objects in both directions. Where the reference leaves a choice, DECISIONS.md
 * (next to this file) says what the engine does.
 */
export { createClientSession } from './session.ts';
export { nonInteractiveUi } from './ui/non-interactive.ts';
export type { NonInteractivePolicy } from './ui/non-interactive.ts';
export { parseUiOptions } from './ui/options.ts';
export { UI_ALERT_KINDS, UI_INPUT_TYPES, UI_ECHO_TYPES } from './ui/types.ts';
export type {
  UiAlert,
  UiAlertCode,
  UiAlertKind,
  UiAnswer,
  UiHandler,
  UiOptions,
  UiInputType,
  UiEchoType,
} from './ui/types.ts';
export { CLIENT_SESSION_ERROR_CODES } from './errors.ts';
export type { ClientSessionErrorCode } from './errors.ts';
export { CLIENT_AUTH_MODES, SESSION_INITIATORS, SESSION_ENDINGS, CLIENT_SESSION_STATES } from './types.ts';
export type {
  ClientAuthMode,
  SessionInitiator,
  GenericAlertItem,
  PendingAlert,
  ClientSessionOptions,
  ServerResponse,
  Step,
  AccountUpdate,
  AcceptedExec,
  SessionEnding,
  SessionSummary,
  ClientSessionState,
  ClientSession,
} from './types.ts';
export type { SessionTree } from './ports/device-tree.ts';
export type { InboundObjectHook, InboundObjectSink, InboundObjectTarget } from './large-object/sink.ts';
