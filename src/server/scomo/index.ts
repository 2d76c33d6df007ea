// The SCOMO Server (L4): jobs and their steps, OperationComplete and device-request alerts, the
// inventory with history, variant selection, the package repository's content and download tokens.
export { createScomoService, viewJob } from './service.ts';
export type {
  DeployInput,
  DownloadLookup,
  DownloadNoticeOutcome,
  JobOptions,
  ScomoJob,
  ScomoService,
  ScomoServiceDeps,
} from './service.ts';
export { resolveScomoOptions } from './options.ts';
export type { ScomoOptions, ScomoOptionsInput } from './options.ts';
export { SCOMO_SERVER_ERROR_CODES } from './errors.ts';
export type { ScomoServerErrorCode } from './errors.ts';
export {
  DELIVERY_PATHS,
  DEVICE_REQUEST_ALERT_TYPE,
  DEVICE_REQUEST_OPERATIONS,
  DEVICE_REQUEST_POLICIES,
  FINISHED_STATES,
  INSTALL_MODES,
  JOB_OPERATIONS,
  JOB_ORIGINS,
  STEP_EVENTS,
  STEP_KINDS,
  STEP_STATES,
  STEP_TRANSITIONS,
  TARGET_OPERATIONS,
  isFinished,
  isTargetOperation,
} from './vocabulary.ts';
export type {
  DeliveryPath,
  DeviceRequestOperation,
  DeviceRequestPolicy,
  InstallMode,
  JobOperation,
  JobOrigin,
  StepEvent,
  StepKind,
  StepState,
  TargetOperation,
} from './vocabulary.ts';
export { transitionStep, progressState } from './transitions.ts';
export type { StepTransition } from './transitions.ts';
export type {
  DeployRequest,
  DownloadNotice,
  InventoryRequest,
  JobBody,
  JobError,
  JobRequest,
  JobStep,
  SelectedPackage,
  StepResult,
  TargetNode,
  TargetRequest,
} from './job-model.ts';
export { PackageRepository, parsePackageSpec } from './packages/repository.ts';
export type { AddPackageOptions, AddPackageResult } from './packages/repository.ts';
export { loadSigningKey, signatureStatement, verifyPackageSignature } from './packages/signing.ts';
export type { SigningKeyInput } from './packages/signing.ts';
export { DownloadTokens, REPOSITORY_PATHS } from './download-tokens.ts';
export type { DownloadClaims, TokenCheck } from './download-tokens.ts';
export { chooseVariant, deviceFacts } from './variants.ts';
export type { DeviceFacts, VariantChoice } from './variants.ts';
export { compareVersions } from './versions.ts';
