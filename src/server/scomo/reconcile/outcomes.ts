/** Reading queued commands and their outcomes (the Store's JSON shapes) for the step handlers. */
import { statusMeaning } from '../../../syncml/index.ts';
import type { AnsweredOutcome, CommandOutcome, QueuedCommand, ResultItem } from '../../ports/store.ts';

/** "404 (Not found)". */
export function statusText(code: number): string {
  const meaning = statusMeaning(String(code));
  return meaning === undefined ? String(code) : `${code} (${meaning})`;
}

/** DM 1.2: 2xx statuses are successes (200 OK, 202 Accepted, 212, 213 chunk received, …). */
export function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The command kind and first target URI of a queued operation (the SCOMO service's own payloads). */
export function describeCommand(command: QueuedCommand): { kind: string; target: string } {
  const payload = command.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { kind: '?', target: '?' };
  const kind = typeof payload['kind'] === 'string' ? payload['kind'] : '?';
  const items = payload['items'];
  const first = Array.isArray(items) ? items[0] : undefined;
  const target =
    typeof first === 'object' &&
    first !== null &&
    !Array.isArray(first) &&
    typeof first['target'] === 'string'
      ? first['target']
      : '?';
  return { kind, target };
}

/** A result item's data as text (base64 data decoded as UTF-8). */
export function resultText(item: ResultItem | undefined): string | undefined {
  if (item === undefined || item.data === null) return undefined;
  return item.encoding === 'b64' ? Buffer.from(item.data, 'base64').toString('utf8') : item.data;
}

/** A result item's data as the inventory parser takes it (bytes for base64 data). */
export function resultData(item: ResultItem): string | Uint8Array | undefined {
  if (item.data === null) return undefined;
  return item.encoding === 'b64' ? new Uint8Array(Buffer.from(item.data, 'base64')) : item.data;
}

/** The worst item status of an answer (a device may answer one Add item by item). */
export function worstStatus(outcome: AnsweredOutcome): number {
  const all = [outcome.status, ...outcome.itemStatuses.map((s) => s.status)].filter((s) => s !== 0);
  const failing = all.filter((s) => !isOk(s));
  return failing[0] ?? all[0] ?? 0;
}

/** Why a command did not get an answer, for a step's detail. */
export function unansweredText(outcome: Exclude<CommandOutcome, AnsweredOutcome>, what: string): string {
  switch (outcome.kind) {
    case 'failed':
      return `${what} was not answered: ${outcome.message} [${outcome.code}]`;
    case 'expired':
      return `${what} expired before the device opened a session`;
    case 'cancelled':
      return `${what} was cancelled${outcome.reason === null ? '' : `: ${outcome.reason}`}`;
    default: {
      const never: never = outcome;
      return String(never);
    }
  }
}
