import { agentError } from '../errors.ts';
import { ALERT_MARKS } from './types.ts';
import type { AlertMark, GenericAlert, GenericAlertItem, QueuedAlert } from './types.ts';

const MARKS: ReadonlySet<string> = new Set(ALERT_MARKS);

/** Checks an alert handed to the queue and copies only the known fields. */
export function checkAlert(input: unknown, where: string): GenericAlert {
  const record = object(input, `${where}: a Generic Alert`);
  const correlator = text(record, 'correlator', false, where);
  const items = record['items'];
  if (!Array.isArray(items) || items.length === 0) {
    throw agentError(
      'SCOMO_AGENT_BAD_OPTION',
      `${where}: a Generic Alert needs 'items', a non-empty array (reference §2.10).`,
    );
  }
  return {
    ...(correlator === undefined ? {} : { correlator }),
    items: items.map((item: unknown, index: number) => checkItem(item, `${where} items[${index}]`)),
  };
}

function checkItem(input: unknown, where: string): GenericAlertItem {
  const record = object(input, `${where}: a Generic Alert item`);
  const mark = text(record, 'mark', false, where);
  if (mark !== undefined && !MARKS.has(mark)) {
    throw agentError(
      'SCOMO_AGENT_BAD_OPTION',
      `${where}: mark '${mark}' is not one of ${ALERT_MARKS.join(', ')}.`,
    );
  }
  const source = text(record, 'source', false, where);
  const target = text(record, 'target', false, where);
  return {
    type: text(record, 'type', true, where) ?? '',
    format: text(record, 'format', true, where) ?? '',
    data: text(record, 'data', true, where) ?? '',
    ...(mark === undefined ? {} : { mark: mark as AlertMark }),
    ...(source === undefined ? {} : { source }),
    ...(target === undefined ? {} : { target }),
  };
}

function object(input: unknown, what: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw agentError('SCOMO_AGENT_BAD_OPTION', `${what} must be an object.`);
  }
  return input as Record<string, unknown>;
}

/** A string field; required ones other than data must be non-empty (data may be empty text). */
function text(
  record: Record<string, unknown>,
  name: string,
  required: boolean,
  where: string,
): string | undefined {
  const value = record[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (required && name !== 'data' && value.length === 0)) {
    throw agentError(
      'SCOMO_AGENT_BAD_OPTION',
      `${where}: field '${name}' must be a${required && name !== 'data' ? ' non-empty' : ''} string (reference §2.10).`,
    );
  }
  return value;
}

/** Checks one entry of the persisted queue file. */
export function checkQueuedAlert(input: unknown, where: string): QueuedAlert {
  const alert = checkAlert(input, where);
  const record = input as Record<string, unknown>;
  const { id, queuedAt } = record;
  if (typeof id !== 'string' || id.length === 0 || typeof queuedAt !== 'string') {
    throw agentError('SCOMO_AGENT_STATE', `${where}: a queued alert needs string 'id' and 'queuedAt'.`);
  }
  return { ...alert, id, queuedAt };
}
