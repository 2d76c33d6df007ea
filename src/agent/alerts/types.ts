/** Severity of a Generic Alert, most to least severe (reference §2.10); default informational. */
export const ALERT_MARKS = [
  'fatal',
  'critical',
  'minor',
  'warning',
  'informational',
  'harmless',
  'indeterminate',
] as const;
export type AlertMark = (typeof ALERT_MARKS)[number];

/** One Item of a Generic Alert (reference §2.10: Meta Type, Meta Format and Data are mandatory). */
export interface GenericAlertItem {
  /** Meta Type: a URN such as urn:oma:at:scomo:1.0:OperationComplete. */
  readonly type: string;
  /** Meta Format: chr, int, xml, b64, … */
  readonly format: string;
  readonly data: string;
  readonly mark?: AlertMark;
  /** Item Source LocURI: the node the alert is about (e.g. the Exec'd operation node). */
  readonly source?: string;
  /** Item Target LocURI (SCOMO puts the Deployed component here). */
  readonly target?: string;
}

/**
 * One Generic Alert (1226) to deliver to the server (reference §2.10): one or more Items and an
 * optional Correlator echoing the server's Exec.
 */
export interface GenericAlert {
  readonly correlator?: string;
  readonly items: readonly GenericAlertItem[];
}

/** A Generic Alert waiting in the queue until the server acknowledges it. */
export interface QueuedAlert extends GenericAlert {
  /** Stable id: the session reports acknowledgements by it. */
  readonly id: string;
  /** ISO 8601 time the alert was queued. */
  readonly queuedAt: string;
}

/**
 * The Generic Alert queue: alerts wait here until the server's 200/202 for the Alert carrying them,
 * and are offered again in every session until then.
 */
export interface AlertQueue {
  /** The waiting alerts, oldest first. */
  list(): readonly QueuedAlert[];
  enqueue(alert: GenericAlert): Promise<QueuedAlert>;
  /** Drops acknowledged alerts; unknown ids are ignored. */
  remove(ids: readonly string[]): Promise<void>;
}
