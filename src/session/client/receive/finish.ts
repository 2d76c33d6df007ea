import type { ScomoError } from '../../../errors/index.ts';
import type { SessionData } from '../session-data.ts';
import type { Step } from '../types.ts';

/** A session that ends with a large object still arriving drops it (its sink is told). */
function dropPendingObject(data: SessionData): void {
  data.inbound.abandon();
}

function noteTreeChange(data: SessionData): void {
  if (data.options.tree.revision() !== data.startRevision) data.summary.treeChanged = true;
}

/** Ends the session normally ('done': nothing to answer) or because the server sent Alert 1223. */
export function finish(data: SessionData, state: 'done' | 'aborted'): Step {
  data.state = state;
  dropPendingObject(data);
  data.summary.ending = state === 'done' ? 'completed' : 'aborted-by-server';
  noteTreeChange(data);
  return { kind: 'done', summary: data.summary.snapshot() };
}

export function fail(data: SessionData, error: ScomoError): Step {
  data.state = 'failed';
  dropPendingObject(data);
  data.summary.ending = 'failed';
  noteTreeChange(data);
  return { kind: 'failed', error, summary: data.summary.snapshot() };
}

/** A `send` step also refreshes treeChanged, so the agent can persist between messages. */
export function noteProgress(data: SessionData): void {
  noteTreeChange(data);
}
