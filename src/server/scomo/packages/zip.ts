/**
 * Reading one file out of a zip archive by random access (PKWARE APPNOTE 6.3.x): the end of central
 * directory record (§4.3.16; ZIP64 §4.3.14–4.3.15), the central directory (§4.3.12), then the one
 * wanted entry's local header (§4.3.7) and data, stored (0) or deflated (8), checked against its
 * CRC-32. Every central directory entry is checked, so a damaged directory is refused at once.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { scomoServerError } from '../errors.ts';
import { normalizeEntryPath } from './tar.ts';

/** Reads bytes [start, end) of the archive. */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

export interface ZipScan {
  readonly entries: number;
  readonly wanted: Uint8Array | null;
}

export interface ZipScanOptions {
  readonly path: string;
  readonly maxWantedBytes: number;
  readonly maxEntries: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
const MAX_DIRECTORY = 64 * 1024 * 1024;

function damaged(why: string): never {
  throw scomoServerError('SCOMO_SERVER_PACKAGE_ARCHIVE', `The zip archive is damaged: ${why}.`);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(v: DataView, at: number): number {
  const n = Number(v.getBigUint64(at, true));
  if (!Number.isSafeInteger(n)) damaged('a ZIP64 size or offset is out of range');
  return n;
}

interface Directory {
  readonly offset: number;
  readonly size: number;
  readonly count: number;
}

async function findDirectory(read: RangeReader, size: number): Promise<Directory> {
  const tailStart = Math.max(0, size - (22 + MAX_COMMENT));
  const tail = await read(tailStart, size);
  const v = view(tail);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (v.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) damaged('it has no end of central directory record (not a zip, or truncated)');
  let count = v.getUint16(at + 10, true);
  let dirSize = v.getUint32(at + 12, true);
  let dirOffset = v.getUint32(at + 16, true);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const locatorAt = tailStart + at - 20;
    if (locatorAt < 0) damaged('its ZIP64 locator is missing');
    const locator = view(await read(locatorAt, locatorAt + 20));
    if (locator.getUint32(0, true) !== ZIP64_LOCATOR) damaged('its ZIP64 locator is missing');
    const recordAt = u64(locator, 8);
    const record = view(await read(recordAt, recordAt + 56));
    if (record.byteLength < 56 || record.getUint32(0, true) !== ZIP64_EOCD)
      damaged('its ZIP64 end record is missing');
    count = u64(record, 32);
    dirSize = u64(record, 40);
    dirOffset = u64(record, 48);
  }
  if (dirOffset + dirSize > size) damaged('its central directory lies beyond the end of the file');
  if (dirSize > MAX_DIRECTORY) damaged(`its central directory is larger than ${MAX_DIRECTORY} bytes`);
  return { offset: dirOffset, size: dirSize, count };
}

interface CentralEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

function readCentral(dir: Uint8Array, at: number): { entry: CentralEntry; next: number } {
  const v = view(dir);
  if (at + 46 > dir.length || v.getUint32(at, true) !== CENTRAL)
    damaged('a central directory entry is malformed');
  const nameLength = v.getUint16(at + 28, true);
  const extraLength = v.getUint16(at + 30, true);
  const commentLength = v.getUint16(at + 32, true);
  const next = at + 46 + nameLength + extraLength + commentLength;
  if (next > dir.length) damaged('a central directory entry runs past the directory');
  let compressedSize = v.getUint32(at + 20, true);
  let size = v.getUint32(at + 24, true);
  let localOffset = v.getUint32(at + 42, true);
  // ZIP64 extended information extra field (§4.5.3): only the fields that overflowed are present.
  let extra = at + 46 + nameLength;
  const extraEnd = extra + extraLength;
  while (extra + 4 <= extraEnd) {
    const id = v.getUint16(extra, true);
    const length = v.getUint16(extra + 2, true);
    if (id === 0x0001) {
      let p = extra + 4;
      if (size === 0xffffffff) {
        size = u64(v, p);
        p += 8;
      }
      if (compressedSize === 0xffffffff) {
        compressedSize = u64(v, p);
        p += 8;
      }
      if (localOffset === 0xffffffff) localOffset = u64(v, p);
    }
    extra += 4 + length;
  }
  const name = new TextDecoder('utf-8').decode(dir.subarray(at + 46, at + 46 + nameLength));
  return {
    entry: {
      name,
      flags: v.getUint16(at + 8, true),
      method: v.getUint16(at + 10, true),
      crc: v.getUint32(at + 16, true),
      compressedSize,
      size,
      localOffset,
    },
    next,
  };
}

async function extract(read: RangeReader, archiveSize: number, entry: CentralEntry): Promise<Uint8Array> {
  if ((entry.flags & 0x1) !== 0) damaged(`${entry.name} is encrypted`);
  const header = view(await read(entry.localOffset, entry.localOffset + 30));
  if (header.byteLength < 30 || header.getUint32(0, true) !== LOCAL)
    damaged(`the local header of ${entry.name} is missing`);
  const start = entry.localOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > archiveSize) damaged(`the data of ${entry.name} runs past the end of the file`);
  const raw = await read(start, end);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      return damaged(
        `${entry.name} does not inflate (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  } else
    return damaged(`${entry.name} uses compression method ${entry.method}; only stored and deflate are read`);
  if (data.length !== entry.size)
    damaged(`${entry.name} has ${data.length} bytes, its directory says ${entry.size}`);
  if (crc32(data) >>> 0 !== entry.crc) damaged(`${entry.name} fails its CRC-32 check`);
  return data;
}

export async function scanZip(
  read: RangeReader,
  archiveSize: number,
  options: ZipScanOptions,
): Promise<ZipScan> {
  const directory = await findDirectory(read, archiveSize);
  if (directory.count > options.maxEntries) damaged(`it has more than ${options.maxEntries} entries`);
  const dir = await read(directory.offset, directory.offset + directory.size);
  let at = 0;
  let wanted: CentralEntry | undefined;
  for (let i = 0; i < directory.count; i += 1) {
    const { entry, next } = readCentral(dir, at);
    at = next;
    if (entry.localOffset >= archiveSize) damaged(`${entry.name} starts beyond the end of the file`);
    if (!entry.name.endsWith('/') && normalizeEntryPath(entry.name) === options.path) wanted = entry;
  }
  if (wanted === undefined) return { entries: directory.count, wanted: null };
  if (wanted.size > options.maxWantedBytes) {
    throw scomoServerError(
      'SCOMO_SERVER_PACKAGE_MANIFEST',
      `Invalid package manifest: ${options.path} is ${wanted.size} bytes; at most ${options.maxWantedBytes} are read.`,
    );
  }
  return { entries: directory.count, wanted: await extract(read, archiveSize, wanted) };
}
