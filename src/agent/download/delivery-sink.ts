import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ScomoError } from '../../errors/index.ts';
import { normalizeSha256, storageFailure } from '../packages/index.ts';
import type { SpaceGuard, SpaceMeter } from '../packages/index.ts';
import { syncDirectory } from './fsync.ts';

/** Errors of direct delivery over DM. */
export const DELIVERY_ERROR_CODES = [
  /** The reassembled object is not the announced size (the DM answer is 424, reference §2.8). */
  'SCOMO_DELIVERY_SIZE',
  /** The sha256 of the object differs from the one given to commit(). */
  'SCOMO_DELIVERY_DIGEST',
  /** A base64 chunk holds characters outside the base64 alphabet, or the padding is wrong. */
  'SCOMO_DELIVERY_BAD_DATA',
  /** write/commit after commit() or abort(). */
  'SCOMO_DELIVERY_CLOSED',
  /** The object is larger than the sink accepts. */
  'SCOMO_DELIVERY_TOO_LARGE',
] as const;

export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

export interface DeliverySinkOptions {
  /** File name of the package inside `dir`; default "package". */
  readonly name?: string | undefined;
  /** Room checks: SCOMO_STORAGE_FULL when the object does not fit. */
  readonly space?: SpaceGuard | undefined;
  /** Largest object accepted; default 4 GiB. */
  readonly maxBytes?: number | undefined;
}

export interface CommittedDelivery {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Receives the chunks of a large object written into `Inventory/Delivered/<x>/Data` (reference §2.8,
 * §1.10 "Direct delivery") and streams them to `<dir>/<name>.part`, so the package is never held in
 * memory whole. Nothing is committed before the last chunk: commit() checks the size (and digest),
 * fsyncs and renames the file into place; abort() deletes it.
 */
export interface DeliverySink {
  /** Appends raw bytes (WBXML opaque data, or already-decoded XML data). */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Appends base64 text: a b64 object in XML is chunked as text, and a chunk boundary need not fall
   * on a 4-character group; the remainder is carried to the next chunk. Whitespace is ignored.
   */
  writeBase64(text: string): Promise<void>;
  readonly bytesWritten: number;
  /** Ends the object; `expected.bytes` is the object's size in bytes (the node's Size, not Meta Size of b64 text). */
  commit(expected?: { readonly bytes?: number; readonly sha256?: string }): Promise<CommittedDelivery>;
  abort(): Promise<void>;
}

export async function createDeliverySink(
  dir: string,
  options: DeliverySinkOptions = {},
): Promise<DeliverySink> {
  const name = options.name ?? 'package';
  const final = join(dir, name);
  const part = `${final}.part`;
  const maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
  await mkdir(dir, { recursive: true });
  const handle: FileHandle = await open(part, 'w');
  const hash = createHash('sha256');
  const meter: SpaceMeter | undefined =
    options.space === undefined ? undefined : await options.space.meter(`receiving ${name}`);
  let written = 0;
  let carry = '';
  let closed = false;

  const fail = (code: DeliveryErrorCode, message: string): ScomoError => new ScomoError(code, message);

  const append = async (bytes: Uint8Array): Promise<void> => {
    if (closed) throw fail('SCOMO_DELIVERY_CLOSED', 'The delivery was already committed or aborted.');
    if (written + bytes.length > maxBytes) {
      await abort();
      throw fail('SCOMO_DELIVERY_TOO_LARGE', `The delivered object exceeds ${maxBytes} bytes.`);
    }
    try {
      const pending = meter?.add(bytes.length);
      if (pending !== undefined) await pending;
      let at = 0;
      while (at < bytes.length) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
    } catch (err) {
      await abort();
      throw storageFailure(err, `writing ${part}`) ?? err;
    }
    hash.update(bytes);
    written += bytes.length;
  };

  const abort = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => {});
    await rm(part, { force: true });
  };

  return {
    write: append,
    async writeBase64(text) {
      const clean = carry + text.replace(/[\s]+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || (clean.includes('=') && clean.length % 4 !== 0)) {
        await abort();
        throw fail('SCOMO_DELIVERY_BAD_DATA', 'A chunk of the delivered object is not base64 (RFC 4648 §4).');
      }
      const whole = clean.length - (clean.length % 4);
      carry = clean.slice(whole);
      if (whole > 0) await append(Buffer.from(clean.slice(0, whole), 'base64'));
    },
    get bytesWritten() {
      return written;
    },
    async commit(expected = {}) {
      if (closed) throw fail('SCOMO_DELIVERY_CLOSED', 'The delivery was already committed or aborted.');
      if (carry !== '') {
        await abort();
        throw fail(
          'SCOMO_DELIVERY_BAD_DATA',
          `The delivered base64 text ends with ${carry.length} characters that do not form a group.`,
        );
      }
      if (expected.bytes !== undefined && expected.bytes !== written) {
        await abort();
        throw fail(
          'SCOMO_DELIVERY_SIZE',
          `The delivered object is ${written} bytes; ${expected.bytes} were announced.`,
        );
      }
      const sha256 = hash.digest('hex');
      if (expected.sha256 !== undefined && normalizeSha256(expected.sha256) !== sha256) {
        await abort();
        throw fail(
          'SCOMO_DELIVERY_DIGEST',
          `The delivered object's sha256 is ${sha256}; expected ${expected.sha256}.`,
        );
      }
      closed = true;
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(part, final);
      await syncDirectory(final);
      return { path: final, bytes: written, sha256 };
    },
    abort,
  };
}
