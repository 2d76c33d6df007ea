import { rename, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, interceptors } from 'undici';
import type { Dispatcher } from 'undici';
import { isScomoError, ScomoError } from '../../errors/index.ts';
import { errorFields, silentLogger } from '../logger.ts';
import { normalizeSha256 } from '../packages/index.ts';
import { backoffDelay } from '../transport/backoff.ts';
import type { RetryPolicy } from '../transport/backoff.ts';
import { attempt } from './attempt.ts';
import type { AttemptContext, AttemptOutcome } from './attempt.ts';
import { downloadError } from './errors.ts';
import { thrownFailure } from './failures.ts';
import type { AttemptFailure } from './failures.ts';
import { syncDirectory } from './fsync.ts';
import { checkUrl, fetchSmall, notifyInstallStatus } from './http.ts';
import type { HttpContext } from './http.ts';
import { discardPart, loadPartState, partFile } from './part-state.ts';
import type { PartState } from './part-state.ts';
import { hashPrefix, sizeOf, trimToDurable } from './resume.ts';
import { inlineSha256, workerSha256 } from './sha256-stream.ts';
import type { Sha256Stream } from './sha256-stream.ts';
import type {
  DownloadClient,
  DownloadClientOptions,
  DownloadRequest,
  DownloadResult,
  Hashing,
} from './types.ts';
import { digestFromFragment } from './url.ts';

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * The Alternate Download Client (issue: "undici; streams to a .part file with fsync; Range resume
 * after an interruption (If-Range with the ETag); retries with backoff (bounded); sha256 computed
 * while streaming; OMA DL download descriptors"). One transfer state per destination file survives
 * restarts: calling download() again with the same url and dest resumes where the durable bytes end.
 */
export function createDownloadClient(options: DownloadClientOptions = {}): DownloadClient {
  const responseTimeout = options.responseTimeoutMs ?? 30_000;
  const agent = new Agent({
    connect: {
      timeout: options.connectTimeoutMs ?? 10_000,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    },
    headersTimeout: responseTimeout,
    bodyTimeout: responseTimeout,
  });
  const dispatcher: Dispatcher = agent.compose(
    interceptors.redirect({ maxRedirections: options.maxRedirections ?? 5 }),
  );
  const retry = options.retry ?? DEFAULT_RETRY;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
  const userAgent = options.userAgent ?? 'scomo-agent';
  const newHasher = (): Sha256Stream => (options.hashInWorker === false ? inlineSha256() : workerSha256());
  const http: HttpContext = { dispatcher, userAgent, logger };
  const attemptContext: AttemptContext = {
    http,
    maxBytes,
    space: options.space,
    checkpointBytes: options.checkpointBytes ?? 32 * 1024 * 1024,
    progressIntervalBytes: options.progressIntervalBytes ?? 1024 * 1024,
    newHasher,
  };

  async function download(req: DownloadRequest): Promise<DownloadResult> {
    checkUrl(req.url, 'PkgURL');
    const saved = await loadPartState(req.dest);
    let state: PartState;
    if (saved === undefined || saved.sourceUrl !== req.url) {
      await discardPart(req.dest);
      state = { version: 1, sourceUrl: req.url, objectUrl: req.url, syncedBytes: 0 };
    } else {
      state = saved;
      await trimToDurable(req.dest, state);
      if (state.descriptor !== undefined) req.onDescriptor?.(state.descriptor);
    }
    const hashing: Hashing = { hasher: newHasher(), bytes: 0 };
    try {
      return await transfer(req, state, hashing);
    } finally {
      hashing.hasher.dispose();
    }
  }

  async function transfer(
    req: DownloadRequest,
    initial: PartState,
    hashing: Hashing,
  ): Promise<DownloadResult> {
    let state = initial;
    let resumed = false;
    let failures = 0;
    for (;;) {
      const offset = await sizeOf(partFile(req.dest));
      if (hashing.bytes !== offset) {
        // A new process, or a write that failed midway: hash the prefix on disk once.
        hashing.hasher.dispose();
        hashing.hasher = newHasher();
        await hashPrefix(partFile(req.dest), offset, hashing.hasher);
        hashing.bytes = offset;
      }
      let outcome: AttemptOutcome;
      const holder: { state: PartState } = { state };
      try {
        outcome = await attempt(attemptContext, req, holder, offset, hashing);
      } catch (err) {
        // The attempt may have learnt validators (ETag) before failing: the next one needs them.
        state = holder.state;
        const failure: AttemptFailure = thrownFailure(err, state.objectUrl, req.signal);
        const progressed = (await sizeOf(partFile(req.dest))) > offset;
        failures = progressed ? 1 : failures + 1;
        if (!failure.retry || failures >= Math.max(1, retry.attempts))
          throw await finalFailure(req, failure.error);
        const delay = backoffDelay(failures, retry, random);
        logger.warn(
          { ...errorFields(failure.error), url: state.objectUrl, offset, delayMs: delay },
          'download attempt failed; retrying',
        );
        await sleep(delay, undefined, { signal: req.signal }).catch(() => {
          throw downloadError(
            'SCOMO_DOWNLOAD_ABORTED',
            `The download of ${req.url} was stopped: the agent is stopping.`,
          );
        });
        continue;
      }
      switch (outcome.kind) {
        case 'descriptor':
          state = outcome.state;
          req.onDescriptor?.(outcome.descriptor);
          continue;
        case 'restart':
          state = outcome.state;
          await discardPart(req.dest);
          hashing.hasher.dispose();
          hashing.hasher = newHasher();
          hashing.bytes = 0;
          continue;
        case 'done':
          resumed ||= outcome.resumed;
          return finish(req, outcome.state, await hashing.hasher.digest(), outcome.bytes, resumed);
      }
    }
  }

  async function finish(
    req: DownloadRequest,
    state: PartState,
    sha256: string,
    bytes: number,
    resumed: boolean,
  ): Promise<DownloadResult> {
    const descriptor = state.descriptor;
    const mismatch = (why: string): Promise<never> =>
      failWith(req, downloadError('SCOMO_DOWNLOAD_MISMATCH', why));
    if (descriptor !== undefined && bytes !== descriptor.size) {
      return mismatch(`The object is ${bytes} bytes; the download descriptor says ${descriptor.size}.`);
    }
    if (req.expectedSize !== undefined && bytes !== req.expectedSize) {
      return mismatch(`The object is ${bytes} bytes; expected ${req.expectedSize}.`);
    }
    const type = state.contentType?.split(';')[0]?.trim().toLowerCase();
    if (
      descriptor !== undefined &&
      type !== undefined &&
      type !== 'application/octet-stream' &&
      !descriptor.types.some((t) => t.toLowerCase() === type)
    ) {
      return mismatch(
        `The object is of type ${type}; the download descriptor lists ${descriptor.types.join(', ')}.`,
      );
    }
    const wanted =
      req.expectedSha256 ?? digestFromFragment(req.url) ?? digestFromFragment(descriptor?.objectURI);
    if (wanted !== undefined) {
      const expected = normalizeSha256(wanted);
      if (expected !== sha256) {
        return failWith(
          req,
          new ScomoError(
            'SCOMO_PACKAGE_DIGEST',
            `The downloaded package's sha256 is ${sha256}; expected ${expected} (corrupted in transfer or substituted).`,
          ),
        );
      }
    }
    await rename(partFile(req.dest), req.dest);
    await syncDirectory(req.dest);
    await rm(`${req.dest}.part.json`, { force: true });
    req.onProgress?.(bytes, bytes);
    return {
      path: req.dest,
      bytes,
      sha256,
      objectUrl: state.objectUrl,
      resumed,
      ...(state.contentType === undefined ? {} : { contentType: state.contentType }),
      ...(descriptor === undefined ? {} : { descriptor }),
    };
  }

  /** A failure after which the partial object is worthless: discarded so a retry starts clean. */
  async function failWith(req: DownloadRequest, error: ScomoError): Promise<never> {
    await discardPart(req.dest);
    throw error;
  }

  /** The error to throw after the last attempt; partial bytes stay for a later resume unless useless. */
  async function finalFailure(req: DownloadRequest, error: ScomoError): Promise<ScomoError> {
    if (
      error.code === 'SCOMO_DOWNLOAD_MISMATCH' ||
      error.code === 'SCOMO_DOWNLOAD_TOO_LARGE' ||
      error.code === 'SCOMO_DOWNLOAD_DESCRIPTOR'
    ) {
      await discardPart(req.dest);
    }
    return error;
  }

  return {
    download: async (req) => {
      try {
        return await download(req);
      } catch (err) {
        if (isScomoError(err)) throw err;
        throw thrownFailure(err, req.url, req.signal).error;
      }
    },
    notifyInstallStatus: (uri, status, signal) => notifyInstallStatus(http, uri, status, signal),
    fetchSmall: (url, max, signal) => fetchSmall(http, url, max, signal),
    close: () => agent.close(),
  };
}
