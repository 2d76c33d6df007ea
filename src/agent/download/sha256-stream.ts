import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * A running sha256 of bytes as they stream in. `update` may ask the caller to wait (when a worker
 * is behind); `digest` ends it; `dispose` frees what it holds (always call it).
 */
export interface Sha256Stream {
  update(chunk: Uint8Array): Promise<void> | undefined;
  digest(): Promise<string>;
  dispose(): void;
}

/** sha256 on the calling thread. */
export function inlineSha256(): Sha256Stream {
  const hash = createHash('sha256');
  return {
    update(chunk) {
      hash.update(chunk);
      return undefined;
    },
    digest: async () => hash.digest('hex'),
    dispose() {},
  };
}

/** Bytes per batch handed to the worker: large enough that messages are rare, small enough to recycle. */
const BATCH_BYTES = 1024 * 1024;
/** Batches in flight before update() asks the caller to wait: bounds the memory a slow hash can hold. */
const MAX_IN_FLIGHT = 16;

// The worker is plain JavaScript evaluated from a string, so it runs the same from src/ (type
// stripping) and from dist/. Each batch comes in transferred and goes back transferred for reuse.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message.type === 'data') {
    hash.update(new Uint8Array(message.buffer, 0, message.length));
    parentPort.postMessage({ type: 'ack', buffer: message.buffer }, [message.buffer]);
  } else {
    parentPort.postMessage({ type: 'digest', hex: hash.digest('hex') });
  }
});
`;

/**
 * sha256 on a worker thread, so hashing overlaps with receiving and writing (the download
 * benchmark's "agent-download vs raw-http"): bytes are copied into 1 MiB batches that are transferred
 * to the worker (no second copy) and recycled. The worker starts only once a first batch is full; a
 * smaller object is hashed inline and costs no thread.
 */
export function workerSha256(): Sha256Stream {
  let worker: Worker | undefined;
  let batch: Uint8Array | undefined;
  let fill = 0;
  let inFlight = 0;
  let failure: Error | undefined;
  const pool: ArrayBuffer[] = [];
  const waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  let pendingDigest: { resolve: (hex: string) => void; reject: (err: Error) => void } | undefined;

  const fail = (err: Error): void => {
    failure ??= err;
    for (const w of waiters.splice(0)) w.reject(err);
    pendingDigest?.reject(err);
    pendingDigest = undefined;
  };

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.on('message', (message: { type: 'ack'; buffer: ArrayBuffer } | { type: 'digest'; hex: string }) => {
      if (message.type === 'ack') {
        inFlight--;
        pool.push(message.buffer);
        waiters.shift()?.resolve();
      } else {
        pendingDigest?.resolve(message.hex);
        pendingDigest = undefined;
      }
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (pendingDigest !== undefined || waiters.length > 0)
        fail(new Error(`the sha256 worker exited with code ${code}`));
    });
    return w;
  };

  const send = (): void => {
    if (batch === undefined || fill === 0) return;
    worker ??= start();
    const buffer = batch.buffer as ArrayBuffer;
    worker.postMessage({ type: 'data', buffer, length: fill }, [buffer]);
    inFlight++;
    batch = undefined;
    fill = 0;
  };

  return {
    update(chunk) {
      if (failure !== undefined) throw failure;
      let at = 0;
      while (at < chunk.length) {
        batch ??= new Uint8Array(pool.pop() ?? new ArrayBuffer(BATCH_BYTES));
        const n = Math.min(BATCH_BYTES - fill, chunk.length - at);
        batch.set(chunk.subarray(at, at + n), fill);
        fill += n;
        at += n;
        if (fill === BATCH_BYTES) send();
      }
      if (inFlight < MAX_IN_FLIGHT) return undefined;
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async digest() {
      if (failure !== undefined) throw failure;
      if (worker === undefined) {
        // Never needed the worker: the whole object is in the first batch.
        return createHash('sha256')
          .update(batch?.subarray(0, fill) ?? new Uint8Array(0))
          .digest('hex');
      }
      send();
      const w = worker;
      return new Promise((resolve, reject) => {
        pendingDigest = { resolve, reject };
        w.postMessage({ type: 'digest' });
      });
    },
    dispose() {
      const w = worker;
      worker = undefined;
      failure ??= new Error('the sha256 stream was disposed');
      if (w !== undefined) void w.terminate();
    },
  };
}
