import { ByteWriter } from './byte-writer.ts';
import { wbxmlError } from './errors.ts';
import { decodeUtf8 } from './utf8.ts';

/**
 * The string table (WBXML 1.3 §5.7): NUL-terminated strings referenced by byte offset from STR_T,
 * LITERAL* and a textual public id. A reference may point anywhere inside the table (even into the
 * middle of a string); the string runs to the next NUL.
 */
export class StringTableReader {
  readonly #bytes: Uint8Array;
  readonly #start: number;
  readonly #end: number;
  readonly #cache = new Map<number, string>();

  /** The table occupies `bytes[start, end)` of the document. */
  constructor(bytes: Uint8Array, start: number, end: number) {
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
  }

  get length(): number {
    return this.#end - this.#start;
  }

  /** The string at table offset `index`; `referenceOffset` is where the reference sits in the input. */
  get(index: number, referenceOffset: number): string {
    const cached = this.#cache.get(index);
    if (cached !== undefined) return cached;
    if (index >= this.length) {
      throw wbxmlError(
        'SCOMO_WBXML_BAD_STRTBL_REF',
        `string table reference ${index} is outside the ${this.length}-byte string table`,
        referenceOffset,
      );
    }
    const from = this.#start + index;
    const nul = this.#bytes.subarray(0, this.#end).indexOf(0, from);
    if (nul === -1) {
      throw wbxmlError(
        'SCOMO_WBXML_BAD_STRTBL_REF',
        `string table reference ${index} runs to the end of the string table without a NUL terminator`,
        referenceOffset,
      );
    }
    const text = decodeUtf8(this.#bytes, from, nul, from);
    this.#cache.set(index, text);
    return text;
  }
}

/** Builds a string table: each distinct string once, offsets in insertion order. */
export class StringTableBuilder {
  readonly #offsets = new Map<string, number>();
  readonly #writer = new ByteWriter(256);

  get length(): number {
    return this.#writer.length;
  }

  /** Offset of `text`, or undefined when it is not in the table. */
  offsetOf(text: string): number | undefined {
    return this.#offsets.get(text);
  }

  /** Adds `text` (if new) and returns its offset. `where` says what the string is, for error messages. */
  add(text: string, where: string): number {
    const known = this.#offsets.get(text);
    if (known !== undefined) return known;
    const offset = this.#writer.length;
    this.#writer.utf8(text, true, where);
    this.#writer.byte(0);
    this.#offsets.set(text, offset);
    return offset;
  }

  bytes(): Uint8Array {
    return this.#writer.buffer.subarray(0, this.#writer.length);
  }
}
