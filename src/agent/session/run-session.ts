import { ScomoError } from '../../errors/index.ts';
import { createClientSession } from '../../session/index.ts';
import type { ClientSession, PendingAlert, SessionSummary, Step } from '../../session/index.ts';
import type { AlertQueue, QueuedAlert } from '../alerts/types.ts';
import { errorFields } from '../logger.ts';
import type { ResolvedAgentOptions } from '../options/types.ts';
import type { DeliveryHook } from '../scomo-runtime/delivery-hook.ts';
import type { SessionRequest } from '../scheduler/session-gate.ts';
import type { TreeState } from '../state/tree-state.ts';
import type { Transport } from '../transport/http-transport.ts';
import { logFields, summaryMessage } from './report.ts';
import type { SessionOutcome, SessionReport } from './report.ts';

export interface SessionContext {
  readonly options: ResolvedAgentOptions;
  readonly transport: Transport;
  readonly treeState: TreeState;
  readonly alerts: AlertQueue;
  /** Where large objects for SCOMO `Delivered/<x>/Data` stream to (absent: the engine buffers them). */
  readonly delivery?: DeliveryHook | undefined;
}

/**
 * One DM session: the client session engine (src/session) produces each message, the transport
 * carries it, the engine reads the answer. The tree is saved after every answer that changed it and
 * once more at the end; acknowledged Generic Alerts leave the queue. Never throws: every failure ends
 * the session cleanly and shows in the report (and in its one log line). A package streamed to disk
 * (direct delivery) is settled after each answer, before the tree that records it is saved and
 * before the next message goes out (so at most one message of it is ever held in memory).
 */
export async function runSession(
  context: SessionContext,
  request: SessionRequest,
  signal: AbortSignal,
): Promise<SessionReport> {
  const { options, treeState, alerts, delivery } = context;
  const startedAt = options.clock();
  const sessionId = request.sessionId ?? newClientSessionId(options.randomBytes);
  const serverId = request.serverId ?? options.serverId;
  const offered = alerts.list();
  const logger = options.logger;

  let failure: ScomoError | undefined;
  let summary: SessionSummary | undefined;
  let session: ClientSession | undefined;
  try {
    session = createClientSession({
      tree: treeState.tree,
      serverId,
      sessionId,
      initiator: request.initiator,
      encoding: options.encoding,
      // No `auth`: the engine follows the CLCRED AAuthType of the tree (set from the options on first
      // start, possibly changed by the server since).
      maxMsgSize: options.maxMsgSize,
      maxObjSize: options.maxObjSize,
      maxMessages: maxMessagesFor(options),
      genericAlerts: offered.map(toPendingAlert),
      ...(options.ui === undefined ? {} : { ui: options.ui }),
      ...(delivery === undefined ? {} : { inboundObjects: delivery.hook }),
      clock: options.clock,
      randomBytes: options.randomBytes,
    });
  } catch (err) {
    failure = asScomoError(err, 'SCOMO_AGENT_BAD_OPTION');
  }

  if (session !== undefined) {
    const outcome = await converse(session, context, sessionId, signal);
    failure ??= outcome.failure;
    summary = outcome.summary;
  }

  // A session that ended (or broke off) mid-object drops it before the tree is saved.
  await delivery?.endSession();
  const saveFailure = await saveTree(treeState);
  failure ??= saveFailure;
  const acknowledged = summary?.acknowledgedAlerts ?? [];
  try {
    await alerts.remove(acknowledged);
  } catch (err) {
    // The alerts stay queued and go out again: the server sees a duplicate rather than a loss.
    logger.error({ sessionId, ...errorFields(err) }, 'cannot remove acknowledged alerts from the queue');
  }

  const report: SessionReport = {
    sessionId,
    serverId,
    initiator: request.initiator,
    reason: request.reason,
    outcome: outcomeOf(failure, summary),
    ...(failure === undefined ? {} : { error: { code: failure.code, message: failure.message } }),
    messagesSent: summary?.messagesSent ?? 0,
    messagesReceived: summary?.messagesReceived ?? 0,
    commandsReceived: serverCommands(summary),
    statusesSent: { ...summary?.statusesSent },
    alertsDelivered: offered.filter((alert) => acknowledged.includes(alert.id)).length,
    alertsPending: alerts.list().length,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.max(0, options.clock() - startedAt),
  };
  const line = report.outcome === 'failed' ? logger.warn.bind(logger) : logger.info.bind(logger);
  line(logFields(report), summaryMessage(report));
  return report;
}

/** The engine's default bound on the messages of one session (against a server that never ends). */
const BASE_MAX_MESSAGES = 1000;

/**
 * The bound on messages per session: the engine's default, raised so that an object as large as our
 * MaxObjSize still fits when a server sends it in chunks of half a message or more (a package
 * delivered over DM, reference §2.8, can take thousands of messages).
 */
export function maxMessagesFor(options: Pick<ResolvedAgentOptions, 'maxMsgSize' | 'maxObjSize'>): number {
  return BASE_MAX_MESSAGES + Math.ceil(options.maxObjSize / Math.max(1, Math.floor(options.maxMsgSize / 2)));
}

/** Management commands the server sent, per kind: its Status replies to our commands are not counted. */
function serverCommands(summary: SessionSummary | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, count] of Object.entries(summary?.commandsReceived ?? {})) {
    if (kind !== 'Status' && count !== undefined) out[kind] = count;
  }
  return out;
}

/**
 * The message loop: send what the engine asks for, feed it the answer, save the tree after every
 * answer that changed it (the engine commits each server message as one transaction), until the
 * engine is done or fails, or the transport or the state directory fails.
 */
async function converse(
  session: ClientSession,
  context: SessionContext,
  sessionId: string,
  signal: AbortSignal,
): Promise<{ failure: ScomoError | undefined; summary: SessionSummary }> {
  const { transport, treeState, options } = context;
  let step: Step;
  try {
    step = session.start();
    while (step.kind === 'send') {
      options.logger.debug({ sessionId, url: step.url, bytes: step.body.length }, 'sending message');
      let answer;
      try {
        answer = await transport.send(step, signal);
      } catch (err) {
        return { failure: asScomoError(err, 'SCOMO_AGENT_UNREACHABLE'), summary: session.summary };
      }
      step = session.receive({
        body: answer.body,
        contentType: answer.contentType ?? '',
        headers: answer.headers,
      });
      await context.delivery?.settle();
      const saveFailure = await saveTree(treeState);
      if (saveFailure !== undefined) return { failure: saveFailure, summary: session.summary };
    }
  } catch (err) {
    // The engine promises not to throw; should it anyway, the session ends as failed, not the agent.
    return {
      failure: asScomoError(err, 'SCOMO_AGENT_INTERNAL', 'The session engine failed'),
      summary: session.summary,
    };
  }
  return { failure: step.kind === 'failed' ? step.error : undefined, summary: step.summary };
}

function outcomeOf(failure: ScomoError | undefined, summary: SessionSummary | undefined): SessionOutcome {
  if (failure !== undefined || summary === undefined) return 'failed';
  if (summary.ending === 'aborted-by-server') return 'aborted-by-server';
  return summary.ending === 'completed' ? 'completed' : 'failed';
}

/** Saves the tree if it changed; a failure to save is returned (the session must stop), not thrown. */
async function saveTree(treeState: TreeState): Promise<ScomoError | undefined> {
  try {
    await treeState.saveIfChanged();
    return undefined;
  } catch (err) {
    return asScomoError(err, 'SCOMO_AGENT_STATE', 'Cannot save the tree to the state directory');
  }
}

function toPendingAlert(alert: QueuedAlert): PendingAlert {
  return {
    id: alert.id,
    ...(alert.correlator === undefined ? {} : { correlator: alert.correlator }),
    items: alert.items,
  };
}

/** A client-initiated SessionID: 1–4 upper-case hex digits, no leading zeros (reference §2.2). */
function newClientSessionId(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(2);
  const value = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0) || 1;
  return value.toString(16).toUpperCase();
}

function asScomoError(err: unknown, code: string, context?: string): ScomoError {
  if (err instanceof ScomoError && context === undefined) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new ScomoError(
    err instanceof ScomoError ? err.code : code,
    context === undefined ? detail : `${context}: ${detail}`,
    { cause: err },
  );
}
