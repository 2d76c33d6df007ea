import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isScomoError } from '../../errors/index.ts';
import type { DispatchResult, PackageInfo, ScomoAlert, ScomoEffect, ScomoEvent } from '../../scomo/index.ts';
import type { GenericAlert } from '../alerts/types.ts';
import type { DeliverySink } from '../download/index.ts';
import type { DownloadClient } from '../download/index.ts';
import type { Installer, RecoveredInstall } from '../installers/index.ts';
import type { AgentLogger } from '../logger.ts';
import { errorFields, silentLogger } from '../logger.ts';
import type { PackagePolicy, SpaceGuard } from '../packages/index.ts';
import { openOpJournal } from './op-journal.ts';
import type { OpJournal } from './op-journal.ts';
import { createPackageStore } from './package-store.ts';
import type { PackageStore } from './package-store.ts';
import { performWork } from './work.ts';
import type { WorkEffect } from './work.ts';

/** The part of src/scomo's `ScomoMo` the executor drives. */
export interface ScomoMoPort {
  drainEffects(): ScomoEffect[];
  dispatch(event: ScomoEvent): DispatchResult;
  resume(): ScomoEffect[];
  registerPackage(node: string, bytes: number): void;
}

/** Where OperationComplete alerts go: the agent's durable Generic Alert queue. */
export interface AlertPort {
  enqueue(alert: GenericAlert): Promise<unknown>;
  /** Alerts still waiting for the server (used after a crash to avoid queueing one twice). */
  pending(): readonly GenericAlert[] | Promise<readonly GenericAlert[]>;
}

export interface ScomoExecutorOptions {
  /** The executor's directory, e.g. `<stateDir>/scomo`: its journal and `packages/`. */
  readonly dir: string;
  readonly mo: ScomoMoPort;
  readonly installer: Installer;
  readonly downloads: DownloadClient;
  readonly alerts: AlertPort;
  readonly policy: PackagePolicy;
  readonly space?: SpaceGuard | undefined;
  /** Saves the tree durably (the agent's `saveIfChanged`): called after each event the MO took. */
  readonly persist?: (() => Promise<unknown>) | undefined;
  /** The expected sha256 of a package when the embedder learns it elsewhere (else the PkgURL fragment). */
  readonly expectedDigest?: ((pkg: PackageInfo) => string | undefined) | undefined;
  /** Least time between two downloadProgress events of one operation; default 1000 ms. */
  readonly progressEveryMs?: number | undefined;
  readonly clock?: (() => number) | undefined;
  readonly logger?: AgentLogger | undefined;
}

export interface ScomoExecutor {
  /**
   * Recovers the installer, then takes the MO's resume effects (interrupted work, alerts not yet
   * queued) and starts working. Call once, after the tree is restored and the MO mounted.
   */
  start(): Promise<void>;
  /** Takes the MO's new effects and works through them; call after a session (when onEffects fired). */
  wake(): void;
  /** Resolves once no effect is waiting or running. */
  idle(): Promise<void>;
  /** Stops downloads at once (they resume at the next start) and waits for the running step to end. */
  stop(): Promise<void>;
  /**
   * A sink for a package delivered over DM as a large object (streamed to disk, never held whole):
   * its commit() stores the package for `Delivered/<node>` and registers it with the MO.
   */
  receivePackage(node: string): Promise<DeliverySink>;
  /**
   * The package of `Delivered/<node>` is still being written to disk (a large object streamed in by
   * a DM session and already registered with the MO, so that an Exec Install in the same message
   * finds it): work on that node waits until `arrival` settles.
   */
  awaitPackage(node: string, arrival: Promise<unknown>): void;
  readonly packages: PackageStore;
}

/**
 * The SCOMO executor (DESIGN.md: the SCOMO Client's device I/O): drains src/scomo's effects one at a
 * time with the download client, the package checks and the installer, and reports exactly one event
 * per operation, even across crashes (op-journal.ts).
 */
export async function createScomoExecutor(options: ScomoExecutorOptions): Promise<ScomoExecutor> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? Date.now;
  const progressEvery = options.progressEveryMs ?? 1000;
  await mkdir(options.dir, { recursive: true });
  const journal: OpJournal = await openOpJournal(join(options.dir, 'operations.json'));
  const store = createPackageStore(join(options.dir, 'packages'), options.space);
  const { mo } = options;
  const queue: ScomoEffect[] = [];
  const abort = new AbortController();
  const recovered = new Map<string, RecoveredInstall>();
  const lastProgress = new Map<string, number>();
  /** Packages still being written, by Delivered node (see awaitPackage). */
  const arriving = new Map<string, Promise<unknown>>();
  let running: Promise<void> | undefined;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  const persist = async (): Promise<void> => {
    await options.persist?.();
  };

  const dispatch = (event: ScomoEvent): void => {
    let result: DispatchResult;
    try {
      result = mo.dispatch(event);
    } catch (err) {
      logger.error(
        { ...errorFields(err), event: event.type, opId: event.opId },
        'the SCOMO MO refused an event',
      );
      return;
    }
    if (!result.applied)
      logger.warn({ event: event.type, opId: event.opId, reason: result.reason }, 'SCOMO event not applied');
    queue.push(...mo.drainEffects());
  };

  /** Reports the outcome of an operation: journaled first, so a crash re-sends it instead of redoing the work. */
  const report = async (event: ScomoEvent): Promise<void> => {
    await journal.set({ opId: event.opId, phase: 'finished', event });
    dispatch(event);
    await persist();
    await journal.delete(event.opId);
  };

  const progress = (opId: string, bytes: number, total: number | undefined): void => {
    const now = clock();
    const last = lastProgress.get(opId);
    if (last !== undefined && now - last < progressEvery) return;
    lastProgress.set(opId, now);
    dispatch({ type: 'downloadProgress', opId, bytes, ...(total === undefined ? {} : { total }) });
    // The first progress moves Download/<x>/Status to 30: worth saving; later ones only update memory.
    if (last === undefined)
      persist().catch((err: unknown) => logger.warn({ ...errorFields(err) }, 'cannot save the tree'));
  };

  const queueAlert = async (opId: string, alert: ScomoAlert): Promise<void> => {
    const entry = journal.get(opId);
    if (entry?.phase !== 'alerted') {
      // After a crash in the middle of queueing, the agent's queue tells whether it got there.
      const already =
        entry?.phase === 'alerting' && (await options.alerts.pending()).some((a) => sameAlert(a, alert));
      if (!already) {
        await journal.set({ opId, phase: 'alerting' });
        await options.alerts.enqueue(toGenericAlert(alert));
      }
      await journal.set({ opId, phase: 'alerted' });
    }
    dispatch({ type: 'alertQueued', opId });
    await persist();
    await journal.delete(opId);
  };

  const work = async (effect: WorkEffect): Promise<void> => {
    const entry = journal.get(effect.opId);
    if (entry?.phase === 'finished' && entry.event !== undefined) {
      // Done before a crash, but the MO never saved the outcome: report it again, do not redo the work.
      await report(entry.event);
      return;
    }
    if (entry === undefined) await journal.set({ opId: effect.opId, phase: 'running' });
    let event: ScomoEvent;
    try {
      event = await performWork(effect, {
        installer: options.installer,
        downloads: options.downloads,
        store,
        policy: options.policy,
        logger,
        recovered,
        signal: abort.signal,
        expectedDigest: options.expectedDigest,
        progress,
      });
    } catch (err) {
      if (isScomoError(err, 'SCOMO_DOWNLOAD_ABORTED')) {
        logger.info(
          { opId: effect.opId },
          'SCOMO download paused: the agent is stopping; it resumes at the next start',
        );
        return;
      }
      throw err;
    } finally {
      lastProgress.delete(effect.opId);
    }
    await report(event);
  };

  const handle = async (effect: ScomoEffect): Promise<void> => {
    const node = 'deliveredNode' in effect ? effect.deliveredNode : undefined;
    const arrival = node === undefined ? undefined : arriving.get(node);
    if (arrival !== undefined) await arrival;
    switch (effect.kind) {
      case 'storeData':
        await store.write(effect.deliveredNode, effect.data);
        return;
      case 'discardPackage':
        await store.remove(effect.deliveredNode);
        return;
      case 'alert':
        await queueAlert(effect.opId, effect.alert);
        return;
      default:
        await work(effect);
    }
  };

  const pump = async (): Promise<void> => {
    while (queue.length > 0 && !stopped) {
      const effect = queue.shift() as ScomoEffect;
      try {
        await handle(effect);
      } catch (err) {
        // A failure of the executor itself (its journal, the tree save): the MO's journal still holds
        // the operation, so the next start resumes it.
        logger.error({ ...errorFields(err), effect: effect.kind }, 'SCOMO effect failed');
      }
    }
  };

  const schedule = (): void => {
    if (running !== undefined || stopped) return;
    running = pump().finally(() => {
      running = undefined;
      if (queue.length > 0 && !stopped) schedule();
      else {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    });
  };

  return {
    packages: store,
    async start() {
      for (const r of await options.installer.recover()) recovered.set(r.operationId, r);
      const effects = mo.resume();
      const live = new Set(effects.flatMap((e) => ('opId' in e ? [e.opId] : [])));
      for (const entry of journal.entries()) {
        // The MO no longer knows the operation: its answer was saved; the entry is stale.
        if (!live.has(entry.opId)) await journal.delete(entry.opId);
      }
      for (const r of recovered.values()) {
        if (!live.has(r.operationId))
          logger.warn(
            { opId: r.operationId, outcome: r.outcome },
            'the installer recovered an install the MO does not know',
          );
      }
      queue.push(...effects);
      schedule();
    },
    wake() {
      queue.push(...mo.drainEffects());
      schedule();
    },
    idle() {
      if (running === undefined && (queue.length === 0 || stopped)) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopped = true;
      abort.abort();
      await running;
    },
    awaitPackage(node, arrival) {
      const settled = arrival.then(
        () => undefined,
        () => undefined,
      );
      arriving.set(node, settled);
      void settled.then(() => {
        if (arriving.get(node) === settled) arriving.delete(node);
      });
    },
    async receivePackage(node) {
      const sink = await store.sink(node);
      return {
        write: (chunk) => sink.write(chunk),
        writeBase64: (text) => sink.writeBase64(text),
        get bytesWritten() {
          return sink.bytesWritten;
        },
        abort: () => sink.abort(),
        async commit(expected) {
          const done = await sink.commit(expected);
          mo.registerPackage(node, done.bytes);
          queue.push(...mo.drainEffects());
          await persist();
          schedule();
          return done;
        },
      };
    },
  };
}

function toGenericAlert(alert: ScomoAlert): GenericAlert {
  return {
    ...(alert.correlator === undefined ? {} : { correlator: alert.correlator }),
    items: alert.items.map((item) => ({
      type: item.type,
      format: item.format,
      data: item.data,
      mark: item.mark,
      source: item.source,
      target: item.target,
    })),
  };
}

function sameAlert(a: GenericAlert, b: ScomoAlert): boolean {
  if (a.correlator !== b.correlator || a.items.length !== b.items.length) return false;
  return a.items.every((item, i) => {
    const other = b.items[i];
    return (
      other !== undefined &&
      item.type === other.type &&
      item.data === other.data &&
      item.source === other.source &&
      item.target === other.target
    );
  });
}
