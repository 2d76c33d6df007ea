/**
 * The SCOMO journal: every running operation (with its correlator, the step it is in, the package it
 * works on) and every operation whose result alert the agent has not yet taken, plus which delivered
 * packages have their bytes on the device. It is a JSON value kept in a device-private leaf of the
 * tree (README "Persistence"), so the agent's atomic tree save persists it together with the Status
 * leaves and inventory nodes it describes, and an Atomic rollback undoes it with them.
 */
import { ScomoError } from '../../errors/index.ts';
import { isOperationOf, SCOMO_OBJECT_KINDS } from '../vocabulary/operations.ts';
import type {
  DeliveredOperation,
  DeployedOperation,
  DownloadOperation,
  ScomoObjectKind,
} from '../vocabulary/operations.ts';
import { DELIVERED_FSM_STATES } from './fsm/delivered.ts';
import type { DeliveredFsmState } from './fsm/delivered.ts';
import { DEPLOYED_FSM_STATES } from './fsm/deployed.ts';
import type { DeployedFsmState } from './fsm/deployed.ts';
import { DOWNLOAD_FSM_STATES } from './fsm/download.ts';
import type { DownloadFsmState } from './fsm/download.ts';
import type { ComponentRef, PackageInfo, ScomoAlert } from './types.ts';

export const JOURNAL_VERSION = 1;

interface OperationBase {
  readonly id: string;
  /** The node name below the object's parent (`Download/<node>`, …). */
  readonly node: string;
  /** The executed URI (the alert's Source). */
  readonly source: string;
  readonly correlator?: string;
  readonly serverId: string;
  readonly startedAt?: number;
  /** Download and Delivered operations: the package as it was when the Exec arrived. */
  pkg?: PackageInfo;
  /** The components the operation works on (Deployed operations) or produced (installs). */
  components?: ComponentRef[];
  /** Set when the operation is over: the alert waiting for `alertQueued`. */
  report?: ScomoAlert;
}

export interface DownloadJournalOp extends OperationBase {
  readonly object: 'download';
  readonly operation: DownloadOperation;
  state: DownloadFsmState;
  /** The `Inventory/Delivered/<slot>` node receiving the package. */
  readonly slot: string;
}

export interface DeliveredJournalOp extends OperationBase {
  readonly object: 'delivered';
  readonly operation: DeliveredOperation;
  state: DeliveredFsmState;
}

export interface DeployedJournalOp extends OperationBase {
  readonly object: 'deployed';
  readonly operation: DeployedOperation;
  state: DeployedFsmState;
}

export type JournalOperation = DownloadJournalOp | DeliveredJournalOp | DeployedJournalOp;

/** Package bytes the agent holds for a `Delivered/<x>` node. */
export interface StoredPackage {
  readonly origin: 'dm' | 'download';
  readonly bytes?: number;
}

export interface ScomoJournal {
  readonly version: typeof JOURNAL_VERSION;
  /** Next operation number (ids are `op-<n>`). */
  nextId: number;
  operations: JournalOperation[];
  packages: Record<string, StoredPackage>;
}

export function emptyJournal(): ScomoJournal {
  return { version: JOURNAL_VERSION, nextId: 1, operations: [], packages: {} };
}

// ---- validation ----------------------------------------------------------------------------------

function invalid(why: string): ScomoError {
  return new ScomoError('SCOMO_JOURNAL_INVALID', `The SCOMO journal is not usable: ${why}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(o: Record<string, unknown>, key: string, where: string): void {
  if (o[key] !== undefined && typeof o[key] !== 'string') throw invalid(`${where}.${key} must be a string`);
}

function requireString(o: Record<string, unknown>, key: string, where: string): void {
  if (typeof o[key] !== 'string') throw invalid(`${where}.${key} must be a string`);
}

function checkState(kind: ScomoObjectKind, state: unknown, where: string): void {
  if (!isRecord(state) || typeof state.name !== 'string') throw invalid(`${where}.state must name a state`);
  const names: readonly string[] =
    kind === 'download'
      ? DOWNLOAD_FSM_STATES
      : kind === 'delivered'
        ? DELIVERED_FSM_STATES
        : DEPLOYED_FSM_STATES;
  if (!names.includes(state.name))
    throw invalid(`${where}.state.name "${state.name}" is not a ${kind} state`);
  if (
    state.operation !== undefined &&
    (typeof state.operation !== 'string' || !isOperationOf(kind, state.operation))
  ) {
    throw invalid(`${where}.state.operation is not a ${kind} operation`);
  }
  const flag = kind === 'delivered' ? 'installed' : kind === 'deployed' ? 'active' : undefined;
  if (flag !== undefined && typeof state[flag] !== 'boolean')
    throw invalid(`${where}.state.${flag} must be a boolean`);
}

function checkComponents(value: unknown, where: string): void {
  if (value === undefined) return;
  if (
    !Array.isArray(value) ||
    !value.every((c) => isRecord(c) && typeof c.node === 'string' && typeof c.id === 'string')
  ) {
    throw invalid(`${where}.components must be a list of { node, id }`);
  }
}

function checkReport(value: unknown, where: string): void {
  if (value === undefined) return;
  if (!isRecord(value) || !Array.isArray(value.items)) throw invalid(`${where}.report must hold items`);
  optionalString(value, 'correlator', `${where}.report`);
  for (const item of value.items) {
    if (
      !isRecord(item) ||
      !['source', 'target', 'type', 'format', 'mark', 'data'].every((k) => typeof item[k] === 'string')
    ) {
      throw invalid(`${where}.report items need source, target, type, format, mark and data`);
    }
  }
}

function checkOperation(value: unknown, index: number): void {
  const where = `operations[${index}]`;
  if (!isRecord(value)) throw invalid(`${where} must be an object`);
  for (const key of ['id', 'node', 'source', 'serverId', 'operation', 'object'])
    requireString(value, key, where);
  optionalString(value, 'correlator', where);
  const kind = value.object as string;
  if (!(SCOMO_OBJECT_KINDS as readonly string[]).includes(kind))
    throw invalid(`${where}.object "${kind}" is unknown`);
  const k = kind as ScomoObjectKind;
  if (!isOperationOf(k, value.operation as string))
    throw invalid(`${where}.operation is not a ${k} operation`);
  if (k === 'download') requireString(value, 'slot', where);
  if (value.startedAt !== undefined && typeof value.startedAt !== 'number')
    throw invalid(`${where}.startedAt must be a number`);
  if (value.pkg !== undefined && (!isRecord(value.pkg) || typeof value.pkg.pkgId !== 'string')) {
    throw invalid(`${where}.pkg must carry a pkgId`);
  }
  checkState(k, value.state, where);
  checkComponents(value.components, where);
  checkReport(value.report, where);
}

/** Validates a parsed journal value; throws ScomoError SCOMO_JOURNAL_INVALID naming the fault. */
export function parseJournal(value: unknown): ScomoJournal {
  if (!isRecord(value)) throw invalid('expected an object');
  if (value.version !== JOURNAL_VERSION)
    throw invalid(`version ${String(value.version)}; expected ${JOURNAL_VERSION}`);
  if (typeof value.nextId !== 'number' || !Number.isSafeInteger(value.nextId) || value.nextId < 1) {
    throw invalid('nextId must be a positive integer');
  }
  if (!Array.isArray(value.operations)) throw invalid('operations must be a list');
  value.operations.forEach(checkOperation);
  if (!isRecord(value.packages)) throw invalid('packages must be an object');
  for (const [name, p] of Object.entries(value.packages)) {
    if (!isRecord(p) || (p.origin !== 'dm' && p.origin !== 'download')) {
      throw invalid(`packages.${name}.origin must be "dm" or "download"`);
    }
    if (p.bytes !== undefined && typeof p.bytes !== 'number')
      throw invalid(`packages.${name}.bytes must be a number`);
  }
  // Validated field by field above.
  return value as unknown as ScomoJournal;
}

/** Reads the journal text stored in the tree (absent = empty journal). */
export function decodeJournal(text: string | Uint8Array | undefined): ScomoJournal {
  if (text === undefined || text === '') return emptyJournal();
  if (typeof text !== 'string') throw invalid('the journal leaf holds bytes, not JSON text');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ScomoError('SCOMO_JOURNAL_INVALID', 'The SCOMO journal is not valid JSON', { cause: err });
  }
  return parseJournal(value);
}

export function encodeJournal(journal: ScomoJournal): string {
  return JSON.stringify(journal);
}

// ---- queries ---------------------------------------------------------------------------------------

export function findOperation(journal: ScomoJournal, id: string): JournalOperation | undefined {
  return journal.operations.find((op) => op.id === id);
}

/** Operations still working (no report yet). */
export function runningOperations(journal: ScomoJournal): JournalOperation[] {
  return journal.operations.filter((op) => op.report === undefined);
}

/** The running operation executed on this object itself. */
export function operationOn(
  journal: ScomoJournal,
  kind: ScomoObjectKind,
  node: string,
): JournalOperation | undefined {
  return runningOperations(journal).find((op) => op.object === kind && op.node === node);
}

/**
 * True when a running operation on *another* object involves this one: the package slot of a
 * Download operation, or the components a DownloadInstallActivate is activating.
 */
export function involvedElsewhere(journal: ScomoJournal, kind: ScomoObjectKind, node: string): boolean {
  return runningOperations(journal).some((op) => {
    if (op.object === kind && op.node === node) return false;
    if (kind === 'delivered' && op.object === 'download') return op.slot === node;
    if (kind === 'deployed') return (op.components ?? []).some((c) => c.node === node);
    return false;
  });
}

/** Forgets the stored package of `Delivered/<node>`. */
export function forgetPackage(journal: ScomoJournal, node: string): void {
  journal.packages = Object.fromEntries(Object.entries(journal.packages).filter(([name]) => name !== node));
}
