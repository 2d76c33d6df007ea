import { ScomoError } from '../../errors/index.ts';
import type {
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
} from '../ports/store.ts';
import { MemoryScomoTables } from './memory-scomo.ts';

/**
 * An in-memory Store for unit tests and single-process experiments. Every method runs to completion
 * without awaiting in between, so each is atomic on the single JavaScript thread; records are cloned
 * in and out so callers cannot alias stored state.
 */
export class MemoryStore extends MemoryScomoTables implements Store {
  readonly #devices = new Map<string, DeviceRecord>();
  readonly #locks = new Map<string, DeviceLock>();
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #commands = new Map<string, QueuedCommand>();
  readonly #alerts: StoredAlert[] = [];
  readonly #history: SessionHistoryEntry[] = [];
  #seq = 0;
  #closed = false;

  async upsertDevice(device: DeviceRecord): Promise<void> {
    this.#open();
    this.#devices.set(device.devId, structuredClone(device));
  }

  async insertDeviceIfAbsent(device: DeviceRecord): Promise<{ created: boolean; device: DeviceRecord }> {
    this.#open();
    const existing = this.#devices.get(device.devId);
    if (existing !== undefined) return { created: false, device: structuredClone(existing) };
    this.#devices.set(device.devId, structuredClone(device));
    return { created: true, device: structuredClone(device) };
  }

  async getDevice(devId: string): Promise<DeviceRecord | null> {
    this.#open();
    const device = this.#devices.get(devId);
    return device === undefined ? null : structuredClone(device);
  }

  async updateDevice(devId: string, patch: DevicePatch): Promise<DeviceRecord | null> {
    this.#open();
    const device = this.#devices.get(devId);
    if (device === undefined) return null;
    const updated: DeviceRecord = {
      ...device,
      ...structuredClone(patch),
      devId,
      registeredAt: device.registeredAt,
    };
    this.#devices.set(devId, updated);
    return structuredClone(updated);
  }

  async listDevices(query: ListDevicesQuery = {}): Promise<DeviceRecord[]> {
    this.#open();
    const after = query.afterDevId;
    const sorted = [...this.#devices.values()]
      .filter((d) => after === undefined || d.devId > after)
      .sort((a, b) => compareStrings(a.devId, b.devId));
    return limited(sorted, query.limit).map((d) => structuredClone(d));
  }

  async deleteDevice(devId: string): Promise<boolean> {
    this.#open();
    const existed = this.#devices.delete(devId);
    this.#locks.delete(devId);
    for (const [token, session] of this.#sessions) if (session.devId === devId) this.#sessions.delete(token);
    for (const [id, command] of this.#commands) if (command.devId === devId) this.#commands.delete(id);
    removeWhere(this.#alerts, (a) => a.devId === devId);
    removeWhere(this.#history, (h) => h.devId === devId);
    this.deleteScomoDeviceData(devId);
    return existed;
  }

  async acquireDeviceLock(
    devId: string,
    holder: string,
    now: number,
    ttlMs: number,
    options: AcquireLockOptions = {},
  ): Promise<AcquireLockResult> {
    this.#open();
    const current = this.#locks.get(devId);
    const free =
      current === undefined ||
      current.expiresAt <= now ||
      current.holder === holder ||
      (options.replace !== undefined && current.holder === options.replace);
    if (!free) return { acquired: false, current: { ...current } };
    const renewing = current !== undefined && current.holder === holder && current.expiresAt > now;
    const lock: DeviceLock = {
      devId,
      holder,
      acquiredAt: renewing ? current.acquiredAt : now,
      expiresAt: now + ttlMs,
    };
    this.#locks.set(devId, lock);
    return { acquired: true, lock: { ...lock } };
  }

  async releaseDeviceLock(devId: string, holder: string): Promise<boolean> {
    this.#open();
    const current = this.#locks.get(devId);
    if (current === undefined || current.holder !== holder) return false;
    this.#locks.delete(devId);
    return true;
  }

  async getDeviceLock(devId: string): Promise<DeviceLock | null> {
    this.#open();
    const lock = this.#locks.get(devId);
    return lock === undefined ? null : { ...lock };
  }

  async saveSession(session: SessionWrite, expectedVersion: number | null): Promise<SaveSessionResult> {
    this.#open();
    const current = this.#sessions.get(session.token);
    const currentVersion = current?.version ?? null;
    if (currentVersion !== expectedVersion) return { saved: false, currentVersion };
    const version = (currentVersion ?? 0) + 1;
    this.#sessions.set(session.token, { ...structuredClone(session), version });
    return { saved: true, version };
  }

  async commitMessage(commit: MessageCommit): Promise<MessageCommitResult> {
    this.#open();
    // Decided before anything is written, with no await in between: all of the commit or none.
    if (commit.lock !== null) {
      const { devId, holder, now } = commit.lock;
      const current = this.#locks.get(devId);
      if (current !== undefined && current.holder !== holder && current.expiresAt > now) {
        return { committed: false, reason: 'lock-lost', current: { ...current } };
      }
    }
    const write = commit.session?.write;
    const currentVersion = write === undefined ? null : (this.#sessions.get(write.token)?.version ?? null);
    if (commit.session !== null && currentVersion !== commit.session.expectedVersion) {
      return { committed: false, reason: 'session-changed', currentVersion };
    }
    // Each write below runs to completion when called (no await inside), so nothing interleaves.
    const writes: Promise<unknown>[] = [];
    if (commit.lock !== null) {
      const { devId, holder, now, ttlMs } = commit.lock;
      writes.push(this.acquireDeviceLock(devId, holder, now, ttlMs));
    }
    let sessionVersion: number | null = null;
    if (write !== undefined) {
      sessionVersion = (currentVersion ?? 0) + 1;
      this.#sessions.set(write.token, { ...structuredClone(write), version: sessionVersion });
    }
    if (commit.device !== null) writes.push(this.updateDevice(commit.device.devId, commit.device.patch));
    if (commit.end !== null) {
      const { history } = commit.end;
      writes.push(
        this.recordSessionHistory(history),
        this.releaseCommands(history.id),
        this.releaseDeviceLock(history.devId, history.id),
        this.deleteSession(history.id),
      );
    }
    await Promise.all(writes);
    return { committed: true, sessionVersion };
  }

  async getSession(token: string): Promise<SessionRecord | null> {
    this.#open();
    const session = this.#sessions.get(token);
    return session === undefined ? null : structuredClone(session);
  }

  async deleteSession(token: string): Promise<boolean> {
    this.#open();
    return this.#sessions.delete(token);
  }

  async listExpiredSessions(now: number, limit?: number): Promise<SessionRecord[]> {
    this.#open();
    const expired = [...this.#sessions.values()]
      .filter((s) => s.expiresAt <= now)
      .sort((a, b) => a.expiresAt - b.expiresAt || compareStrings(a.token, b.token));
    return limited(expired, limit).map((s) => structuredClone(s));
  }

  async enqueueCommand(command: NewQueuedCommand): Promise<EnqueueResult> {
    this.#open();
    const existing = this.#commands.get(command.id);
    if (existing !== undefined) return { created: false, command: structuredClone(existing) };
    this.#seq += 1;
    const stored: QueuedCommand = {
      ...structuredClone(command),
      seq: this.#seq,
      state: 'pending',
      claimedBy: null,
      claimedAt: null,
      attempts: 0,
      resolvedAt: null,
      outcome: null,
    };
    this.#commands.set(command.id, stored);
    return { created: true, command: structuredClone(stored) };
  }

  async getCommand(id: string): Promise<QueuedCommand | null> {
    this.#open();
    const command = this.#commands.get(id);
    return command === undefined ? null : structuredClone(command);
  }

  async claimCommands(
    devId: string,
    sessionToken: string,
    now: number,
    limit: number,
  ): Promise<QueuedCommand[]> {
    this.#open();
    const claimable = this.#inSeqOrder().filter(
      (c) => c.devId === devId && c.state === 'pending' && (c.expiresAt === null || c.expiresAt > now),
    );
    const claimed: QueuedCommand[] = [];
    for (const command of claimable.slice(0, Math.max(0, limit))) {
      const updated: QueuedCommand = {
        ...command,
        state: 'claimed',
        claimedBy: sessionToken,
        claimedAt: now,
        attempts: command.attempts + 1,
      };
      this.#commands.set(command.id, updated);
      claimed.push(structuredClone(updated));
    }
    return claimed;
  }

  async releaseCommands(sessionToken: string, ids?: readonly string[]): Promise<number> {
    this.#open();
    let released = 0;
    for (const command of this.#commands.values()) {
      if (command.state !== 'claimed' || command.claimedBy !== sessionToken) continue;
      if (ids !== undefined && !ids.includes(command.id)) continue;
      this.#commands.set(command.id, { ...command, state: 'pending', claimedBy: null, claimedAt: null });
      released += 1;
    }
    return released;
  }

  async resolveCommand(id: string, outcome: CommandOutcome, now: number): Promise<ResolveResult> {
    this.#open();
    const command = this.#commands.get(id);
    if (command === undefined) return { resolved: false, reason: 'not-found' };
    if (command.state === 'resolved') {
      return { resolved: false, reason: 'already-resolved', command: structuredClone(command) };
    }
    const updated: QueuedCommand = {
      ...command,
      state: 'resolved',
      claimedBy: null,
      claimedAt: null,
      resolvedAt: now,
      outcome: structuredClone(outcome),
    };
    this.#commands.set(id, updated);
    return { resolved: true, command: structuredClone(updated) };
  }

  async listCommands(query: ListCommandsQuery = {}): Promise<QueuedCommand[]> {
    this.#open();
    const { devId, states, tag, afterSeq } = query;
    const matching = this.#inSeqOrder().filter(
      (c) =>
        (devId === undefined || c.devId === devId) &&
        (states === undefined || states.includes(c.state)) &&
        (tag === undefined || c.tag === tag) &&
        (afterSeq === undefined || c.seq > afterSeq),
    );
    return limited(matching, query.limit).map((c) => structuredClone(c));
  }

  async expireCommands(now: number): Promise<QueuedCommand[]> {
    this.#open();
    const expired: QueuedCommand[] = [];
    for (const command of this.#inSeqOrder()) {
      if (command.state !== 'pending' || command.expiresAt === null || command.expiresAt > now) continue;
      const updated: QueuedCommand = {
        ...command,
        state: 'resolved',
        resolvedAt: now,
        outcome: { kind: 'expired' },
      };
      this.#commands.set(command.id, updated);
      expired.push(structuredClone(updated));
    }
    return expired;
  }

  async recordAlert(alert: StoredAlert): Promise<boolean> {
    this.#open();
    if (this.#alerts.some((a) => a.id === alert.id)) return false;
    this.#alerts.push(structuredClone(alert));
    return true;
  }

  async listAlerts(query: ListAlertsQuery = {}): Promise<StoredAlert[]> {
    this.#open();
    const { devId, type, since } = query;
    const matching = this.#alerts
      .map((alert, index) => ({ alert, index }))
      .filter(
        ({ alert }) =>
          (devId === undefined || alert.devId === devId) &&
          (type === undefined || alert.type === type) &&
          (since === undefined || alert.receivedAt >= since),
      )
      .sort((a, b) => a.alert.receivedAt - b.alert.receivedAt || a.index - b.index)
      .map(({ alert }) => alert);
    return limited(matching, query.limit).map((a) => structuredClone(a));
  }

  async recordSessionHistory(entry: SessionHistoryEntry): Promise<void> {
    this.#open();
    if (this.#history.some((h) => h.id === entry.id)) return;
    this.#history.push(structuredClone(entry));
  }

  async listSessionHistory(devId: string, limit?: number): Promise<SessionHistoryEntry[]> {
    this.#open();
    const entries = this.#history
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => entry.devId === devId)
      .sort((a, b) => b.entry.endedAt - a.entry.endedAt || b.index - a.index)
      .map(({ entry }) => entry);
    return limited(entries, limit).map((h) => structuredClone(h));
  }

  async countSessionHistory(devId: string): Promise<number> {
    this.#open();
    return this.#history.filter((h) => h.devId === devId).length;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #inSeqOrder(): QueuedCommand[] {
    return [...this.#commands.values()].sort((a, b) => a.seq - b.seq);
  }

  protected override assertOpen(): void {
    this.#open();
  }

  #open(): void {
    if (this.#closed)
      throw new ScomoError(
        'SCOMO_STORE_CLOSED',
        'MemoryStore was used after close(); create a new store instead.',
      );
  }
}

function limited<T>(values: T[], limit: number | undefined): T[] {
  return limit === undefined ? values : values.slice(0, Math.max(0, limit));
}

function removeWhere<T>(values: T[], predicate: (value: T) => boolean): void {
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const value = values[i];
    if (value !== undefined && predicate(value)) values.splice(i, 1);
  }
}

/** Code-unit order, what SQL `COLLATE "C"` / BINARY gives; not locale order. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
