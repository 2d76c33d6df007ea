import { truncate } from 'node:fs/promises';
import { request } from 'undici';
import type { SpaceGuard } from '../packages/index.ts';
import { MAX_DESCRIPTOR_BYTES, parseDescriptor } from './descriptor.ts';
import type { DownloadDescriptor } from './descriptor.ts';
import { downloadError } from './errors.ts';
import { statusFailure } from './failures.ts';
import { authorizationFrom, checkUrl, header, isDescriptor, notifyInstallStatus, readSmall } from './http.ts';
import type { HttpContext } from './http.ts';
import { streamToPart } from './part-writer.ts';
import { partFile, savePartState } from './part-state.ts';
import type { PartState } from './part-state.ts';
import type { Sha256Stream } from './sha256-stream.ts';
import type { DownloadRequest, Hashing } from './types.ts';
import { withoutFragment } from './url.ts';

export interface AttemptContext {
  readonly http: HttpContext;
  readonly maxBytes: number;
  readonly space: SpaceGuard | undefined;
  readonly checkpointBytes: number;
  readonly progressIntervalBytes: number;
  readonly newHasher: () => Sha256Stream;
}

/**
 * One HTTP request for the object (or its descriptor): a Range request with If-Range when bytes are
 * on disk, the answer checked (status, Content-Range, size against the descriptor and the limits), the
 * transfer state saved, then the body streamed to the `.part` file. Throws on failure; the caller
 * decides on retrying. `holder.state` is updated as soon as the answer's validators are known.
 */
export type AttemptOutcome =
  | { kind: 'done'; state: PartState; bytes: number; resumed: boolean }
  | { kind: 'descriptor'; state: PartState; descriptor: DownloadDescriptor }
  | { kind: 'restart'; state: PartState };

export async function attempt(
  ctx: AttemptContext,
  req: DownloadRequest,
  holder: { state: PartState },
  offset: number,
  hashing: Hashing,
): Promise<AttemptOutcome> {
  const state = holder.state;
  const url = state.objectUrl;
  const validator = state.etag ?? state.lastModified;
  const ranged = offset > 0 && validator !== undefined;
  if (offset > 0 && !ranged) return { kind: 'restart', state: { ...state, syncedBytes: 0 } };
  const response = await request(withoutFragment(url), {
    dispatcher: ctx.http.dispatcher,
    method: 'GET',
    headers: {
      'user-agent': ctx.http.userAgent,
      accept: '*/*',
      ...authorizationFrom(url),
      ...req.headers,
      ...(ranged ? { range: `bytes=${offset}-`, 'if-range': validator } : {}),
    },
    ...(req.signal === undefined ? {} : { signal: req.signal }),
  });
  const { statusCode, headers, body } = response;
  const contentType = header(headers, 'content-type');
  try {
    if (statusCode === 416 && ranged) {
      const complete = /^bytes \*\/(\d+)$/.exec(header(headers, 'content-range') ?? '');
      if (complete !== null && Number(complete[1]) === offset && state.total === offset) {
        return { kind: 'done', state, bytes: offset, resumed: true };
      }
      return { kind: 'restart', state: { ...state, syncedBytes: 0 } };
    }
    if (statusCode !== 200 && statusCode !== 206) {
      throw statusFailure(statusCode, url).error;
    }
    if (isDescriptor(contentType) && offset === 0) {
      if (state.descriptor !== undefined)
        throw downloadError(
          'SCOMO_DOWNLOAD_DESCRIPTOR',
          `The descriptor's objectURI ${url} is itself a download descriptor.`,
        );
      const parsed = parseDescriptor(await readSmall(body, MAX_DESCRIPTOR_BYTES, url), url);
      if (!parsed.ok) {
        if (parsed.installNotifyURI !== undefined)
          await notifyInstallStatus(ctx.http, parsed.installNotifyURI, parsed.status, req.signal);
        throw parsed.error;
      }
      const descriptor = parsed.descriptor;
      checkUrl(descriptor.objectURI, 'The descriptor objectURI');
      return {
        kind: 'descriptor',
        descriptor,
        state: {
          version: 1,
          sourceUrl: state.sourceUrl,
          objectUrl: descriptor.objectURI,
          descriptor,
          syncedBytes: 0,
        },
      };
    }
    let start = 0;
    let total: number | undefined;
    if (statusCode === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(headers, 'content-range') ?? '');
      if (range === null || Number(range[1]) !== offset) {
        // Not the range asked for: the safe reaction is to start over.
        return { kind: 'restart', state: { ...state, syncedBytes: 0 } };
      }
      start = offset;
      total = range[3] === '*' ? undefined : Number(range[3]);
    } else {
      const length = header(headers, 'content-length');
      total = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    }
    const etag = header(headers, 'etag');
    const lastModified = header(headers, 'last-modified');
    const next: PartState = {
      version: 1,
      sourceUrl: state.sourceUrl,
      objectUrl: url,
      ...(state.descriptor === undefined ? {} : { descriptor: state.descriptor }),
      ...(etag !== undefined && !etag.startsWith('W/') ? { etag } : {}),
      ...(lastModified === undefined ? {} : { lastModified }),
      ...(total === undefined ? {} : { total }),
      ...(contentType === undefined ? {} : { contentType }),
      syncedBytes: start,
    };
    const expected = req.expectedSize ?? state.descriptor?.size;
    if (total !== undefined && total > ctx.maxBytes) {
      throw downloadError(
        'SCOMO_DOWNLOAD_TOO_LARGE',
        `${url} is ${total} bytes; the agent accepts at most ${ctx.maxBytes}.`,
      );
    }
    if (total !== undefined && expected !== undefined && total !== expected) {
      throw downloadError(
        'SCOMO_DOWNLOAD_MISMATCH',
        `${url} is ${total} bytes, but ${req.expectedSize === undefined ? 'the download descriptor says' : 'the server said'} ${expected}.`,
      );
    }
    if (start === 0 && offset > 0) {
      // 200 to a Range request: the object changed (If-Range failed) or Range is not supported.
      await truncate(partFile(req.dest), 0);
      hashing.hasher.dispose();
      hashing.hasher = ctx.newHasher();
      hashing.bytes = 0;
    }
    await savePartState(req.dest, next);
    holder.state = next;
    if (ctx.space !== undefined && total !== undefined)
      await ctx.space.ensure(total - start, `downloading ${url}`);
    const meter = ctx.space === undefined ? undefined : await ctx.space.meter(`downloading ${url}`);
    const bytes = await streamToPart({
      file: partFile(req.dest),
      start,
      body,
      hashing,
      total,
      maxBytes: ctx.maxBytes,
      url,
      meter,
      checkpointBytes: ctx.checkpointBytes,
      onCheckpoint: async (durable) => {
        next.syncedBytes = durable;
        await savePartState(req.dest, next);
      },
      progressIntervalBytes: ctx.progressIntervalBytes,
      onProgress: req.onProgress,
    });
    if (total !== undefined && bytes < total) {
      throw downloadError(
        'SCOMO_DOWNLOAD_UNREACHABLE',
        `${url} ended the transfer after ${bytes} of ${total} bytes.`,
      );
    }
    return { kind: 'done', state: next, bytes, resumed: start > 0 };
  } finally {
    // Whatever was not read (an error answer, an abandoned body) must not hold the connection;
    // dump() reads a little and then drops the connection without raising an error.
    await body.dump({ limit: 64 * 1024 }).catch(() => {});
  }
}
