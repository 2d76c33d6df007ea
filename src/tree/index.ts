// The management tree (L2): URIs, nodes, properties, ACLs, ?list/?prop, TNDS, MO plugins and the
// standard MOs DevInfo / DevDetail / DMAcc. Pure: no I/O, time comes from an injected clock.
export { DmTree } from './tree.ts';
export type { DmTreeOptions, TreeTransaction, TransactionState } from './tree.ts';
export type { TreeClock, TreeQuota, ChangeListener } from './core.ts';
export { LocalTree } from './local.ts';
export type { LocalNodeSpec, LocalPropertyPatch } from './local.ts';
export type { MoPlugin, PluginRequest, PluginWriteRequest, PluginExecRequest } from './plugin.ts';
export type {
  OpContext,
  NodeItem,
  ValueResult,
  ListEntry,
  ListResult,
  TndsResult,
  GetResult,
  GetOutcome,
  ExecRequest,
  ExecOutcome,
} from './results.ts';
export { TREE_STATUS, isTreeStatus, isSuccess } from './status.ts';
export type { TreeStatus, TreeFailureStatus } from './status.ts';
export {
  NODE_FORMATS,
  isNodeFormat,
  checkValue,
  valueSize,
  isValidInt,
  isValidDate,
  isValidTime,
  DEFAULT_LEAF_FORMAT,
  DEFAULT_LEAF_TYPE,
} from './format.ts';
export type { NodeFormat, NodeData, ValueCheck } from './format.ts';
export {
  ACL_COMMANDS,
  ACL_WILDCARD,
  EMPTY_ACL,
  DEFAULT_ROOT_ACL,
  parseAcl,
  tryParseAcl,
  formatAcl,
  makeAcl,
  aclGrants,
  aclEquals,
  isEmptyAcl,
  scrubAcl,
  autoAcl,
  isValidAclServerId,
} from './acl.ts';
export type { Acl, AclCommand } from './acl.ts';
export { ACCESS_TYPES, DEFAULT_ACCESS, accessMask, accessList, accessAllows } from './access.ts';
export type { AccessType, AccessMask } from './access.ts';
export {
  PROPERTIES,
  PROPERTY_NAMES,
  MAX_TITLE_BYTES,
  TNDS_SELECTABLE,
  parseTndsSelection,
} from './properties.ts';
export type { PropertyName, TndsSelectable, TndsSelection } from './properties.ts';
export {
  parseUri,
  splitPath,
  formatUri,
  normalizeUri,
  appendUri,
  checkLimits,
  isValidNodeName,
  NO_URI_LIMITS,
  HARD_MAX_DEPTH,
} from './uri.ts';
export type { UriLimits, UriQuery, ParsedUri, UriParse } from './uri.ts';
export { formatTStamp, parseTStamp } from './tstamp.ts';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, parseSnapshot } from './snapshot.ts';
export type { TreeSnapshot, SnapshotNode } from './snapshot.ts';
export { TNDS_CONTENT_TYPES, isTndsContentType } from './tnds/types.ts';
export type { TndsTree, TndsNode, TndsRtProperties, TndsContentType } from './tnds/types.ts';
export { tndsToElement, elementToTnds, DDF_CODE_PAGE } from './tnds/element.ts';
export { base64Encode, base64Decode } from './bytes.ts';
export { createDeviceTree } from './mo/device-tree.ts';
export type { DeviceTreeOptions } from './mo/device-tree.ts';
export { MO_IDS, AUTH_LEVELS, AUTH_TYPES, ADDR_TYPES, DM_APP_ID } from './mo/types.ts';
export type {
  DevInfo,
  DevDetail,
  DmAccount,
  DmCredential,
  AuthLevel,
  AuthType,
  AddrType,
} from './mo/types.ts';
export { DEVINFO_URI, DEVINFO_LEAVES, layoutDevInfo } from './mo/devinfo.ts';
export { DEVDETAIL_URI, layoutDevDetail, limitsOf } from './mo/devdetail.ts';
export {
  DMACC_URI,
  accountUri,
  readAccount,
  listAccounts,
  findAccount,
  putAccount,
  removeAccount,
  setAccountNonce,
  layoutDmAccRoot,
} from './mo/dmacc.ts';
export { dmAccPlugin } from './mo/dmacc-plugin.ts';
