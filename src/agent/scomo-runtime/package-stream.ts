/**
 * The synchronous front of a package streamed to disk during a DM session (direct delivery, reference
 * §1.10 and §2.8): the client session engine hands over each chunk of `Inventory/Delivered/<x>/Data`
 * synchronously; the disk writes run one after another behind it. A write that fails is reported at
 * the next chunk (the agent awaits `settled()` after each server message, so that is the next
 * message at the latest) or at the end.
 *
 * At the last chunk the package is registered with the MO at once — an Exec Install in the same
 * server message must find it — while the file is fsynced and renamed in the background; the
 * executor's work on the node waits for that (`executor.awaitPackage`), and the agent saves the tree
 * (which records the package) only after `settled()`.
 */
import { isScomoError } from '../../errors/index.ts';
import type { InboundObjectSink } from '../../session/index.ts';
import type { DeliverySink } from '../download/index.ts';
import type { AgentLogger } from '../logger.ts';
import { errorFields } from '../logger.ts';
import type { PackageStore } from '../scomo/index.ts';

/** DM status codes a streamed package is refused with (DM 1.2 RepPro §10.2). */
export const STREAM_STATUS = {
  ok: 200,
  badData: 400,
  tooLarge: 413,
  deviceFull: 420,
  failed: 500,
  busy: 503,
} as const;

/** What the stream needs from the MO and the executor. */
export interface PackageStreamPorts {
  readonly store: Pick<PackageStore, 'sink'>;
  registerPackage(node: string, bytes: number): void;
  awaitPackage(node: string, arrival: Promise<unknown>): void;
  readonly logger: AgentLogger;
}

export interface PackageStream extends InboundObjectSink {
  readonly node: string;
  /** True once end() or abort() ran. */
  readonly closed: boolean;
  /** Resolves when every queued write (and the commit or abort) is done; never rejects. */
  settled(): Promise<void>;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const UTF8 = new TextEncoder();

/**
 * Opens the stream for `Delivered/<node>`. `base64`: the chunks are b64 text (an XML session with
 * Meta Format b64); other text is taken as UTF-8 bytes, as the MO does for a whole Data value.
 */
export function openPackageStream(node: string, base64: boolean, ports: PackageStreamPorts): PackageStream {
  let failure: unknown;
  let closed = false;
  let bytes = 0;
  let carry = '';
  let chain: Promise<DeliverySink | undefined> = ports.store.sink(node).catch((err: unknown) => {
    failure = err;
    return undefined;
  });
  const then = (step: (sink: DeliverySink) => Promise<unknown>): void => {
    chain = chain.then(async (sink) => {
      if (sink === undefined || failure !== undefined) return sink;
      try {
        await step(sink);
      } catch (err) {
        failure = err;
      }
      return sink;
    });
  };
  const refuse = (code: number): number => {
    abort();
    return code;
  };
  const abort = (): void => {
    if (closed) return;
    closed = true;
    chain = chain.then(async (sink) => {
      await sink?.abort().catch(() => {});
      return undefined;
    });
  };

  /** The bytes of a chunk, or undefined when b64 text is not base64 (RFC 4648 §4). */
  const decode = (chunk: string | Uint8Array): Uint8Array | undefined => {
    if (typeof chunk !== 'string') return chunk;
    if (!base64) return UTF8.encode(chunk);
    // A chunk boundary need not fall on a 4-character group: the rest goes with the next chunk.
    const text = carry + chunk.replace(/[\t\n\r ]+/g, '');
    if (!BASE64.test(text) || (text.includes('=') && text.length % 4 !== 0)) return undefined;
    const whole = text.length - (text.length % 4);
    carry = text.slice(whole);
    return Buffer.from(text.slice(0, whole), 'base64');
  };

  const stream: PackageStream = {
    node,
    get closed() {
      return closed;
    },
    write(chunk) {
      if (closed) return STREAM_STATUS.failed;
      if (failure !== undefined) return refuse(statusFor(failure));
      const data = decode(chunk);
      if (data === undefined) return refuse(STREAM_STATUS.badData);
      bytes += data.length;
      if (data.length > 0) then((sink) => sink.write(data));
      return undefined;
    },
    end() {
      if (closed) return STREAM_STATUS.failed;
      if (failure !== undefined) return refuse(statusFor(failure));
      if (carry !== '') return refuse(STREAM_STATUS.badData);
      try {
        ports.registerPackage(node, bytes);
      } catch (err) {
        ports.logger.warn({ ...errorFields(err), node }, 'the delivered package cannot be registered');
        return refuse(isScomoError(err, 'SCOMO_MO_BUSY') ? STREAM_STATUS.busy : STREAM_STATUS.failed);
      }
      closed = true;
      const expected = bytes;
      then((sink) => sink.commit({ bytes: expected }));
      const committed = chain.then(() => {
        if (failure === undefined) return;
        // Registered but not on disk: an Install finds no bytes and reports 1405.
        ports.logger.error(
          { ...errorFields(failure), node },
          'the delivered package could not be stored after it was accepted',
        );
        throw failure;
      });
      ports.awaitPackage(node, committed);
      committed.catch(() => {});
      return STREAM_STATUS.ok;
    },
    abort,
    settled: () => chain.then(() => undefined),
  };
  return stream;
}

/** The DM status for a failed write: out of room → 420 Device full (reference §2.7), too big → 413. */
export function statusFor(err: unknown): number {
  if (isScomoError(err, 'SCOMO_STORAGE_FULL')) return STREAM_STATUS.deviceFull;
  if (isScomoError(err, 'SCOMO_DELIVERY_TOO_LARGE')) return STREAM_STATUS.tooLarge;
  return STREAM_STATUS.failed;
}
