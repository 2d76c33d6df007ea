import type { SessionInitiator, SessionReason } from '../scheduler/session-gate.ts';

/** How a session ended, as the agent reports it. */
export const SESSION_OUTCOMES = ['completed', 'aborted-by-server', 'failed'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

/** What one session did: returned by runSession() and logged as one line. */
export interface SessionReport {
  readonly sessionId: string;
  readonly serverId: string;
  readonly initiator: SessionInitiator;
  readonly reason: SessionReason;
  readonly outcome: SessionOutcome;
  /** Why the session failed (transport, protocol, state directory); absent unless outcome is failed. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly messagesSent: number;
  readonly messagesReceived: number;
  /** Server management commands received, per kind (its Status replies excluded). */
  readonly commandsReceived: Readonly<Record<string, number>>;
  /** Statuses the agent returned, per code. */
  readonly statusesSent: Readonly<Record<string, number>>;
  /** Generic Alerts the server acknowledged in this session (removed from the queue). */
  readonly alertsDelivered: number;
  /** Generic Alerts still queued after the session. */
  readonly alertsPending: number;
  readonly startedAt: string;
  readonly durationMs: number;
}

/** The one summary line per session: everything an operator asks first, in one structured record. */
export function logFields(report: SessionReport): Record<string, unknown> {
  return {
    sessionId: report.sessionId,
    serverId: report.serverId,
    initiator: report.initiator,
    reason: report.reason,
    outcome: report.outcome,
    commands: report.commandsReceived,
    statuses: report.statusesSent,
    alertsDelivered: report.alertsDelivered,
    alertsPending: report.alertsPending,
    messages: { sent: report.messagesSent, received: report.messagesReceived },
    durationMs: report.durationMs,
    ...(report.error === undefined ? {} : { error: report.error }),
  };
}

export function summaryMessage(report: SessionReport): string {
  const commands = Object.values(report.commandsReceived).reduce((sum, n) => sum + n, 0);
  return `session ${report.sessionId} ${report.outcome}: ${commands} command(s) received, ${report.alertsDelivered} alert(s) delivered in ${report.durationMs} ms`;
}
