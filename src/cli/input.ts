import { readFile } from 'node:fs/promises';
import { ScomoError } from '../errors/index.ts';

/** Reads FILE, or standard input when no file is named (or FILE is "-"). */
export async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file === undefined || file === '-') return readStdin();
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScomoError(
      'SCOMO_CLI_READ',
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`,
      { cause: err },
    );
  }
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
