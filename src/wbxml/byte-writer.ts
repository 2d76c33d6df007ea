import { wbxmlError } from './errors.ts';
import { MB_UINT32_MAX_BYTES, mbUint32Length, writeMbUint32Into } from './mb-uint32.ts';

const textEncoder = new TextEncoder();

/** Strings up to this many UTF-16 units are written by a JS loop, longer ones by TextEncoder. */
const SHORT_STRING_MAX = 128;

/** A growable byte buffer for the encoder (amortised doubling); `buffer[0, length)` is the output. */
export class ByteWriter {
  buffer: Uint8Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  byte(value: number): void {
    if (this.length === this.buffer.length) this.reserve(1);
    this.buffer[this.length++] = value;
  }

  mbUint32(value: number): void {
    this.reserve(mbUint32Length(value));
    this.length = writeMbUint32Into(this.buffer, this.length, value);
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /**
   * Writes `text` as UTF-8 without a terminator and returns the number of bytes written. With
   * `forbidNul` (STR_I and string-table entries, which NUL terminates) a U+0000 is an error; lone
   * surrogates always are: they have no UTF-8 form. `where` (an element or attribute name) goes into
   * the error message only.
   */
  utf8(text: string, forbidNul: boolean, where: string): number {
    const count = text.length;
    if (count > SHORT_STRING_MAX) return this.#utf8Native(text, forbidNul, where);
    this.reserve(count);
    const buffer = this.buffer;
    const start = this.length;
    let at = start;
    // Short strings: a JS loop beats a native call; most SyncML text is ASCII.
    for (let i = 0; i < count; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80 || code === 0) {
        this.length = start;
        return this.#utf8Native(text, forbidNul, where);
      }
      buffer[at++] = code;
    }
    this.length = at;
    return count;
  }

  #utf8Native(text: string, forbidNul: boolean, where: string): number {
    if (forbidNul && text.includes('\u0000')) {
      throw badText(where, 'contains U+0000, which an inline or table string cannot carry');
    }
    if (!text.isWellFormed())
      throw badText(where, 'contains a lone UTF-16 surrogate, which has no UTF-8 form');
    // At most 3 UTF-8 bytes per UTF-16 unit.
    this.reserve(text.length * 3);
    const { written } = textEncoder.encodeInto(text, this.buffer.subarray(this.length));
    this.length += written;
    return written;
  }

  /**
   * OPAQUE text: mb_u_int32 byte length, then the UTF-8 bytes. The text is encoded once, 5 bytes (the
   * longest length prefix) ahead, and moved back when the prefix turns out shorter.
   */
  opaqueUtf8(text: string, where: string): void {
    this.reserve(MB_UINT32_MAX_BYTES);
    const prefixAt = this.length;
    this.length = prefixAt + MB_UINT32_MAX_BYTES;
    const written = this.utf8(text, false, where);
    const prefixLength = mbUint32Length(written);
    if (prefixLength < MB_UINT32_MAX_BYTES) {
      const from = prefixAt + MB_UINT32_MAX_BYTES;
      this.buffer.copyWithin(prefixAt + prefixLength, from, from + written);
    }
    writeMbUint32Into(this.buffer, prefixAt, written);
    this.length = prefixAt + prefixLength + written;
  }
}

/** `where` is an element or attribute name, or a short description ("the public identifier"). */
function badText(where: string, problem: string) {
  return wbxmlError('SCOMO_WBXML_ENCODE_BAD_TEXT', `string in ${where} ${problem}`);
}
