// The server side of an OMA DM 1.2 session (L3, pure): authentication, package #1 intake, queued
// command delivery within the client's MaxMsgSize, large objects, Alert 1222, Atomic and Sequence.
// Names shared with the client engine (src/session/client) carry a Server prefix here.
export { SERVER_SESSION_ERROR_CODES } from './errors.ts';
export type { ServerSessionErrorCode } from './errors.ts';
export { ITEM_OPERATION_KINDS, parseOperation } from './operation.ts';
export type {
  AlertOperation,
  ContainerOperation,
  ItemOperation,
  ItemOperationKind,
  Operation,
  OperationItem,
  OperationKind,
} from './operation.ts';
export type { AnsweredOutcome, CommandOutcome, FailedOutcome, ItemStatus, ResultItem } from './outcome.ts';
export {
  BUILTIN_QUIRK_PROFILES,
  QUIRKS,
  QUIRK_NAMES,
  globMatches,
  isQuirkName,
  quirksFor,
} from './quirks.ts';
export type { QuirkMatch, QuirkName, QuirkProfile } from './quirks.ts';
export {
  SESSION_ENDINGS as SERVER_SESSION_ENDINGS,
  SESSION_PHASES as SERVER_SESSION_PHASES,
  newSessionState as newServerSessionState,
  parseSessionState as parseServerSessionState,
} from './state.ts';
export type {
  SessionEnding as ServerSessionEnding,
  SessionPhase as ServerSessionPhase,
  SessionStart as ServerSessionStart,
  SessionState as ServerSessionState,
} from './state.ts';
export type {
  ClaimedCommand,
  ClientAlert,
  DeviceView,
  Effect as ServerEffect,
  EngineEnv as ServerEngineEnv,
  EngineOptions as ServerEngineOptions,
  HmacSigning,
  IncomingMessage as ServerIncomingMessage,
  Next as ServerNext,
  OutgoingMessage as ServerOutgoingMessage,
  StepResult as ServerStepResult,
} from './types.ts';
export {
  abandonSession as abandonServerSession,
  receiveMessage as serverReceiveMessage,
  supplyCommands as serverSupplyCommands,
} from './engine.ts';
export type { EngineIO as ServerEngineIO } from './engine.ts';
export { opensSession, refusal as serverRefusal } from './refusal.ts';
