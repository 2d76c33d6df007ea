import type { Command, CommandKind } from '../../syncml/index.ts';
import type { AcceptedExec, AccountUpdate, SessionEnding, SessionSummary } from './types.ts';

/** The mutable counters behind SessionSummary; `snapshot()` hands out a frozen copy. */
export class SummaryBuilder {
  readonly sessionId: string;
  readonly serverId: string;
  ending: SessionEnding = 'in-progress';
  messagesSent = 0;
  messagesReceived = 0;
  readonly commandsReceived: Partial<Record<CommandKind, number>> = {};
  readonly statusesSent: Record<string, number> = {};
  readonly acknowledgedAlerts = new Set<string>();
  treeChanged = false;
  readonly accountUpdates: AccountUpdate[] = [];
  readonly acceptedExecs: AcceptedExec[] = [];
  clientAuthenticated = false;
  serverAuthenticated = false;

  constructor(sessionId: string, serverId: string) {
    this.sessionId = sessionId;
    this.serverId = serverId;
  }

  /** Counts a received command and, for Atomic / Sequence, everything inside it. */
  countReceived(command: Command): void {
    this.commandsReceived[command.kind] = (this.commandsReceived[command.kind] ?? 0) + 1;
    if (command.kind === 'Atomic' || command.kind === 'Sequence') {
      for (const inner of command.commands) this.countReceived(inner);
    }
  }

  countStatusSent(code: string): void {
    this.statusesSent[code] = (this.statusesSent[code] ?? 0) + 1;
  }

  snapshot(): SessionSummary {
    return Object.freeze({
      sessionId: this.sessionId,
      serverId: this.serverId,
      ending: this.ending,
      messagesSent: this.messagesSent,
      messagesReceived: this.messagesReceived,
      commandsReceived: Object.freeze({ ...this.commandsReceived }),
      statusesSent: Object.freeze({ ...this.statusesSent }),
      acknowledgedAlerts: Object.freeze([...this.acknowledgedAlerts]),
      treeChanged: this.treeChanged,
      accountUpdates: Object.freeze([...this.accountUpdates]),
      acceptedExecs: Object.freeze([...this.acceptedExecs]),
      clientAuthenticated: this.clientAuthenticated,
      serverAuthenticated: this.serverAuthenticated,
    });
  }
}
