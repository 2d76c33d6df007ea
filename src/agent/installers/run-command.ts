import { spawn } from 'node:child_process';

export interface CommandSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The complete environment of the child (nothing is inherited implicitly). */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface CommandResult {
  /** Exit code, or null when the process was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The last few KiB of stdout and stderr together, for error messages and logs. */
  readonly output: string;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  readonly spawnError?: Error;
}

/** Output kept per command: enough for the error message, bounded however much a hook prints. */
const OUTPUT_TAIL = 4096;

/**
 * Runs a program (never through a shell) with a time limit. The child leads its own process group,
 * so a timeout kills whatever it started too (a hook hanging on a child of its own).
 * Resolves on the child's exit, not on its pipes closing: a grandchild keeping them open must not
 * hold the operation.
 */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let settled = false;
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    const child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const finish = (result: CommandResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(result);
    };
    const killGroup = (): void => {
      try {
        // A negative pid addresses the process group (POSIX kill(2)).
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, spec.timeoutMs);
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) =>
      finish({ exitCode: null, signal: null, timedOut: false, output, spawnError: err }),
    );
    child.on('exit', (exitCode, signal) => {
      // A process the hook started on purpose (an activate hook starting a service) outlives it; it
      // must redirect its output, as the pipes close now (README "Hooks").
      // Let the last output already in the pipes arrive before resolving.
      setImmediate(() => finish({ exitCode, signal, timedOut, output }));
    });
  });
}

/** One line describing how a command ended, for error messages. */
export function describeResult(result: CommandResult, timeoutMs: number): string {
  const tail = result.output.trim().split('\n').slice(-3).join(' | ');
  const why =
    result.spawnError !== undefined
      ? `could not be started (${result.spawnError.message})`
      : result.timedOut
        ? `ran longer than ${timeoutMs} ms and was killed`
        : result.signal !== null
          ? `was killed by ${result.signal}`
          : `exited with code ${result.exitCode}`;
  return tail === '' ? why : `${why}: ${tail}`;
}
