import { findAccount, setAccountNonce } from '../tree/index.ts';
import { resyncNonce } from '../notification/index.ts';
import type { TriggerSecret } from '../notification/index.ts';
import { createMemoryAlertQueue, openFileAlertQueue } from './alerts/alert-queue.ts';
import type { AlertQueue, GenericAlert, QueuedAlert } from './alerts/types.ts';
import { agentError } from './errors.ts';
import { listenHttp } from './listener/http-listener.ts';
import type { Listener } from './listener/http-listener.ts';
import { createTriggerGate } from './listener/trigger-gate.ts';
import type { TriggerGate, TriggerOutcome } from './listener/trigger-gate.ts';
import { listenUdp } from './listener/udp-listener.ts';
import { errorFields } from './logger.ts';
import { isResolvedAgentOptions, resolveAgentOptions } from './options/resolve.ts';
import type { AgentOptions, ResolvedAgentOptions } from './options/types.ts';
import { startPoller } from './scheduler/poller.ts';
import type { Poller } from './scheduler/poller.ts';
import { createSessionGate } from './scheduler/session-gate.ts';
import type {
  SessionGate,
  SessionInitiator,
  SessionReason,
  SessionRequest,
} from './scheduler/session-gate.ts';
import { createResultSessions } from './scomo-runtime/result-sessions.ts';
import { openScomoRuntime } from './scomo-runtime/runtime.ts';
import type { ScomoRuntime } from './scomo-runtime/runtime.ts';
import type { SessionReport } from './session/report.ts';
import { DEFAULT_SCOMO_WAIT_SECONDS, runOnce } from './session/run-once.ts';
import { runSession } from './session/run-session.ts';
import { openTreeState } from './state/tree-state.ts';
import type { TreeState } from './state/tree-state.ts';
import { createHttpTransport } from './transport/http-transport.ts';
import type { Transport } from './transport/http-transport.ts';

/** The agent's named states: created, listening/polling, stopping, stopped. */
export const AGENT_STATES = ['created', 'running', 'stopping', 'stopped'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Where start() listens for package #0 (the bound ports, useful when 0 was asked for). */
export interface AgentEndpoints {
  readonly httpPort?: number;
  readonly udpPort?: number;
}

export interface RunSessionRequest {
  /** Default client (Alert 1201). */
  readonly initiator?: SessionInitiator;
  /** SyncHdr SessionID (hex); default: a random one for client sessions. */
  readonly sessionId?: string;
  /** Shown in the session's log line; default 'api'. */
  readonly reason?: SessionReason;
}

/** Which bearer a package #0 came in on (log field only). */
export type TriggerBearer = 'http' | 'udp' | 'api';

export interface Agent {
  readonly options: ResolvedAgentOptions;
  readonly state: AgentState;
  /** Runs one session now (after any running one) and reports it; never rejects for session failures. */
  runSession(request?: RunSessionRequest): Promise<SessionReport>;
  /** Starts the package #0 listeners and polling the options ask for. */
  start(): Promise<AgentEndpoints>;
  /** Stops listening and polling, aborts the running session, closes connections. */
  stop(): Promise<void>;
  /** Queues a Generic Alert (1226), persisted until the server acknowledges it. */
  queueGenericAlert(alert: GenericAlert): Promise<QueuedAlert>;
  pendingAlerts(): Promise<readonly QueuedAlert[]>;
  /** Hands package #0 bytes from another bearer (SMS, OBEX, …) to the agent, as the listeners do. */
  deliverTrigger(bytes: Uint8Array, bearer?: TriggerBearer): Promise<TriggerOutcome>;
  /**
   * `--once`: one client-initiated session, then — with the SCOMO client — waits for the work it
   * started (at most `scomoWaitSeconds`, default 120) and runs another session to deliver the
   * results (src/agent/session/run-once.ts). Reports every session, oldest first.
   */
  runOnce(request?: { readonly scomoWaitSeconds?: number | undefined }): Promise<readonly SessionReport[]>;
  /**
   * Resolves true once the SCOMO client has no work waiting or running (at once without one), or
   * false after `timeoutMs`.
   */
  scomoIdle(timeoutMs: number): Promise<boolean>;
}

interface Parts {
  readonly treeState: TreeState;
  readonly alerts: AlertQueue;
  readonly transport: Transport;
  readonly triggers: TriggerGate;
  /** The SCOMO client: on with a state directory unless turned off (options.scomo). */
  readonly scomo: ScomoRuntime | undefined;
}

/**
 * The device agent (DESIGN.md L4): the tree and the Generic Alert queue in the state directory, the
 * client session engine driven over HTTP(S), package #0 listeners and polling, never two sessions at
 * once. Options are compiled once here (or given already resolved).
 */
export function createAgent(input: AgentOptions | ResolvedAgentOptions): Agent {
  const options = isResolvedAgentOptions(input) ? input : resolveAgentOptions(input);
  const { logger } = options;
  const abort = new AbortController();
  let state: AgentState = 'created';
  let parts: Promise<Parts> | undefined;
  const listeners: Listener[] = [];
  let poller: Poller | undefined;

  // Results queued by the SCOMO client ask for a session soon (through `gate`, below).
  const resultSessions = createResultSessions({
    delayMs: options.scomo?.resultDelayMs ?? 0,
    active: () => state === 'running',
    request: () => {
      logger.info({}, 'starting a session to deliver SCOMO results');
      gate.request({ initiator: 'client', reason: 'api' });
    },
  });

  const open = (): Promise<Parts> => {
    parts ??= openParts(options, () => resultSessions.notify()).catch((err: unknown) => {
      parts = undefined;
      throw err;
    });
    return parts;
  };

  const execute = async (request: SessionRequest): Promise<SessionReport> => {
    const p = await open();
    if (request.resync === true && request.serverId !== undefined) {
      // reference §4.2: the trigger verified only with the zero nonce, so package #1 and the server's
      // answer use it too; both sides then issue fresh nonces by Chal.
      setAccountNonce(p.treeState.tree.local, request.serverId, 'CLCRED', resyncNonce());
      setAccountNonce(p.treeState.tree.local, request.serverId, 'SRVCRED', resyncNonce());
    }
    try {
      return await runSession(
        {
          options,
          transport: p.transport,
          treeState: p.treeState,
          alerts: p.alerts,
          delivery: p.scomo?.delivery,
        },
        request,
        abort.signal,
      );
    } finally {
      // Not inside the MO's onEffects: an Atomic rollback can still withdraw effects during a session.
      p.scomo?.afterSession();
    }
  };

  const gate: SessionGate<SessionReport> = createSessionGate(execute, (dropped, kept) => {
    logger.info(
      {
        dropped: { initiator: dropped.initiator, sessionId: dropped.sessionId },
        kept: { initiator: kept.initiator, sessionId: kept.sessionId },
      },
      'a session is already waiting; requests coalesced',
    );
  });

  const onTrigger = (p: Parts, bytes: Uint8Array, bearer: TriggerBearer): TriggerOutcome => {
    const outcome = p.triggers.handle(bytes);
    if (outcome.kind !== 'accepted') {
      logger.warn({ bearer, ...outcome }, `package #0 ignored: ${outcome.kind}`);
      return outcome;
    }
    if (state === 'stopping' || state === 'stopped') return outcome;
    const fate = gate.request({
      initiator: 'server',
      sessionId: outcome.sessionId,
      serverId: outcome.serverId,
      resync: outcome.resync,
      reason: 'trigger',
    });
    logger.info(
      {
        bearer,
        serverId: outcome.serverId,
        sessionId: outcome.sessionId,
        resync: outcome.resync,
        session: fate,
      },
      'package #0 accepted',
    );
    return outcome;
  };

  const runSessionNow = async (request: RunSessionRequest = {}): Promise<SessionReport> => {
    if (state === 'stopping' || state === 'stopped') {
      throw agentError('SCOMO_AGENT_ILLEGAL_STATE', `runSession() after stop(): the agent is ${state}.`);
    }
    return gate.run({
      initiator: request.initiator ?? 'client',
      ...(request.sessionId === undefined ? {} : { sessionId: request.sessionId }),
      reason: request.reason ?? 'api',
    });
  };

  return {
    options,
    get state() {
      return state;
    },
    runSession: runSessionNow,
    async start(): Promise<AgentEndpoints> {
      if (state !== 'created')
        throw agentError('SCOMO_AGENT_ILLEGAL_STATE', `start() needs a created agent; it is ${state}.`);
      state = 'running';
      const endpoints: { httpPort?: number; udpPort?: number } = {};
      try {
        const p = await open();
        if (options.listenPort !== undefined) {
          const http = await listenHttp(options.listenHost, options.listenPort, (bytes) =>
            onTrigger(p, bytes, 'http'),
          );
          listeners.push(http);
          endpoints.httpPort = http.port;
        }
        if (options.udpPort !== undefined) {
          const udp = await listenUdp(
            options.listenHost,
            options.udpPort,
            (bytes) => onTrigger(p, bytes, 'udp'),
            (err) => logger.error(errorFields(err), 'UDP listener error'),
          );
          listeners.push(udp);
          endpoints.udpPort = udp.port;
        }
      } catch (err) {
        await Promise.all(listeners.splice(0).map((l) => l.close()));
        if (state === 'running') state = 'created';
        throw err;
      }
      if ((state as AgentState) !== 'running') {
        // stop() ran while the listeners were opening: it could not close what did not exist yet.
        await Promise.all(listeners.splice(0).map((l) => l.close()));
        throw agentError('SCOMO_AGENT_ILLEGAL_STATE', 'The agent was stopped while starting.');
      }
      if (options.pollMs !== undefined) {
        poller = startPoller({
          intervalMs: options.pollMs,
          jitter: options.pollJitter,
          random: options.random,
          onTick: () => {
            gate.request({ initiator: 'client', reason: 'poll' });
          },
        });
      }
      // Results left from the last run (or queued while resuming) go out soon; polling's first
      // session (at once) carries them anyway.
      const opened = await open();
      if (opened.scomo !== undefined && options.pollMs === undefined && opened.alerts.list().length > 0)
        resultSessions.notify();
      logger.info(
        {
          ...endpoints,
          listenHost: options.listenHost,
          pollSeconds: options.pollMs === undefined ? undefined : options.pollMs / 1000,
          server: options.server,
        },
        'agent started',
      );
      return endpoints;
    },
    async stop(): Promise<void> {
      if (state === 'stopping' || state === 'stopped') return;
      state = 'stopping';
      resultSessions.cancel();
      poller?.stop();
      await Promise.all(listeners.splice(0).map((l) => l.close()));
      abort.abort();
      await gate.drain();
      if (parts !== undefined) {
        const p = await parts.catch(() => undefined);
        try {
          await p?.scomo?.close();
        } catch (err) {
          logger.warn(errorFields(err), 'stopping the SCOMO client failed');
        }
        try {
          await p?.transport.close();
        } catch (err) {
          logger.debug(errorFields(err), 'closing the transport failed');
        }
      }
      state = 'stopped';
      logger.info({}, 'agent stopped');
    },
    async queueGenericAlert(alert: GenericAlert): Promise<QueuedAlert> {
      const queued = await (await open()).alerts.enqueue(alert);
      logger.info(
        { alertId: queued.id, type: queued.items[0]?.type, correlator: queued.correlator },
        'generic alert queued',
      );
      return queued;
    },
    async pendingAlerts(): Promise<readonly QueuedAlert[]> {
      return (await open()).alerts.list();
    },
    async deliverTrigger(bytes: Uint8Array, bearer: TriggerBearer = 'api'): Promise<TriggerOutcome> {
      return onTrigger(await open(), bytes, bearer);
    },
    async runOnce(request = {}): Promise<readonly SessionReport[]> {
      const p = await open();
      const waitSeconds = request.scomoWaitSeconds ?? DEFAULT_SCOMO_WAIT_SECONDS;
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
        throw agentError('SCOMO_AGENT_BAD_OPTION', 'scomoWaitSeconds: expected a number of seconds ≥ 0.');
      return runOnce(
        {
          runSession: () => runSessionNow({ initiator: 'client', reason: 'once' }),
          scomo: p.scomo,
          pendingAlerts: async () => p.alerts.list().map((alert) => alert.id),
          clock: options.clock,
          logger,
        },
        waitSeconds * 1000,
      );
    },
    async scomoIdle(timeoutMs: number): Promise<boolean> {
      const p = await open();
      return p.scomo === undefined ? true : p.scomo.idle(timeoutMs);
    },
  };
}

async function openParts(options: ResolvedAgentOptions, onResult: () => void): Promise<Parts> {
  const treeState = await openTreeState(options);
  const alerts =
    options.stateDir === undefined
      ? createMemoryAlertQueue({ now: options.clock })
      : await openFileAlertQueue(options.stateDir, { now: options.clock });
  // After the tree is restored: the MO is laid out on it and interrupted work resumes.
  const scomo =
    options.scomo === undefined || options.stateDir === undefined
      ? undefined
      : await openScomoRuntime({
          agent: options,
          scomo: options.scomo,
          stateDir: options.stateDir,
          treeState,
          alerts,
          onResult,
        });
  const transport = createHttpTransport({
    connectTimeoutMs: options.connectTimeoutMs,
    responseTimeoutMs: options.timeoutMs,
    retry: options.retry,
    maxResponseBytes: options.maxResponseBytes,
    ca: options.ca,
    userAgent: options.userAgent,
    random: options.random,
    logger: options.logger,
  });
  const triggers = createTriggerGate((serverId): TriggerSecret | 'no-secret' | undefined => {
    const account = findAccount(treeState.tree.local, serverId);
    if (account === undefined) return undefined;
    if (account.serverCred.secret === '') return 'no-secret';
    return { serverPassword: account.serverCred.secret, nonce: account.serverCred.nonce };
  });
  options.logger.info(
    {
      stateDir: options.stateDir ?? null,
      tree: treeState.created ? 'created' : 'loaded',
      alertsPending: alerts.list().length,
    },
    options.stateDir === undefined ? 'agent state in memory only (no state directory)' : 'agent state opened',
  );
  return { treeState, alerts, transport, triggers, scomo };
}
