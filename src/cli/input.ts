import { readFile } from 'node:fs/promises';
import { ScomoError } from '../errors/index.ts';

/** The one-line reason a file could not be read, for `cannot read …` messages. */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : (code ?? String(err));
}

/**
 * Reads a file the user named; a failure is SCOMO_CLI_READ `cannot read the WHAT FILE: reason`
 * (`cannot read FILE: …` when `what` is empty).
 */
export async function readFileNamed(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const subject = what === '' ? file : `the ${what} ${file}`;
    throw new ScomoError('SCOMO_CLI_READ', `cannot read ${subject}: ${readFailure(err)}`, { cause: err });
  }
}

/** Reads and parses a JSON file; text that is not JSON is `errorCode` naming the file. */
export async function readJsonFile(file: string, what: string, errorCode: string): Promise<unknown> {
  const text = (await readFileNamed(file, what)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ScomoError(
      errorCode,
      `${what} ${file}: not JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

/** Reads FILE, or standard input when no file is named (or FILE is "-"). */
export async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file === undefined || file === '-') return readStdin();
  return readFileNamed(file, '');
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes bytes or text to standard output and resolves once they are flushed. */
export function writeOutput(data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(data, (err) => (err ? reject(err) : resolve()));
  });
}
