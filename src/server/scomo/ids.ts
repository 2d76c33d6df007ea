/**
 * Deterministic names derived from a job id, so that everything a reconciliation does can be done
 * again without doing it twice: queue ids and tags of the commands, step correlators, the inventory
 * refresh job and snapshot ids.
 */
import type { RandomSource } from '../ports/clock.ts';

/** Queue tag of every command of a job (ListCommandsQuery.tag finds them). */
const TAG_PREFIX = 'scomo-job:';

export function jobTag(jobId: string): string {
  return `${TAG_PREFIX}${jobId}`;
}

/** The job a queued command belongs to, from its tag; null for commands of anything else. */
export function jobIdOfTag(tag: string | null): string | null {
  return tag !== null && tag.startsWith(TAG_PREFIX) ? tag.slice(TAG_PREFIX.length) : null;
}

export function newJobId(random: RandomSource): string {
  return Array.from(random(12), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The n-th command of step `index` (n counts every command the step ever enqueued). */
export function commandId(jobId: string, index: number, n: number): string {
  return `${jobId}.${index}.${n}`;
}

/**
 * The correlator of an Exec step (reference §1.7: echoed exactly in the OperationComplete). It names
 * the job and step, so an alert finds its step without an index; the service still checks that the
 * step's stored correlator and device match before believing it.
 */
export function correlatorFor(jobId: string, index: number): string {
  return `${jobId}.${index}`;
}

export function parseCorrelator(correlator: string): { jobId: string; index: number } | null {
  const match = /^([0-9a-z-]{1,64})\.(\d{1,4})$/.exec(correlator.trim());
  if (match?.[1] === undefined || match[2] === undefined) return null;
  return { jobId: match[1], index: Number(match[2]) };
}

/** The inventory refresh a finished job asks for. */
export function inventoryJobIdFor(jobId: string): string {
  return `${jobId}-inv`;
}

export function snapshotIdFor(jobId: string, index: number): string {
  return `${jobId}.${index}`;
}
