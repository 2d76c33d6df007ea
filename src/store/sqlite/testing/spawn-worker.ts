import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';

const WORKER = path.join(import.meta.dirname, 'worker.ts');

export type WorkerMode = 'claim' | 'resolve' | 'lock' | 'write-loop' | 'hang-in-transaction';

const live = new Set<ChildWorker>();

/** Kills every worker still running (call from `after()`: a failed test must not leave processes). */
export function killAllWorkers(): void {
  for (const worker of live) worker.kill();
}

/** A running worker.ts process and the lines it printed so far. */
export class ChildWorker {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiters: (() => void)[] = [];
  #stderr = '';
  #done = false;

  constructor(mode: WorkerMode, file: string, args: Record<string, unknown> = {}) {
    this.#child = spawn(process.execPath, [WORKER, mode, file, JSON.stringify(args)], { stdio: 'pipe' });
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) => (this.#stderr += chunk));
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.#wake();
    });
    live.add(this);
    this.exited = new Promise((resolve) => {
      this.#child.once('close', (code, signal) => {
        live.delete(this);
        this.#done = true;
        this.#wake();
        resolve({ code, signal });
      });
    });
  }

  /** Resolves with the first line (from the start) that satisfies `match`; rejects if the worker exits first. */
  async waitFor(match: (line: string) => boolean): Promise<string> {
    for (;;) {
      const found = this.lines.find(match);
      if (found !== undefined) return found;
      if (this.#done) throw new Error(`worker exited without the expected line; stderr:\n${this.#stderr}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Lets a worker waiting in `go()` start; closing stdin also lets it exit when done. */
  go(): void {
    this.#child.stdin.end('go\n');
  }

  /** The worker's one JSON result line, after it exits cleanly. */
  async result(): Promise<unknown> {
    const { code } = await this.exited;
    if (code !== 0) throw new Error(`worker failed with exit code ${code}; stderr:\n${this.#stderr}`);
    const last = this.lines.at(-1);
    if (last === undefined) throw new Error('worker printed nothing');
    return JSON.parse(last) as unknown;
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}

/** Starts workers, waits until each has opened its store, then releases them all at once. */
export async function startTogether(workers: readonly ChildWorker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.waitFor((line) => line === 'ready')));
  for (const worker of workers) worker.go();
}
