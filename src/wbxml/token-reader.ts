import { hex, wbxmlError } from './errors.ts';
import type { ScomoError } from './errors.ts';
import { readMbUint32 } from './mb-uint32.ts';
import type { StringTableReader } from './string-table.ts';
import { GLOBAL_TOKEN_NAMES, GLOBAL_TOKENS } from './tokens.ts';
import { decodeUtf8 } from './utf8.ts';

const T = GLOBAL_TOKENS;

/**
 * A cursor over the body with the reads every token needs (WBXML 1.3 §5.8.4). Each read is checked
 * against the end of the input before anything is allocated, so a bogus length or index fails fast.
 */
export class TokenReader {
  readonly bytes: Uint8Array;
  readonly end: number;
  readonly strings: StringTableReader;
  pos: number;

  constructor(bytes: Uint8Array, pos: number, strings: StringTableReader) {
    this.bytes = bytes;
    this.end = bytes.length;
    this.pos = pos;
    this.strings = strings;
  }

  /** The byte at the current position; `SCOMO_WBXML_TRUNCATED` saying what was expected at the end. */
  peek(expected: string): number {
    if (this.pos >= this.end) {
      throw wbxmlError('SCOMO_WBXML_TRUNCATED', `input ends where ${expected} was expected`, this.pos);
    }
    return this.bytes[this.pos] as number;
  }

  /** SWITCH_PAGE: skips the token and returns the page byte after it (WBXML 1.3 §5.8.4.7). */
  readPageSwitch(): number {
    this.pos++;
    const page = this.peek('a code page number after SWITCH_PAGE');
    this.pos++;
    return page;
  }

  /** STR_I: a NUL-terminated inline string (WBXML 1.3 §5.8.4.1). */
  readInlineString(): string {
    const bytes = this.bytes;
    const start = this.pos + 1;
    // Most DM strings are short: a plain scan beats the native indexOf call up to a few dozen bytes.
    const scanEnd = Math.min(this.end, start + 64);
    let nul = start;
    while (nul < scanEnd && bytes[nul] !== 0) nul++;
    if (nul === scanEnd) nul = bytes.indexOf(0, scanEnd);
    if (nul === -1) {
      throw wbxmlError(
        'SCOMO_WBXML_TRUNCATED',
        `inline string (STR_I) at offset ${this.pos} has no NUL terminator before the end of input`,
        this.pos,
      );
    }
    const text = decodeUtf8(bytes, start, nul, start);
    this.pos = nul + 1;
    return text;
  }

  /** STR_T: a string-table reference (WBXML 1.3 §5.8.4.1). */
  readTableString(): string {
    const offset = this.pos;
    const { value, next } = readMbUint32(this.bytes, offset + 1);
    this.pos = next;
    return this.strings.get(value, offset);
  }

  /** ENTITY: a character entity, mb_u_int32 UCS-4 code point (WBXML 1.3 §5.8.4.3). */
  readEntity(): string {
    const offset = this.pos;
    const { value, next } = readMbUint32(this.bytes, offset + 1);
    // U+0000 is refused too: XML cannot hold it and no inline string could carry it back.
    if (value === 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
      throw wbxmlError(
        'SCOMO_WBXML_BAD_ENTITY',
        `ENTITY ${hex(value, 4)} is not a Unicode scalar value that XML text can hold`,
        offset,
      );
    }
    this.pos = next;
    return String.fromCodePoint(value);
  }

  /** OPAQUE: mb_u_int32 length + raw bytes (WBXML 1.3 §5.8.4.6), copied out of the input. */
  readOpaque(): Uint8Array {
    const offset = this.pos;
    const { value: length, next } = readMbUint32(this.bytes, offset + 1);
    if (length > this.end - next) {
      throw wbxmlError(
        'SCOMO_WBXML_TRUNCATED',
        `OPAQUE length ${length} exceeds the ${this.end - next} bytes left in the input`,
        offset,
      );
    }
    this.pos = next + length;
    return this.bytes.slice(next, next + length);
  }

  /** A text piece of an attribute or PI value: STR_I, STR_T, ENTITY or OPAQUE (read as UTF-8). */
  readValuePiece(token: number): string {
    switch (token) {
      case T.STR_I:
        return this.readInlineString();
      case T.STR_T:
        return this.readTableString();
      case T.ENTITY:
        return this.readEntity();
      default: {
        const offset = this.pos;
        const data = this.readOpaque();
        return decodeUtf8(data, 0, data.length, offset);
      }
    }
  }

  /** The string-table index after a LITERAL* token (already consumed): a tag, attribute or PI name. */
  readLiteralName(what: string): string {
    const offset = this.pos;
    const { value, next } = readMbUint32(this.bytes, offset);
    this.pos = next;
    const name = this.strings.get(value, offset);
    if (name === '') throw wbxmlError('SCOMO_WBXML_BAD_STRTBL_REF', `literal ${what} name is empty`, offset);
    return name;
  }

  extensionError(token: number, offset = this.pos): ScomoError {
    return wbxmlError(
      'SCOMO_WBXML_EXTENSION',
      `extension token ${GLOBAL_TOKEN_NAMES.get(token)} (${hex(token)}): no DM language defines extensions`,
      offset,
    );
  }
}

/** EXT_I_0..2, EXT_T_0..2, EXT_0..2 (WBXML 1.3 §5.8.4.2). */
export function isExtensionToken(token: number): boolean {
  return (token & 0x3f) <= 0x02 && token >= 0x40;
}
