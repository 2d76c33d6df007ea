/**
 * The package repository, the SCOMO Alternate Download Server (DESIGN.md), on fastify:
 *
 *   GET|HEAD /dl/<token>          the package: Range (one range; 206/416), ETag (sha256),
 *                                 If-None-Match / If-Modified-Since (304), If-Range
 *   GET|HEAD /dl/<token>.sig      its detached Ed25519 signature (404 when unsigned)
 *   GET|HEAD /dl/<token>/dd       its OMA DL 1.0 download descriptor
 *   POST     /dl/<token>/notify   the descriptor's installNotifyURI ("900 Success"), recorded on the job
 *
 * The token is checked by the SCOMO service (HMAC, expiry): forged or expired → 403, a package no
 * longer stored → 404. The core does the deciding; this file only translates HTTP.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DownloadLookup, ScomoService } from '../../server/index.ts';
import { DD_CONTENT_TYPE, downloadDescriptor } from './descriptor.ts';
import { decideRange, etagFor, notModified, rangeStillApplies } from './range.ts';

export interface RepositoryOptions {
  readonly scomo: ScomoService;
  /** A path prefix before `/dl` (e.g. `/repo`; fastify's register prefix); default none. */
  readonly prefix?: string;
}

const NOTIFY_BODY_LIMIT = 4096;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  416: 'Range Not Satisfiable',
};

function problem(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ statusCode: status, error: REASONS[status] ?? 'Error', code, message });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refuse(reply: FastifyReply, lookup: Extract<DownloadLookup, { ok: false }>): FastifyReply {
  const code = lookup.status === 403 ? 'SCOMO_REPOSITORY_FORBIDDEN' : 'SCOMO_REPOSITORY_NOT_FOUND';
  return problem(reply, lookup.status, code, sentence(lookup.reason));
}

function sentence(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}.`;
}

async function sendDescriptor(
  scomo: ScomoService,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  found: Extract<DownloadLookup, { ok: true }>,
): Promise<FastifyReply> {
  const urls = scomo.repositoryUrls(token, found.package.sha256);
  const component = found.package.components.length === 1 ? found.package.components[0] : undefined;
  const text = downloadDescriptor({
    objectURI: urls.package,
    size: found.blob.size,
    type: found.package.contentType,
    name: `${found.package.packageId} ${found.package.version}`,
    installNotifyURI: urls.notify,
    ...(component?.description === null || component?.description === undefined
      ? {}
      : { description: component.description }),
  });
  reply.code(200).type(DD_CONTENT_TYPE).header('cache-control', 'private, no-store');
  return reply.send(request.method === 'HEAD' ? undefined : text);
}

async function sendPackage(
  scomo: ScomoService,
  request: FastifyRequest,
  reply: FastifyReply,
  found: Extract<DownloadLookup, { ok: true }>,
): Promise<FastifyReply> {
  const size = found.blob.size;
  const etag = etagFor(found.package.sha256);
  const lastModified = found.package.addedAt;
  reply
    .header('etag', etag)
    .header('last-modified', new Date(lastModified).toUTCString())
    .header('accept-ranges', 'bytes')
    // Per-device URLs: never shared by caches; no proxy may recompress the bytes the digest covers.
    .header('cache-control', 'private, no-transform');
  const conditions = {
    ifNoneMatch: header(request, 'if-none-match'),
    ifModifiedSince: header(request, 'if-modified-since'),
  };
  if (notModified(conditions, etag, lastModified)) return reply.code(304).send();
  const range = rangeStillApplies(header(request, 'if-range'), etag, lastModified)
    ? decideRange(header(request, 'range'), size)
    : ({ kind: 'full' } as const);
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    return problem(
      reply,
      416,
      'SCOMO_REPOSITORY_RANGE',
      `The requested range is outside the package's ${size} bytes.`,
    );
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end + 1 : size;
  reply
    .code(range.kind === 'partial' ? 206 : 200)
    .type(found.package.contentType)
    .header('content-length', String(end - start));
  if (range.kind === 'partial') reply.header('content-range', `bytes ${range.start}-${range.end}/${size}`);
  if (found.package.fileName !== null) {
    reply.header(
      'content-disposition',
      `attachment; filename="${found.package.fileName.replace(/["\\\r\n]/g, '_')}"`,
    );
  }
  if (request.method === 'HEAD' || end === start) return reply.send();
  return reply.send(Readable.from(await scomo.readPackage(found.package.sha256, { start, end })));
}

/** `<token>`, `<token>.sig`, `<token>/dd`, `<token>/notify`: what a path below `/dl/` asks for. */
function resource(
  path: string,
): { token: string; kind: 'package' | 'signature' | 'descriptor' | 'notify' } | null {
  const match = /^([A-Za-z0-9_.-]+?)(\.sig|\/dd|\/notify)?$/.exec(path);
  if (match?.[1] === undefined) return null;
  const kind =
    match[2] === '.sig'
      ? 'signature'
      : match[2] === '/dd'
        ? 'descriptor'
        : match[2] === '/notify'
          ? 'notify'
          : 'package';
  return { token: match[1], kind };
}

type Wildcard = { '*': string };

export async function repositoryRoutes(app: FastifyInstance, options: RepositoryOptions): Promise<void> {
  const { scomo } = options;
  // A wildcard, not `:token`: the router bounds parameters to 100 characters by default. The prefix
  // option is applied by fastify's register (encapsulation), not here.
  const url = '/dl/*';

  // The install notification is a short status line (OMA DL §6.2), whatever type the device says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: NOTIFY_BODY_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.route<{ Params: Wildcard }>({
    method: ['GET', 'HEAD'],
    url,
    handler: async (request, reply) => {
      const target = resource(request.params['*']);
      if (target === null)
        return problem(reply, 404, 'SCOMO_REPOSITORY_NOT_FOUND', 'No such repository resource.');
      if (target.kind === 'notify') {
        reply.header('allow', 'POST');
        return problem(reply, 405, 'SCOMO_REPOSITORY_METHOD', 'POST the install status here.');
      }
      const found = await scomo.openDownload(target.token);
      if (!found.ok) return refuse(reply, found);
      if (target.kind === 'package') return sendPackage(scomo, request, reply, found);
      if (target.kind === 'descriptor') return sendDescriptor(scomo, request, reply, target.token, found);
      const bytes = await scomo.packageSignature(found.package.sha256);
      if (bytes === null)
        return problem(reply, 404, 'SCOMO_REPOSITORY_NOT_FOUND', 'The package is not signed.');
      reply.code(200).type('application/octet-stream').header('content-length', String(bytes.length));
      return reply.send(request.method === 'HEAD' ? undefined : Buffer.from(bytes));
    },
  });

  app.post<{ Params: Wildcard; Body: string }>(url, async (request, reply) => {
    const target = resource(request.params['*']);
    if (target === null)
      return problem(reply, 404, 'SCOMO_REPOSITORY_NOT_FOUND', 'No such repository resource.');
    if (target.kind !== 'notify') {
      reply.header('allow', 'GET, HEAD');
      return problem(reply, 405, 'SCOMO_REPOSITORY_METHOD', 'Use GET, HEAD here.');
    }
    const outcome = await scomo.recordDownloadNotice(
      target.token,
      typeof request.body === 'string' ? request.body : '',
    );
    if (!outcome.ok) {
      const code =
        outcome.status === 400
          ? 'SCOMO_REPOSITORY_BAD_NOTICE'
          : outcome.status === 403
            ? 'SCOMO_REPOSITORY_FORBIDDEN'
            : 'SCOMO_REPOSITORY_NOT_FOUND';
      return problem(reply, outcome.status, code, sentence(outcome.reason));
    }
    request.log.info({ job: outcome.jobId, status: outcome.status }, 'download install notification');
    return reply.code(200).type('text/plain; charset=utf-8').send('OK');
  });

  app.route({
    method: ['PUT', 'DELETE', 'PATCH'],
    url,
    handler: async (request, reply) => {
      const allowed = request.url.endsWith('/notify') ? 'POST' : 'GET, HEAD';
      reply.header('allow', allowed);
      return problem(reply, 405, 'SCOMO_REPOSITORY_METHOD', `Use ${allowed} here.`);
    },
  });
}

/**
 * Mounts the repository on a fastify instance (before it listens):
 *
 *   const app = buildHttpServer({ server });
 *   registerRepository(app, { scomo });
 */
export function registerRepository(app: FastifyInstance, options: RepositoryOptions): void {
  void app.register(repositoryRoutes, options);
}
