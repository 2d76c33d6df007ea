import type {
  InventorySnapshotRecord,
  ListInventoryQuery,
  ListPackagesQuery,
  ListScomoJobsQuery,
  ListScomoResultsQuery,
  NewScomoJob,
  PackageRecord,
  SaveScomoJobResult,
  ScomoJobRecord,
  ScomoJobUpdate,
  ScomoResultRecord,
  ScomoRootRecord,
  AcquireLockOptions,
  AcquireLockResult,
  CommandOutcome,
  DeviceLock,
  DevicePatch,
  DeviceRecord,
  EnqueueResult,
  ListAlertsQuery,
  ListCommandsQuery,
  ListDevicesQuery,
  MessageCommit,
  MessageCommitResult,
  NewQueuedCommand,
  QueuedCommand,
  ResolveResult,
  SaveSessionResult,
  SessionHistoryEntry,
  SessionRecord,
  SessionWrite,
  Store,
  StoredAlert,
} from '../../server/index.ts';
import { STORE_ERROR_CODES, storeError } from '../errors.ts';
import type { SqliteConnection } from './connection.ts';
import * as devices from './devices.ts';
import * as journal from './journal.ts';
import { commitMessage } from './message-commit.ts';
import * as queue from './queue.ts';
import * as scomo from './scomo.ts';
import * as sessions from './sessions.ts';

/**
 * The Store port on node:sqlite. Each method is one synchronous call into SQLite (wrapped in a
 * promise for the async port), so within a process methods never interleave; every method that
 * writes more than one row, or reads before it writes, runs in a BEGIN IMMEDIATE transaction so
 * that other processes on the same file see all of it or none of it.
 */
export class SqliteStore implements Store {
  readonly #connection: SqliteConnection;
  /** Schema versions this open applied (empty when the file was already up to date). */
  readonly appliedMigrations: readonly number[];
  #closed = false;

  constructor(connection: SqliteConnection, appliedMigrations: readonly number[]) {
    this.#connection = connection;
    this.appliedMigrations = appliedMigrations;
  }

  async upsertDevice(device: DeviceRecord): Promise<void> {
    devices.upsertDevice(this.#db(), device);
  }

  async insertDeviceIfAbsent(device: DeviceRecord): Promise<{ created: boolean; device: DeviceRecord }> {
    return devices.insertDeviceIfAbsent(this.#db(), device);
  }

  async getDevice(devId: string): Promise<DeviceRecord | null> {
    return devices.readDevice(this.#db(), devId);
  }

  async updateDevice(devId: string, patch: DevicePatch): Promise<DeviceRecord | null> {
    return devices.updateDevice(this.#db(), devId, patch);
  }

  async listDevices(query: ListDevicesQuery = {}): Promise<DeviceRecord[]> {
    return devices.listDevices(this.#db(), query);
  }

  async deleteDevice(devId: string): Promise<boolean> {
    return devices.deleteDevice(this.#db(), devId);
  }

  async acquireDeviceLock(
    devId: string,
    holder: string,
    now: number,
    ttlMs: number,
    options: AcquireLockOptions = {},
  ): Promise<AcquireLockResult> {
    return sessions.acquireDeviceLock(this.#db(), devId, holder, now, ttlMs, options);
  }

  async releaseDeviceLock(devId: string, holder: string): Promise<boolean> {
    return sessions.releaseDeviceLock(this.#db(), devId, holder);
  }

  async getDeviceLock(devId: string): Promise<DeviceLock | null> {
    return sessions.readDeviceLock(this.#db(), devId);
  }

  async commitMessage(commit: MessageCommit): Promise<MessageCommitResult> {
    return commitMessage(this.#db(), commit);
  }

  async saveSession(session: SessionWrite, expectedVersion: number | null): Promise<SaveSessionResult> {
    return sessions.saveSession(this.#db(), session, expectedVersion);
  }

  async getSession(token: string): Promise<SessionRecord | null> {
    return sessions.readSession(this.#db(), token);
  }

  async deleteSession(token: string): Promise<boolean> {
    return sessions.deleteSession(this.#db(), token);
  }

  async listExpiredSessions(now: number, limit?: number): Promise<SessionRecord[]> {
    return sessions.listExpiredSessions(this.#db(), now, limit);
  }

  async enqueueCommand(command: NewQueuedCommand): Promise<EnqueueResult> {
    return queue.enqueueCommand(this.#db(), command);
  }

  async getCommand(id: string): Promise<QueuedCommand | null> {
    return queue.readCommand(this.#db(), id);
  }

  async claimCommands(
    devId: string,
    sessionToken: string,
    now: number,
    limit: number,
  ): Promise<QueuedCommand[]> {
    return queue.claimCommands(this.#db(), devId, sessionToken, now, limit);
  }

  async releaseCommands(sessionToken: string, ids?: readonly string[]): Promise<number> {
    return queue.releaseCommands(this.#db(), sessionToken, ids);
  }

  async resolveCommand(id: string, outcome: CommandOutcome, now: number): Promise<ResolveResult> {
    return queue.resolveCommand(this.#db(), id, outcome, now);
  }

  async listCommands(query: ListCommandsQuery = {}): Promise<QueuedCommand[]> {
    return queue.listCommands(this.#db(), query);
  }

  async expireCommands(now: number): Promise<QueuedCommand[]> {
    return queue.expireCommands(this.#db(), now);
  }

  async recordAlert(alert: StoredAlert): Promise<boolean> {
    return journal.recordAlert(this.#db(), alert);
  }

  async listAlerts(query: ListAlertsQuery = {}): Promise<StoredAlert[]> {
    return journal.listAlerts(this.#db(), query);
  }

  async recordSessionHistory(entry: SessionHistoryEntry): Promise<void> {
    journal.recordSessionHistory(this.#db(), entry);
  }

  async listSessionHistory(devId: string, limit?: number): Promise<SessionHistoryEntry[]> {
    return journal.listSessionHistory(this.#db(), devId, limit);
  }

  async countSessionHistory(devId: string): Promise<number> {
    return journal.countSessionHistory(this.#db(), devId);
  }

  async putPackage(record: PackageRecord): Promise<{ created: boolean; package: PackageRecord }> {
    return scomo.putPackage(this.#db(), record);
  }

  async getPackage(sha256: string): Promise<PackageRecord | null> {
    return scomo.getPackage(this.#db(), sha256);
  }

  async listPackages(query: ListPackagesQuery = {}): Promise<PackageRecord[]> {
    return scomo.listPackages(this.#db(), query);
  }

  async deletePackage(sha256: string): Promise<boolean> {
    return scomo.deletePackage(this.#db(), sha256);
  }

  async createScomoJob(job: NewScomoJob): Promise<{ created: boolean; job: ScomoJobRecord }> {
    return scomo.createJob(this.#db(), job);
  }

  async getScomoJob(id: string): Promise<ScomoJobRecord | null> {
    return scomo.getJob(this.#db(), id);
  }

  async saveScomoJob(
    id: string,
    update: ScomoJobUpdate,
    expectedVersion: number,
  ): Promise<SaveScomoJobResult> {
    return scomo.saveJob(this.#db(), id, update, expectedVersion);
  }

  async listScomoJobs(query: ListScomoJobsQuery = {}): Promise<ScomoJobRecord[]> {
    return scomo.listJobs(this.#db(), query);
  }

  async recordScomoResult(result: ScomoResultRecord): Promise<boolean> {
    return scomo.recordResult(this.#db(), result);
  }

  async listScomoResults(query: ListScomoResultsQuery = {}): Promise<ScomoResultRecord[]> {
    return scomo.listResults(this.#db(), query);
  }

  async recordInventorySnapshot(snapshot: InventorySnapshotRecord): Promise<boolean> {
    return scomo.recordSnapshot(this.#db(), snapshot);
  }

  async listInventorySnapshots(
    devId: string,
    query: ListInventoryQuery = {},
  ): Promise<InventorySnapshotRecord[]> {
    return scomo.listSnapshots(this.#db(), devId, query);
  }

  async putScomoRoot(record: ScomoRootRecord): Promise<void> {
    scomo.putRoot(this.#db(), record);
  }

  async getScomoRoot(devId: string): Promise<ScomoRootRecord | null> {
    return scomo.getRoot(this.#db(), devId);
  }

  async deleteScomoRoot(devId: string): Promise<boolean> {
    return scomo.deleteRoot(this.#db(), devId);
  }

  async ensureSetting(key: string, candidate: string): Promise<string> {
    return scomo.ensureSetting(this.#db(), key, candidate);
  }

  /** Closes the file; idempotent. The WAL is checkpointed by SQLite when the last connection closes. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#connection.close();
  }

  #db(): SqliteConnection {
    if (this.#closed) {
      throw storeError(
        STORE_ERROR_CODES.closed,
        'SqliteStore was used after close(); open a new store instead.',
      );
    }
    return this.#connection;
  }
}
