/**
 * How the SCOMO operator commands show a job: one line per step with its state, and with --wait a
 * progress display on stderr (a line whenever a step changes; a spinner on a terminal) until the
 * job finishes or the timeout passes. The job goes on in the server either way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ScomoError } from '../errors/index.ts';
import { FINISHED_STATES } from '../server/index.ts';
import type { JobStep, ScomoJob, ScomoService } from '../server/index.ts';
import { statusText } from './command-view.ts';
import { when } from './operator.ts';
import { startSpinner } from './spinner.ts';

const POLL_MS = 250;

export function stepLine(step: JobStep): string {
  const status = step.status === null ? '' : ` [${statusText(step.status)}]`;
  const result =
    step.resultCode === null ? '' : ` result ${step.resultCode} ${step.resultMeaning ?? ''}`.trimEnd();
  const download =
    step.download === null ? '' : ` download: ${step.download.status} ${step.download.message}`;
  const detail = step.detail === null ? '' : ` — ${step.detail}`;
  return `  ${String(step.index + 1).padStart(2)}. ${step.kind.padEnd(9)} ${step.state.padEnd(9)} ${step.title}${status}${result}${download}${detail}`;
}

export function jobText(job: ScomoJob): string {
  const { body } = job;
  const lines = [`job ${job.id} (${job.operation} on ${job.devId}): ${job.state}`];
  if (body.selected !== null)
    lines.push(
      `  package ${body.selected.packageId}@${body.selected.version} (${body.selected.sha256.slice(0, 12)}…): ${body.selected.reason}`,
    );
  if (body.target !== null)
    lines.push(`  target ${body.target.kind} ${body.target.id} (node ${body.target.node})`);
  lines.push(...body.steps.map(stepLine));
  if (body.result !== null) lines.push(`  result: ${body.result.code} ${body.result.meaning}`);
  if (body.error !== null) lines.push(`  error: ${body.error.message} [${body.error.code}]`);
  if (body.note !== null) lines.push(`  note: ${body.note}`);
  if (body.inventoryJobId !== null) lines.push(`  inventory re-read: job ${body.inventoryJobId}`);
  lines.push(
    `  created ${when(job.createdAt)}${job.finishedAt === null ? '' : `, finished ${when(job.finishedAt)}`}`,
  );
  return lines.join('\n');
}

export function jobJson(job: ScomoJob) {
  return {
    id: job.id,
    devId: job.devId,
    operation: job.operation,
    state: job.state,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
    ...job.body,
  };
}

export function isFinishedJob(job: ScomoJob): boolean {
  return FINISHED_STATES.includes(job.state);
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Print step changes and a spinner on stderr. */
  readonly show: boolean;
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Polls the store until the job finishes. Each poll reconciles the job, which also notes commands
 * claimed by a session ("sent") — safe from any process (compare-and-set).
 */
export async function waitForJob(
  scomo: ScomoService,
  jobId: string,
  options: WaitOptions,
): Promise<ScomoJob> {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  const spin = () => startSpinner(`waiting for job ${jobId}`, { enabled: options.show, stream });
  let spinner = spin();
  const seen = new Map<number, string>();
  try {
    for (;;) {
      const job = await scomo.reconcile(jobId);
      if (job === null)
        throw new ScomoError('SCOMO_CLI_NOT_FOUND', `job ${jobId} vanished (device deleted?)`);
      if (options.show) {
        const changed = job.body.steps.map(stepLine).filter((line, i) => seen.get(i) !== line);
        if (changed.length > 0) {
          // The spinner line is cleared, the changes printed, and a fresh spinner started below them.
          spinner.stop();
          for (const line of changed) stream.write(`${line}\n`);
          job.body.steps.forEach((step, i) => seen.set(i, stepLine(step)));
          spinner = spin();
        }
      }
      if (isFinishedJob(job)) return job;
      const waited = Date.now() - started;
      if (waited >= options.timeoutMs) {
        throw new ScomoError(
          'SCOMO_CLI_TIMEOUT',
          `job ${jobId} is still ${job.state} after ${Math.round(waited / 1000)} s; it goes on in the server (the device finishes it in a later session)`,
        );
      }
      await sleep(POLL_MS);
    }
  } finally {
    spinner.stop();
  }
}
