/**
 * The SCOMO Client inside the running agent (issue "SCOMO end to end", device side): the SCOMO MO
 * mounted on the restored tree, the executor with the configured installer, the download client,
 * the package checks and the space guard, and the streaming of direct deliveries. The agent calls
 * `afterSession()` after every DM session; results go to the agent's persistent Generic Alert queue.
 */
import { mountScomoMo } from '../../scomo/index.ts';
import type { ScomoMo } from '../../scomo/index.ts';
import type { AlertQueue, GenericAlert } from '../alerts/types.ts';
import { createDownloadClient } from '../download/index.ts';
import { createCommandInstaller, createDirectoryInstaller } from '../installers/index.ts';
import type { Installer } from '../installers/index.ts';
import { errorFields } from '../logger.ts';
import type { ResolvedAgentOptions, ResolvedScomoOptions } from '../options/types.ts';
import { createSpaceGuard, DEFAULT_ARCHIVE_LIMITS } from '../packages/index.ts';
import type { SpaceGuard } from '../packages/index.ts';
import { createScomoExecutor } from '../scomo/index.ts';
import type { ScomoExecutor } from '../scomo/index.ts';
import type { TreeState } from '../state/tree-state.ts';
import { createDeliveryHook } from './delivery-hook.ts';
import type { DeliveryHook } from './delivery-hook.ts';

export interface ScomoRuntime {
  readonly options: ResolvedScomoOptions;
  readonly mo: ScomoMo;
  readonly executor: ScomoExecutor;
  /** Direct delivery streamed to disk: the session engine's `inboundObjects` hook and its settling. */
  readonly delivery: DeliveryHook;
  /** After every session (completed or not): hands the effects its commands queued to the executor. */
  afterSession(): void;
  /** Resolves true once no SCOMO work waits or runs, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
  /** Stops the executor (a download in progress resumes at the next start) and closes connections. */
  close(): Promise<void>;
}

export interface ScomoRuntimeDeps {
  readonly agent: ResolvedAgentOptions;
  readonly scomo: ResolvedScomoOptions;
  /** The agent's state directory (SCOMO is on only with one). */
  readonly stateDir: string;
  readonly treeState: TreeState;
  readonly alerts: AlertQueue;
  /** Told after every result alert the executor queued (the agent delivers it soon). */
  readonly onResult: (alert: GenericAlert) => void;
}

/**
 * Mounts the MO, builds the executor and starts it: interrupted work resumes (a download continues
 * with Range, an install is rolled back or completed) and results not yet queued are queued.
 */
export async function openScomoRuntime(deps: ScomoRuntimeDeps): Promise<ScomoRuntime> {
  const { agent, scomo, treeState, alerts } = deps;
  const logger = agent.logger;
  const mo = mountScomoMo({
    tree: treeState.tree,
    root: scomo.root,
    ...(scomo.envTypes === undefined ? {} : { envTypes: scomo.envTypes }),
  });
  // The MO's fixed nodes (and their layout after an upgrade) are part of the committed tree.
  await treeState.saveIfChanged();
  const space = createSpaceGuard(deps.stateDir, { quotaBytes: scomo.quotaBytes });
  const downloads = createDownloadClient({
    connectTimeoutMs: agent.connectTimeoutMs,
    responseTimeoutMs: agent.timeoutMs,
    retry: agent.retry,
    random: agent.random,
    userAgent: agent.userAgent,
    ca: agent.ca,
    space,
    logger,
  });
  const executor = await createScomoExecutor({
    dir: scomo.dir,
    mo,
    installer: installerOf(scomo, space, agent),
    downloads,
    alerts: {
      async enqueue(alert) {
        const queued = await alerts.enqueue(alert);
        logger.info(
          { alertId: queued.id, correlator: queued.correlator, data: queued.items[0]?.data },
          'SCOMO result queued',
        );
        deps.onResult(alert);
        return queued;
      },
      pending: () => alerts.list(),
    },
    policy: { trust: scomo.trust, limits: DEFAULT_ARCHIVE_LIMITS, envTypes: scomo.envTypes },
    space,
    persist: () => treeState.saveIfChanged(),
    clock: agent.clock,
    logger,
  });
  const delivery = createDeliveryHook({
    tree: treeState.tree,
    paths: mo.paths,
    clock: agent.clock,
    store: executor.packages,
    registerPackage: (node, bytes) => mo.registerPackage(node, bytes),
    awaitPackage: (node, arrival) => executor.awaitPackage(node, arrival),
    logger,
  });
  try {
    await executor.start();
  } catch (err) {
    logger.error(errorFields(err), 'the SCOMO client cannot resume its work');
    await downloads.close();
    throw err;
  }
  logger.info(
    { root: mo.paths.root, installer: scomo.installer, installDir: scomo.installDir },
    'SCOMO client ready',
  );
  return {
    options: scomo,
    mo,
    executor,
    delivery,
    afterSession: () => executor.wake(),
    async idle(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
      });
      try {
        return await Promise.race([executor.idle().then(() => true), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await executor.stop();
      await downloads.close();
    },
  };
}

function installerOf(scomo: ResolvedScomoOptions, space: SpaceGuard, agent: ResolvedAgentOptions): Installer {
  if (scomo.installer === 'command') {
    return createCommandInstaller({
      // resolveScomoOptions refuses 'command' without a command.
      command: scomo.installerCommand ?? '',
      root: scomo.installDir,
      ...(scomo.hookTimeoutMs === undefined ? {} : { timeoutMs: scomo.hookTimeoutMs }),
      logger: agent.logger,
    });
  }
  return createDirectoryInstaller({
    root: scomo.installDir,
    space,
    ...(scomo.hookTimeoutMs === undefined ? {} : { hookTimeoutMs: scomo.hookTimeoutMs }),
    logger: agent.logger,
  });
}
