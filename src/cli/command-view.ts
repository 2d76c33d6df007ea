/** How operator commands show queued commands and their outcomes. */
import type { CommandOutcome, QueuedCommand } from '../server/index.ts';
import { statusMeaning } from '../syncml/index.ts';

/** `Get ./DevInfo/Man`, `Replace ./A (+1 more)`, `Atomic [Add, Replace]`. */
export function describeOperation(payload: unknown): string {
  const op = payload as {
    kind?: unknown;
    items?: readonly { target?: unknown }[];
    operations?: readonly unknown[];
    code?: unknown;
  } | null;
  const kind = typeof op?.kind === 'string' ? op.kind : '?';
  if (Array.isArray(op?.operations)) {
    return `${kind} [${op.operations.map((child) => describeOperation(child)).join(', ')}]`;
  }
  const targets = (op?.items ?? []).map((item) => (typeof item.target === 'string' ? item.target : ''));
  const first = targets[0] ?? (typeof op?.code === 'string' ? op.code : '');
  const more = targets.length > 1 ? ` (+${targets.length - 1} more)` : '';
  return `${kind} ${first}${more}`.trim();
}

/** `200 OK`, `failed: SCOMO_SERVER_UNDELIVERED`, `waiting (claimed)`. */
export function describeOutcome(command: QueuedCommand): string {
  if (command.outcome === null) return command.state === 'claimed' ? 'in a session now' : 'waiting';
  return outcomeText(command.outcome);
}

export function outcomeText(outcome: CommandOutcome): string {
  switch (outcome.kind) {
    case 'answered':
      return statusText(outcome.status);
    case 'failed':
      return `failed: ${outcome.message} [${outcome.code}]`;
    case 'expired':
      return 'expired before the device came';
    case 'cancelled':
      return `cancelled${outcome.reason === null ? '' : `: ${outcome.reason}`}`;
    default: {
      const unreachable: never = outcome;
      return String(unreachable);
    }
  }
}

export function statusText(status: number): string {
  if (status === 0) return 'no status from the device';
  const meaning = statusMeaning(String(status));
  return meaning === undefined ? String(status) : `${status} ${meaning}`;
}

/** True when the device carried the command out: answered with a 2xx status. */
export function succeeded(outcome: CommandOutcome | null): boolean {
  return outcome?.kind === 'answered' && outcome.status >= 200 && outcome.status < 300;
}
