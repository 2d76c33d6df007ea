import type { ClientAlert } from '../session/index.ts';
import type { Logger } from './ports/clock.ts';
import type { ListAlertsQuery, Store, StoredAlert } from './ports/store.ts';

export type AlertHandler = (alert: StoredAlert) => void | Promise<void>;

/** Handlers registered for this key receive every alert, whatever its type. */
export const ANY_ALERT_TYPE = '*';

/**
 * Generic Alert intake (reference §2.10): every alert item from a device is stored first, then
 * dispatched by its Meta Type to the handlers registered for it (SCOMO registers one for
 * `urn:oma:at:scomo:1.0:OperationComplete`). A retransmitted message stores and dispatches nothing
 * twice: alert ids are deterministic.
 */
export class AlertIntake {
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #handlers = new Map<string, Set<AlertHandler>>();

  constructor(store: Store, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
  }

  /** Registers a handler for alerts of `type` (or every alert with ANY_ALERT_TYPE). */
  on(type: string, handler: AlertHandler): () => void {
    let set = this.#handlers.get(type);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  list(query?: ListAlertsQuery): Promise<StoredAlert[]> {
    return this.#store.listAlerts(query);
  }

  async ingest(
    devId: string,
    sessionId: string,
    alert: ClientAlert,
    now: number,
  ): Promise<StoredAlert | null> {
    const stored: StoredAlert = { ...alert, devId, sessionId, receivedAt: now };
    if (!(await this.#store.recordAlert(stored))) return null;
    const handlers = [
      ...(this.#handlers.get(alert.type ?? '') ?? []),
      ...(this.#handlers.get(ANY_ALERT_TYPE) ?? []),
    ];
    for (const handler of handlers) {
      try {
        await handler(stored);
      } catch (error) {
        // The alert is stored and acknowledged either way; a handler bug must not fail the session.
        this.#logger.warn('A generic alert handler failed', { id: stored.id, type: stored.type, error });
      }
    }
    return stored;
  }
}
