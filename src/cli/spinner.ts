/**
 * A one-line progress spinner on stderr for `exec --wait`. Silent when stderr is not a terminal (logs,
 * pipes, CI) or when the caller asks for JSON, so machine-read output never holds control characters.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const INTERVAL_MS = 100;

export interface Spinner {
  /** Replaces the text after the spinner. */
  update(text: string): void;
  /** Clears the line; the spinner cannot be restarted. */
  stop(): void;
}

export interface SpinnerStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export function startSpinner(
  text: string,
  options: { stream?: SpinnerStream; enabled?: boolean } = {},
): Spinner {
  const stream = options.stream ?? process.stderr;
  if (options.enabled === false || stream.isTTY !== true) {
    return { update: () => undefined, stop: () => undefined };
  }
  let current = text;
  let frame = 0;
  const draw = (): void => {
    stream.write(`\r\x1b[2K${FRAMES[frame % FRAMES.length] ?? ''} ${current}`);
    frame += 1;
  };
  draw();
  const timer = setInterval(draw, INTERVAL_MS);
  let stopped = false;
  return {
    update(next) {
      current = next;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}
