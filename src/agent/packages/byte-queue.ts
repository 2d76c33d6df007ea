import { packageError } from './errors.ts';

/**
 * Exact-length reads over a stream of chunks (the tar reader's view of a gunzip stream): `read(n)`
 * gives exactly n bytes, `take(n)` streams n bytes in pieces without gathering them, so a large entry
 * never sits in memory whole.
 */
export class ByteQueue {
  readonly #source: AsyncIterator<Uint8Array>;
  #head: Uint8Array = new Uint8Array(0);
  #ended = false;
  /** Bytes consumed so far: positions in error messages. */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** Exactly n bytes; undefined at a clean end of input (nothing left); throws when input stops midway. */
  async read(n: number): Promise<Uint8Array | undefined> {
    if (this.#head.length >= n) return this.#consume(n);
    const parts: Uint8Array[] = [];
    let have = 0;
    while (have < n) {
      const piece = await this.#next(n - have);
      if (piece === undefined) {
        if (have === 0) return undefined;
        throw truncated(this.position);
      }
      parts.push(piece);
      have += piece.length;
    }
    return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, n);
  }

  /** Streams exactly n bytes; throws when the input ends first. */
  async *take(n: number): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      const piece = await this.#next(left);
      if (piece === undefined) throw truncated(this.position);
      left -= piece.length;
      yield piece;
    }
  }

  async skip(n: number): Promise<void> {
    for await (const piece of this.take(n)) void piece;
  }

  /** Up to `max` bytes from the head, refilling it from the source when empty. */
  async #next(max: number): Promise<Uint8Array | undefined> {
    while (this.#head.length === 0) {
      if (this.#ended) return undefined;
      const step = await this.#source.next();
      if (step.done === true) {
        this.#ended = true;
        return undefined;
      }
      this.#head = step.value;
    }
    return this.#consume(Math.min(max, this.#head.length));
  }

  #consume(n: number): Uint8Array {
    const out = this.#head.subarray(0, n);
    this.#head = this.#head.subarray(n);
    this.position += n;
    return out;
  }
}

function truncated(offset: number): Error {
  return packageError(
    'SCOMO_PACKAGE_ARCHIVE',
    `The archive is truncated: it ends inside an entry at byte ${offset}.`,
    {
      offset,
    },
  );
}
