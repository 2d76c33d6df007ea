import type { AgentLogger } from '../logger.ts';
import type { SessionReport } from './report.ts';

/** Default bound, in seconds, on waiting for SCOMO work after a `--once` session (`--scomo-wait`). */
export const DEFAULT_SCOMO_WAIT_SECONDS = 120;

/** Sessions a `--once` run makes at most: the first, then result deliveries (a server may keep asking). */
export const MAX_ONCE_SESSIONS = 16;

export interface OnceDeps {
  runSession(): Promise<SessionReport>;
  /** The SCOMO client, when there is one: resolves true once idle, false after `timeoutMs`. */
  readonly scomo: { idle(timeoutMs: number): Promise<boolean> } | undefined;
  /** Ids of the Generic Alerts waiting for the server. */
  pendingAlerts(): Promise<readonly string[]>;
  readonly clock: () => number;
  readonly logger: AgentLogger;
}

/**
 * `scomo agent --once` (docs/agent.md "One session and exit"): one client-initiated session; then,
 * while SCOMO work that session started runs, wait for it (at most `scomoWaitMs` in all) and, when
 * it queued result alerts, run one more session to deliver them — again as long as that session
 * gave new work and results, up to MAX_ONCE_SESSIONS. Alerts that were already waiting (a server
 * that refused them) do not cause a session of their own. Work still running at the deadline
 * continues at the next start (its result is delivered then). Returns every session's report.
 */
export async function runOnce(deps: OnceDeps, scomoWaitMs: number): Promise<SessionReport[]> {
  // What a session offers is what is queued when it starts: what stays queued was refused.
  let offered = new Set(await deps.pendingAlerts());
  const reports = [await deps.runSession()];
  if (deps.scomo === undefined) return reports;
  const deadline = deps.clock() + scomoWaitMs;
  while (reports.length < MAX_ONCE_SESSIONS) {
    const idle = await deps.scomo.idle(deadline - deps.clock());
    if (!idle) {
      deps.logger.warn(
        { waitedSeconds: scomoWaitMs / 1000 },
        'SCOMO work is still running after --scomo-wait; it continues at the next start',
      );
    }
    const pending = await deps.pendingAlerts();
    if (!pending.some((id) => !offered.has(id))) break;
    offered = new Set(pending);
    const report = await deps.runSession();
    reports.push(report);
    // Stop when nothing more can come of another round: work still running, a failed session, or a
    // server that acknowledged none of the results (they stay queued for the next run).
    if (!idle || report.outcome !== 'completed' || report.alertsDelivered === 0) break;
  }
  return reports;
}
