import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import type { ArchiveEntry, ArchiveLimits, EntryKind, EntryVisitor } from './archive-types.ts';
import { isScomoError } from '../../errors/index.ts';
import { packageError } from './errors.ts';

/**
 * A minimal zip reader (PKWARE APPNOTE 6.3.x): the central directory is the index; entries are stored
 * (method 0) or deflated (method 8), inflated with zlib.inflateRaw and checked against their CRC-32
 * and declared size. Refused: encryption, other methods, ZIP64 and multi-disk archives, and entries
 * whose data overlap (the "overlapping files" zip bomb). Declared sizes are summed before anything is
 * inflated, and an entry inflating past its declared size is stopped at once.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const CENTRAL_HEADER = 46;
const LOCAL_HEADER = 30;
/** Host system "UNIX" in "version made by" (APPNOTE §4.4.2): external attributes hold st_mode. */
const HOST_UNIX = 3;

const S_IFMT = 0o170000;
const UNIX_KINDS: Readonly<Record<number, { kind: EntryKind; detail?: string }>> = {
  0o100000: { kind: 'file' },
  0o040000: { kind: 'directory' },
  0o120000: { kind: 'symlink' },
  0o020000: { kind: 'other', detail: 'character device' },
  0o060000: { kind: 'other', detail: 'block device' },
  0o010000: { kind: 'other', detail: 'FIFO' },
  0o140000: { kind: 'other', detail: 'socket' },
};
/** Symlink targets are stored as the entry's data; they are short. */
const MAX_LINK_TARGET = 4096;

interface CentralEntry {
  readonly name: string;
  readonly kind: EntryKind;
  readonly detail: string | undefined;
  readonly mode: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Walks the entries of the zip file at `path` in the order of their data in the file. */
export async function walkZip(path: string, limits: ArchiveLimits, visitor: EntryVisitor): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const { count, cdOffset, cdSize } = await readEndRecord(handle, fileSize);
    if (count > limits.maxEntries) {
      throw packageError(
        'SCOMO_PACKAGE_TOO_LARGE',
        `The zip archive has ${count} entries; at most ${limits.maxEntries} are accepted.`,
      );
    }
    const central = await readCentralDirectory(handle, cdOffset, cdSize, count);
    const total = central.reduce((sum, e) => sum + e.size, 0);
    if (total > limits.maxTotalBytes) {
      throw packageError(
        'SCOMO_PACKAGE_TOO_LARGE',
        `The zip archive expands to ${total} bytes; at most ${limits.maxTotalBytes} are accepted (archive bomb defence).`,
      );
    }
    const ordered = [...central].sort((a, b) => a.localOffset - b.localOffset);
    let previousEnd = 0;
    for (const entry of ordered) {
      const dataStart = await localDataStart(handle, entry);
      if (entry.localOffset < previousEnd || dataStart + entry.compressedSize > cdOffset) {
        throw zipError(
          `entry "${entry.name}" overlaps another entry or the central directory`,
          entry.localOffset,
        );
      }
      previousEnd = dataStart + entry.compressedSize;
      const linkTarget = entry.kind === 'symlink' ? await readLinkTarget(path, entry, dataStart) : undefined;
      const visible: ArchiveEntry = {
        path: entry.name,
        kind: entry.kind,
        size: entry.kind === 'file' ? entry.size : 0,
        mode: entry.mode,
        ...(linkTarget === undefined ? {} : { linkTarget }),
        ...(entry.detail === undefined ? {} : { detail: entry.detail }),
      };
      const body = entry.kind === 'file' ? entryData(path, entry, dataStart) : emptyBody();
      if ((await visitor(visible, body)) === 'stop') return;
    }
  } finally {
    await handle.close();
  }
}

async function readEndRecord(
  handle: FileHandle,
  fileSize: number,
): Promise<{ count: number; cdOffset: number; cdSize: number }> {
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(i + 20);
    if (i + EOCD_SIZE + commentLength !== tail.length) continue;
    const disk = tail.readUInt16LE(i + 4);
    const cdDisk = tail.readUInt16LE(i + 6);
    const diskEntries = tail.readUInt16LE(i + 8);
    const count = tail.readUInt16LE(i + 10);
    const cdSize = tail.readUInt32LE(i + 12);
    const cdOffset = tail.readUInt32LE(i + 16);
    const at = fileSize - tailLength + i;
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw zipError(
        'ZIP64 archives are not supported; packages must stay below 4 GiB and 65535 entries',
        at,
      );
    }
    if (disk !== 0 || cdDisk !== 0 || diskEntries !== count)
      throw zipError('multi-disk archives are not supported', at);
    if (cdOffset + cdSize > at) throw zipError('the central directory lies beyond its end record', at);
    if (cdSize > count * (CENTRAL_HEADER + 3 * 0xffff))
      throw zipError('the central directory is larger than its entries can be', at);
    return { count, cdOffset, cdSize };
  }
  throw zipError('no end-of-central-directory record (not a zip file, or truncated)', fileSize);
}

async function readCentralDirectory(
  handle: FileHandle,
  offset: number,
  size: number,
  count: number,
): Promise<CentralEntry[]> {
  const cd = await readAt(handle, offset, size);
  const out: CentralEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + CENTRAL_HEADER > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw zipError(`central directory entry ${n} is missing or damaged`, offset + at);
    }
    const madeBy = cd.readUInt16LE(at + 4);
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    const crc = cd.readUInt32LE(at + 16);
    const compressedSize = cd.readUInt32LE(at + 20);
    const size = cd.readUInt32LE(at + 24);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const external = cd.readUInt32LE(at + 38);
    const localOffset = cd.readUInt32LE(at + 42);
    const end = at + CENTRAL_HEADER + nameLength + extraLength + commentLength;
    if (end > cd.length) throw zipError(`central directory entry ${n} runs past the directory`, offset + at);
    const name = decodeName(cd.subarray(at + CENTRAL_HEADER, at + CENTRAL_HEADER + nameLength), flags);
    if ((flags & 0x0001) !== 0) throw zipError(`entry "${name}" is encrypted`, offset + at);
    if (method !== 0 && method !== 8)
      throw zipError(
        `entry "${name}" uses compression method ${method}; only stored and deflate are read`,
        offset + at,
      );
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw zipError(`entry "${name}" needs ZIP64, which is not supported`, offset + at);
    }
    out.push({ name, ...kindOf(name, madeBy, external), method, crc, compressedSize, size, localOffset });
    at = end;
  }
  return out;
}

function kindOf(
  name: string,
  madeBy: number,
  external: number,
): { kind: EntryKind; detail: string | undefined; mode: number } {
  const unixMode = madeBy >> 8 === HOST_UNIX ? external >>> 16 : 0;
  const typeBits = unixMode & S_IFMT;
  if (typeBits !== 0) {
    const known = UNIX_KINDS[typeBits] ?? {
      kind: 'other' as const,
      detail: `file type 0o${typeBits.toString(8)}`,
    };
    return { kind: known.kind, detail: known.detail, mode: unixMode & 0o7777 };
  }
  // No Unix type: a trailing slash (or the MS-DOS directory attribute) marks a directory.
  const directory = name.endsWith('/') || (external & 0x10) !== 0;
  return { kind: directory ? 'directory' : 'file', detail: undefined, mode: unixMode & 0o7777 };
}

async function localDataStart(handle: FileHandle, entry: CentralEntry): Promise<number> {
  const header = await readAt(handle, entry.localOffset, LOCAL_HEADER);
  if (header.length < LOCAL_HEADER || header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
    throw zipError(`the local header of "${entry.name}" is missing`, entry.localOffset);
  }
  return entry.localOffset + LOCAL_HEADER + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** The entry's inflated bytes, checked against its declared size and CRC-32 as they stream. */
async function* entryData(path: string, entry: CentralEntry, dataStart: number): AsyncGenerator<Uint8Array> {
  const raw: Readable =
    entry.compressedSize === 0
      ? Readable.from([])
      : createReadStream(path, {
          start: dataStart,
          end: dataStart + entry.compressedSize - 1,
          highWaterMark: 256 * 1024,
        });
  const stream = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  // pipe() does not forward errors: a read failure must reach the consumer too.
  raw.on('error', (err: Error) => stream.destroy(err));
  let produced = 0;
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.size) {
        throw packageError(
          'SCOMO_PACKAGE_TOO_LARGE',
          `Zip entry "${entry.name}" inflates beyond its declared ${entry.size} bytes (archive bomb defence).`,
        );
      }
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (err) {
    if (isScomoError(err)) throw err;
    throw zipError(`entry "${entry.name}" does not inflate (${(err as Error).message})`, dataStart, err);
  } finally {
    raw.destroy();
    stream.destroy();
  }
  if (produced !== entry.size)
    throw zipError(
      `entry "${entry.name}" holds ${produced} bytes, not the declared ${entry.size}`,
      dataStart,
    );
  if (crc >>> 0 !== entry.crc)
    throw zipError(`entry "${entry.name}" fails its CRC-32 check (corrupt data)`, dataStart);
}

async function readLinkTarget(path: string, entry: CentralEntry, dataStart: number): Promise<string> {
  if (entry.size > MAX_LINK_TARGET)
    throw zipError(`symlink "${entry.name}" has a ${entry.size}-byte target`, dataStart);
  const parts: Uint8Array[] = [];
  for await (const chunk of entryData(path, entry, dataStart)) parts.push(chunk);
  return new TextDecoder().decode(Buffer.concat(parts));
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}

/** Names are UTF-8 when flag bit 11 is set (APPNOTE Appendix D); otherwise IBM 437, read as Latin-1 beyond ASCII. */
function decodeName(bytes: Uint8Array, flags: number): string {
  return (flags & 0x0800) !== 0 ? new TextDecoder().decode(bytes) : Buffer.from(bytes).toString('latin1');
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

function zipError(what: string, offset: number, cause?: unknown): Error {
  return packageError('SCOMO_PACKAGE_ARCHIVE', `Invalid zip archive: ${what} (at byte ${offset}).`, {
    offset,
    ...(cause === undefined ? {} : { cause }),
  });
}
