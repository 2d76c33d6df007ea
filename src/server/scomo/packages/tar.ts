/**
 * A streaming tar reader (POSIX ustar, pax `x`/`g` headers, GNU `L` long names; POSIX.1-2001
 * §pax "ustar Interchange Format") that reads an archive through once, in bounded memory, checks
 * every header checksum, and hands back the bytes of one wanted file. It reads to the end so that
 * a damaged or truncated archive (or gzip stream) is refused when the package is added.
 */
import { scomoServerError } from '../errors.ts';

const BLOCK = 512;

export interface TarScan {
  /** How many entries (files, directories, links; not pax/GNU meta headers). */
  readonly entries: number;
  /** The wanted file's bytes, or null when the archive has none at that path. */
  readonly wanted: Uint8Array | null;
}

export interface TarScanOptions {
  /** The entry path looked for, after normalising (`./x` → `x`). */
  readonly path: string;
  /** The wanted file may be at most this long. */
  readonly maxWantedBytes: number;
  readonly maxEntries: number;
}

function damaged(why: string): never {
  throw scomoServerError('SCOMO_SERVER_PACKAGE_ARCHIVE', `The tar archive is damaged: ${why}.`);
}

/** A FIFO of chunks; take/skip copy only what they return. */
class Bytes {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Removes and returns up to `n` bytes. */
  take(n: number): Uint8Array {
    const out = new Uint8Array(Math.min(n, this.#length));
    let filled = 0;
    while (filled < out.length) {
      const head = this.#chunks[0];
      if (head === undefined) break;
      const part = Math.min(head.length, out.length - filled);
      out.set(head.subarray(0, part), filled);
      filled += part;
      if (part === head.length) this.#chunks.shift();
      else this.#chunks[0] = head.subarray(part);
    }
    this.#length -= filled;
    return out;
  }
}

function field(header: Uint8Array, offset: number, length: number): string {
  const slice = header.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return new TextDecoder('utf-8').decode(end < 0 ? slice : slice.subarray(0, end));
}

/** Size: octal text, or GNU base-256 when the high bit of the first byte is set. */
function sizeOf(header: Uint8Array): number {
  const first = header[124] ?? 0;
  if ((first & 0x80) !== 0) {
    let n = first & 0x7f;
    for (let i = 125; i < 136; i += 1) n = n * 256 + (header[i] ?? 0);
    if (!Number.isSafeInteger(n)) damaged('an entry size is out of range');
    return n;
  }
  const text = field(header, 124, 12).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) damaged(`an entry size field holds "${text.slice(0, 12)}"`);
  return parseInt(text, 8);
}

function checksumOk(header: Uint8Array): boolean {
  const text = field(header, 148, 8).trim();
  if (!/^[0-7]+$/.test(text)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum === parseInt(text, 8);
}

function isZeroBlock(block: Uint8Array): boolean {
  return block.every((b) => b === 0);
}

/** pax records: "<len> <key>=<value>\n" (POSIX pax §Extended header). */
function paxPath(data: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8').decode(data);
  let found: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(line);
    if (match?.[1] !== undefined) found = match[1];
  }
  return found;
}

export function normalizeEntryPath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

export async function scanTar(source: AsyncIterable<Uint8Array>, options: TarScanOptions): Promise<TarScan> {
  const queue = new Bytes();
  let entries = 0;
  let zeroBlocks = 0;
  let ended = false;
  let nextPath: string | undefined;
  let wanted: Uint8Array | null = null;
  // The entry being read: how much of its data (and padding) is left, and where it goes.
  let remaining = 0;
  let padding = 0;
  let sink: 'skip' | 'wanted' | 'pax' | 'longname' = 'skip';
  let collected: Uint8Array[] = [];

  const startEntry = (header: Uint8Array): void => {
    if (!checksumOk(header)) damaged(`a header checksum does not match (entry ${entries + 1})`);
    const magic = field(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? field(header, 345, 155) : '';
    const name = field(header, 0, 100);
    const path = nextPath ?? (prefix === '' ? name : `${prefix}/${name}`);
    const type = String.fromCharCode(header[156] ?? 0);
    const size = sizeOf(header);
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    collected = [];
    if (type === 'x' || type === 'L') {
      if (size > 1024 * 1024) damaged('an extended header is larger than 1 MiB');
      sink = type === 'x' ? 'pax' : 'longname';
      return;
    }
    nextPath = undefined;
    if (type === 'g' || type === 'K') {
      sink = 'skip';
      return;
    }
    entries += 1;
    if (entries > options.maxEntries) damaged(`it has more than ${options.maxEntries} entries`);
    const isFile = type === '0' || type === '\0' || type === '7';
    if (isFile && normalizeEntryPath(path) === options.path) {
      if (size > options.maxWantedBytes) {
        throw scomoServerError(
          'SCOMO_SERVER_PACKAGE_MANIFEST',
          `Invalid package manifest: ${options.path} is ${size} bytes; at most ${options.maxWantedBytes} are read.`,
        );
      }
      sink = 'wanted';
    } else sink = 'skip';
  };

  const finishEntry = (): void => {
    if (sink === 'wanted') wanted = concat(collected);
    else if (sink === 'pax') nextPath = paxPath(concat(collected)) ?? nextPath;
    else if (sink === 'longname')
      nextPath = new TextDecoder('utf-8').decode(concat(collected)).replace(/\0.*$/s, '');
    collected = [];
    sink = 'skip';
  };

  const drain = (): void => {
    for (;;) {
      if (ended) {
        queue.take(queue.length);
        return;
      }
      if (remaining > 0) {
        if (queue.length === 0) return;
        const piece = queue.take(remaining);
        remaining -= piece.length;
        if (sink !== 'skip') collected.push(piece);
        if (remaining > 0) return;
        finishEntry();
        continue;
      }
      if (padding > 0) {
        if (queue.length === 0) return;
        padding -= queue.take(padding).length;
        continue;
      }
      if (queue.length < BLOCK) return;
      const header = queue.take(BLOCK);
      if (isZeroBlock(header)) {
        zeroBlocks += 1;
        // POSIX: two zero blocks end the archive; what follows is record padding.
        if (zeroBlocks >= 2) ended = true;
        continue;
      }
      if (zeroBlocks > 0) damaged('a zero block is followed by more entries');
      startEntry(header);
      if (remaining === 0) finishEntry();
    }
  };

  for await (const chunk of source) {
    queue.push(chunk);
    drain();
  }
  if (remaining > 0 || padding > 0 || (queue.length > 0 && !ended))
    damaged('it ends in the middle of an entry (truncated)');
  if (entries === 0) damaged('it holds no entries');
  return { entries, wanted };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
