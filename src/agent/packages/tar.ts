import type { ArchiveEntry, ArchiveLimits, EntryKind, EntryVisitor } from './archive-types.ts';
import { ByteQueue } from './byte-queue.ts';
import { packageError } from './errors.ts';

/**
 * A streaming reader for POSIX ustar / pax archives and the GNU long-name extension (POSIX.1-2001
 * `pax` format, IEEE Std 1003.1 "pax" §Extended header; GNU tar manual "Basic Tar Format"). Only what
 * a package needs: names (prefix, pax `path`/`linkpath`, GNU `L`/`K`), sizes (octal, pax `size`,
 * base-256), modes, the entry type. Header checksums are verified; sparse and multi-volume entries are
 * refused.
 */

const BLOCK = 512;
/** Bound on pax / GNU long-name bodies: metadata, not content. */
const MAX_META_BYTES = 1024 * 1024;

const KIND_BY_TYPE: Readonly<Record<string, EntryKind>> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file', // contiguous file: a regular file for every practical purpose
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'other',
  '4': 'other',
  '5': 'directory',
  '6': 'other',
};

const OTHER_DETAIL: Readonly<Record<string, string>> = {
  '3': 'character device',
  '4': 'block device',
  '6': 'FIFO',
};

interface Pending {
  path?: string;
  linkpath?: string;
  size?: number;
}

/** Walks the entries of a tar stream (already gunzipped), calling `visitor` for each. */
export async function walkTar(
  source: AsyncIterable<Uint8Array>,
  limits: ArchiveLimits,
  visitor: EntryVisitor,
): Promise<void> {
  const queue = new ByteQueue(source);
  let pending: Pending = {};
  let entries = 0;
  let total = 0;
  for (;;) {
    const offset = queue.position;
    const header = await queue.read(BLOCK);
    // End of archive: two zero blocks (one is enough to stop; a missing end marker is tolerated).
    if (header === undefined || header.every((b) => b === 0)) return;
    checkChecksum(header, offset);
    const type = String.fromCharCode(header[156] ?? 0);
    const headerSize = parseNumber(header.subarray(124, 136), 'size', offset);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (headerSize > MAX_META_BYTES) throw archiveError(`a ${headerSize}-byte extended header`, offset);
      const body = (await queue.read(headerSize)) ?? new Uint8Array(0);
      await queue.skip(Math.ceil(headerSize / BLOCK) * BLOCK - headerSize);
      // A global pax header ('g') sets defaults for the rest of the archive; none of them matter here.
      if (type === 'x') pending = { ...pending, ...parsePax(body, offset) };
      if (type === 'L') pending.path = cString(body);
      if (type === 'K') pending.linkpath = cString(body);
      continue;
    }
    // A pax `size` overrides the header's (POSIX pax: for files of 8 GiB and more).
    const size = pending.size ?? headerSize;
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const kind = KIND_BY_TYPE[type];
    if (kind === undefined) {
      throw archiveError(
        `entry type "${printableType(type)}" (sparse, multi-volume or vendor), which packages may not use`,
        offset,
      );
    }
    entries++;
    if (entries > limits.maxEntries) {
      throw packageError(
        'SCOMO_PACKAGE_TOO_LARGE',
        `The archive has more than ${limits.maxEntries} entries.`,
        { offset },
      );
    }
    const bodySize = kind === 'file' ? size : 0;
    total += bodySize;
    if (total > limits.maxTotalBytes) {
      throw packageError(
        'SCOMO_PACKAGE_TOO_LARGE',
        `The archive expands to more than ${limits.maxTotalBytes} bytes; the limit protects the device from archive bombs.`,
        { offset },
      );
    }
    const entry = buildEntry(header, kind, type, bodySize, pending);
    pending = {};
    const body = new EntryBody(queue, bodySize);
    const verdict = await visitor(entry, body);
    if (verdict === 'stop') return;
    await body.drain();
    // Links and directories may still declare a size in old archives; their data is skipped.
    await queue.skip(padded - bodySize);
  }
}

function buildEntry(
  header: Uint8Array,
  kind: EntryKind,
  type: string,
  size: number,
  pending: Pending,
): ArchiveEntry {
  const magic = ascii(header.subarray(257, 263));
  const name = cString(header.subarray(0, 100));
  // The ustar prefix field (POSIX ustar); GNU archives use those bytes for other things.
  const prefix = magic === 'ustar\0' ? cString(header.subarray(345, 500)) : '';
  const path = pending.path ?? (prefix === '' ? name : `${prefix}/${name}`);
  const linkTarget = pending.linkpath ?? cString(header.subarray(157, 257));
  const mode = parseOctal(header.subarray(100, 108)) ?? 0;
  const base = { path, kind, size, mode };
  if (kind === 'symlink' || kind === 'hardlink') return { ...base, linkTarget };
  const detail = OTHER_DETAIL[type];
  return kind === 'other' && detail !== undefined ? { ...base, detail } : base;
}

/** An entry's body: streamed from the queue once; what the visitor leaves is drained afterwards. */
class EntryBody implements AsyncIterable<Uint8Array> {
  readonly #queue: ByteQueue;
  #left: number;

  constructor(queue: ByteQueue, size: number) {
    this.#queue = queue;
    this.#left = size;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for await (const piece of this.#queue.take(this.#left)) {
      this.#left -= piece.length;
      yield piece;
    }
  }

  async drain(): Promise<void> {
    await this.#queue.skip(this.#left);
    this.#left = 0;
  }
}

function checkChecksum(header: Uint8Array, offset: number): void {
  const stored = parseOctal(header.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    // The checksum field itself counts as eight spaces.
    const byte = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += byte;
    signed += byte >= 0x80 ? byte - 0x100 : byte;
  }
  // Some historic writers summed signed chars; both are accepted, as GNU tar does.
  if (stored === undefined || (stored !== unsigned && stored !== signed)) {
    throw archiveError('a header whose checksum does not match (corrupt, or not a tar archive)', offset);
  }
}

/** Size fields: octal text, or GNU base-256 when the high bit of the first byte is set. */
function parseNumber(field: Uint8Array, what: string, offset: number): number {
  const first = field[0] ?? 0;
  if ((first & 0x80) !== 0) {
    if ((first & 0x40) !== 0) throw archiveError(`a negative ${what}`, offset);
    let value = first & 0x3f;
    for (const byte of field.subarray(1)) {
      value = value * 256 + byte;
      if (value > Number.MAX_SAFE_INTEGER) throw archiveError(`a ${what} beyond 2^53`, offset);
    }
    return value;
  }
  const value = parseOctal(field);
  if (value === undefined) throw archiveError(`a ${what} field that is not an octal number`, offset);
  return value;
}

function parseOctal(field: Uint8Array): number | undefined {
  const text = ascii(field)
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (text === '') return 0;
  if (!/^[0-7]{1,22}$/.test(text)) return undefined;
  const value = parseInt(text, 8);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** pax extended header records: "<length> <key>=<value>\n" (POSIX pax, Extended Header Format). */
function parsePax(body: Uint8Array, offset: number): Pending {
  const out: Pending = {};
  let at = 0;
  while (at < body.length) {
    if (body[at] === 0) break;
    const space = body.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(ascii(body.subarray(at, space)));
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > body.length) {
      throw archiveError('a malformed pax extended header record', offset);
    }
    const record = new TextDecoder().decode(body.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq < 0 || body[at + length - 1] !== 0x0a)
      throw archiveError('a malformed pax extended header record', offset);
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') out.path = value;
    else if (key === 'linkpath') out.linkpath = value;
    else if (key === 'size') {
      if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw archiveError('a pax size that is not a decimal number', offset);
      }
      out.size = Number(value);
    }
    at += length;
  }
  return out;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function printableType(type: string): string {
  return /^[\x21-\x7e]$/.test(type) ? type : `\\x${type.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

function archiveError(what: string, offset: number): Error {
  return packageError('SCOMO_PACKAGE_ARCHIVE', `Invalid tar archive: ${what} at byte ${offset}.`, { offset });
}
