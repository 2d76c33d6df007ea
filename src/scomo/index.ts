/**
 * SCOMO 1.0 (DESIGN.md L3, pure): the vocabulary; the device-side MO with its lifecycle machines,
 * journal and agent effects; the server-side operation builders, discovery, alert and inventory
 * parsing. See README.md for the tables and the effects protocol.
 */

// ---- vocabulary ----
export {
  SCOMO_MO_IDS,
  scomoVersionOf,
  isScomoMoId,
  DEFAULT_SCOMO_ROOT,
  WELL_KNOWN_SCOMO_ROOTS,
  SCOMO_ALERT_TYPES,
  GENERIC_ALERT_CODE,
  isOperationCompleteType,
  SCOMO_ALERT_FORMATS,
  SCOMO_ALERT_FORMAT,
  isAcceptedAlertFormat,
} from './vocabulary/identity.ts';
export type { ScomoVersion, ScomoMoId, ScomoAlertType, ScomoAlertFormat } from './vocabulary/identity.ts';
export {
  DOWNLOAD_STATUS,
  DELIVERED_STATUS,
  DELIVERED_STATUS_ALIASES,
  DEPLOYED_STATUS,
  DELIVERED_STATE,
  DEPLOYED_STATE,
  STATUS_TABLES,
  STATE_TABLES,
  downloadStatusOf,
  deliveredStatusOf,
  deployedStatusOf,
  deliveredStateOf,
  deployedStateOf,
  parseIntLeaf,
} from './vocabulary/states.ts';
export type {
  DownloadStatusName,
  DownloadStatusCode,
  DeliveredStatusName,
  DeliveredStatusCode,
  DeployedStatusName,
  DeployedStatusCode,
  DeliveredStateName,
  DeployedStateName,
  ValueInfo,
} from './vocabulary/states.ts';
export {
  SCOMO_RESULTS,
  RESULT_CATEGORIES,
  RESULT_RANGES,
  resultCodeInfo,
  isSuccessResult,
  isResultCode,
  isFailureResult,
  markForResult,
  resultMeaning,
} from './vocabulary/result-codes.ts';
export type {
  ScomoResultName,
  ScomoResultCode,
  ResultCategory,
  ResultCodeInfo,
} from './vocabulary/result-codes.ts';
export {
  SCOMO_OBJECTS,
  SCOMO_OBJECT_KINDS,
  OPERATIONS_NODE,
  OPERATION_NODES,
  OPERATIONS,
  isOperationOf,
  installModeOf,
} from './vocabulary/operations.ts';
export type {
  ScomoObjectKind,
  DownloadOperation,
  DeliveredOperation,
  DeployedOperation,
  ScomoOperation,
  InstallMode,
  OperationInfo,
} from './vocabulary/operations.ts';
export {
  DOWNLOAD_LEAVES,
  DELIVERED_LEAVES,
  DEPLOYED_LEAVES,
  OBJECT_LEAVES,
  EXT_NODE,
  serverWritableLeaves,
} from './vocabulary/nodes.ts';
export type { LeafSpec, DownloadLeaf, DeliveredLeaf, DeployedLeaf } from './vocabulary/nodes.ts';

// ---- device side ----
export { createScomoMo, mountScomoMo } from './device/mo.ts';
export type { ScomoMo, ScomoMoOptions, PendingAlert } from './device/mo.ts';
export type {
  ScomoEffect,
  ScomoEffectKind,
  ScomoEvent,
  ScomoEventType,
  DispatchResult,
  ScomoAlert,
  ScomoAlertItem,
  InstalledComponent,
  ComponentRef,
  PackageInfo,
} from './device/types.ts';
export { scomoPaths } from './device/paths.ts';
export type { ScomoPaths } from './device/paths.ts';
export { DEFAULT_SCOMO_ACL, PRIVATE_ACL } from './device/layout.ts';
export {
  JOURNAL_VERSION,
  parseJournal,
  decodeJournal,
  encodeJournal,
  emptyJournal,
} from './device/journal.ts';
export type { ScomoJournal, JournalOperation, StoredPackage } from './device/journal.ts';
export { resultData, escapeXmlText, operationComplete, scomoAlertCommand } from './device/alert.ts';
export {
  transitionDownload,
  downloadStateFromStatus,
  DOWNLOAD_FSM_STATES,
  DOWNLOAD_STATE_STATUS,
} from './device/fsm/download.ts';
export type { DownloadFsmState, DownloadFsmName } from './device/fsm/download.ts';
export {
  transitionDelivered,
  deliveredStateFromLeaves,
  DELIVERED_FSM_STATES,
  DELIVERED_STATE_STATUS,
} from './device/fsm/delivered.ts';
export type { DeliveredFsmState, DeliveredFsmName } from './device/fsm/delivered.ts';
export {
  transitionDeployed,
  deployedStateFromLeaves,
  DEPLOYED_FSM_STATES,
  DEPLOYED_STATE_STATUS,
} from './device/fsm/deployed.ts';
export type { DeployedFsmState, DeployedFsmName } from './device/fsm/deployed.ts';
export type {
  LifecycleEffect,
  LifecycleEvent,
  ExecFacts,
  Transition,
  StepTarget,
  WorkKind,
} from './device/fsm/types.ts';

// ---- server side ----
export {
  buildDeliverByUrl,
  buildDeliverOverDm,
  buildDeliveredOperation,
  buildDeployedOperation,
  buildDownloadOperation,
  buildInventoryGet,
  buildGet,
  buildGets,
  objectUri,
  operationUri,
  inventoryUri,
  INVENTORY_SCOPES,
} from './server/builders.ts';
export type {
  BuildOptions,
  PackageLeaves,
  UrlDelivery,
  DmDelivery,
  ExecTarget,
  InventoryScope,
} from './server/builders.ts';
export { startDiscovery, advanceDiscovery } from './server/discovery.ts';
export type { Discovery, DiscoveryPhase, DiscoveryReply, StructEntry } from './server/discovery.ts';
export { parseScomoAlert, parseScomoAlertItem, parseResultData } from './server/alert-parse.ts';
export type { AlertItemInput, ScomoAlertResult } from './server/alert-parse.ts';
export { scomoObjectOf, scomoOperationOf } from './server/scomo-uri.ts';
export type { ScomoObjectRef, ScomoOperationRef } from './server/scomo-uri.ts';
export { parseInventory, inventoryEntries, findComponent } from './server/inventory.ts';
export type { Inventory, InventoryEntry, DeliveredPackage, DeployedComponent } from './server/inventory.ts';
export { diffInventory, isEmptyDiff, COMPONENT_FIELDS } from './server/inventory-diff.ts';
export type { InventoryDiff, ComponentChange, ComponentField } from './server/inventory-diff.ts';
export { startInventoryWalk, advanceInventoryWalk } from './server/inventory-walk.ts';
export type { InventoryWalk, WalkReply } from './server/inventory-walk.ts';
