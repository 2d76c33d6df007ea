import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { storageFailure } from '../packages/index.ts';
import type { SpaceMeter } from '../packages/index.ts';
import { downloadError } from './errors.ts';
import type { Sha256Stream } from './sha256-stream.ts';

export interface PartWrite {
  readonly file: string;
  /** Where this response's bytes go in the file (the Range start; 0 for a 200). */
  readonly start: number;
  readonly body: AsyncIterable<Uint8Array>;
  /** The running sha256 of bytes [0, start) and its length; extended with every byte written. */
  readonly hashing: { hasher: Sha256Stream; bytes: number };
  readonly total: number | undefined;
  readonly maxBytes: number;
  readonly url: string;
  readonly meter: SpaceMeter | undefined;
  readonly checkpointBytes: number;
  /** Called after an fsync with the length now known durable. */
  readonly onCheckpoint: (durable: number) => Promise<void>;
  readonly progressIntervalBytes: number;
  readonly onProgress: ((bytes: number, total: number | undefined) => void) | undefined;
}

/**
 * Streams a response body into the `.part` file at `start`, hashing, metering and bounding it as it
 * goes; fsyncs every `checkpointBytes` and when the stream closes. On any failure the bytes that did arrive are
 * still written out before the error propagates, so the next attempt resumes right after them.
 * Returns the file's length.
 */
export async function streamToPart(w: PartWrite): Promise<number> {
  const handle = await open(w.file, w.start === 0 ? 'w' : 'r+');
  // The stream owns the handle: it fsyncs (flush) and closes it when it finishes or fails.
  const out = handle.createWriteStream({ start: w.start, highWaterMark: 1024 * 1024, flush: true });
  let writeError: unknown;
  out.on('error', (err) => {
    writeError ??= err;
  });
  let position = w.start;
  let lastProgress = w.start;
  let lastCheckpoint = w.start;
  let failure: unknown;
  let checkpoint: Promise<void> | undefined;
  try {
    for await (const chunk of w.body) {
      if (writeError !== undefined) throw writeError;
      const next = position + chunk.length;
      if (next > w.maxBytes) {
        throw downloadError(
          'SCOMO_DOWNLOAD_TOO_LARGE',
          `${w.url} sends more than the ${w.maxBytes} bytes the agent accepts.`,
        );
      }
      if (w.total !== undefined && next > w.total) {
        throw downloadError(
          'SCOMO_DOWNLOAD_MISMATCH',
          `${w.url} sends more than the ${w.total} bytes it announced.`,
        );
      }
      const pending = w.meter?.add(chunk.length);
      if (pending !== undefined) await pending;
      const behind = w.hashing.hasher.update(chunk);
      w.hashing.bytes += chunk.length;
      position = next;
      let accepted: boolean;
      if (position - lastCheckpoint >= w.checkpointBytes && checkpoint === undefined) {
        lastCheckpoint = position;
        // Once this chunk (and so every byte before it) has reached the file descriptor, fsync and
        // record `position` as durable. It runs beside the transfer, one at a time, not in its way.
        const durable = position;
        let done!: () => void;
        checkpoint = new Promise<void>((resolve) => {
          done = resolve;
        }).finally(() => {
          checkpoint = undefined;
        });
        accepted = out.write(chunk, (err) => {
          if (err !== null && err !== undefined) return done();
          handle
            .sync()
            .then(() => w.onCheckpoint(durable))
            .catch(() => {})
            .finally(done);
        });
      } else {
        accepted = out.write(chunk);
      }
      if (!accepted) await once(out, 'drain');
      if (behind !== undefined) await behind;
      if (w.onProgress !== undefined && position - lastProgress >= w.progressIntervalBytes) {
        lastProgress = position;
        w.onProgress(position, w.total);
      }
    }
  } catch (err) {
    failure = err;
  }
  await checkpoint;
  out.end();
  try {
    await finished(out);
  } catch (err) {
    writeError ??= err;
  } finally {
    if (handle.fd !== -1) await handle.close().catch(() => {});
  }
  if (writeError !== undefined) throw storageFailure(writeError, `writing ${w.file}`) ?? writeError;
  if (failure !== undefined) {
    // The stream closed with an fsync: everything that arrived is durable and a resume starts after it.
    await w.onCheckpoint(position).catch(() => {});
    throw failure;
  }
  return position;
}
